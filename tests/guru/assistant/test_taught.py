"""Editors list, correct and withdraw what they taught Doris; she follows at once."""

import pytest
from django.db import IntegrityError
from django.utils import timezone

from guru.assistant.models import CuratedAnswer, Variant
from guru.assistant.services import curated_answer_add, variant_add

pytestmark = pytest.mark.django_db

UNKNOWN = "Vem skriver under avslaget?"
SECTION = "krav-pa-motivering"


def _variant(handbook, editor, text=UNKNOWN) -> Variant:
    return variant_add(
        editor=editor, page=handbook["beslutsmotivering"], anchor=SECTION, text=text
    )


def _answer(
    handbook, editor, text="Stödet är högst 8 miljoner kronor."
) -> CuratedAnswer:
    return curated_answer_add(
        editor=editor,
        page=handbook["beslutsmotivering"],
        anchor=SECTION,
        question_text=UNKNOWN,
        text=text,
    )


def test_a_removal_always_says_who_removed_it(handbook, editor):
    variant = _variant(handbook, editor)
    variant.deleted_at = timezone.now()
    with pytest.raises(IntegrityError):
        variant.save()


def test_the_index_leaves_out_withdrawn_variants_and_answers(handbook, editor):
    from guru.assistant.sections import sections_for_page
    from guru.assistant.services import taught_withdraw

    # given a variant and an answer on a page, both withdrawn
    page = handbook["beslutsmotivering"]
    taught_withdraw(editor=editor, taught=_variant(handbook, editor))
    taught_withdraw(editor=editor, taught=_answer(handbook, editor))

    # when Doris indexes the page
    sections = sections_for_page(page.specific)

    # then neither is part of it
    assert all(UNKNOWN not in s.questions for s in sections)
    assert all("~" not in s.id for s in sections)
