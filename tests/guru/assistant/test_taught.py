"""Editors list, correct and withdraw what they taught Doris; she follows at once."""

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from guru.assistant.models import CuratedAnswer, Variant
from guru.assistant.selectors import doris_answer
from guru.assistant.services import curated_answer_add, variant_add

pytestmark = pytest.mark.django_db

UNKNOWN = "Vem skriver under avslaget?"
SECTION = "krav-pa-motivering"
LIST = reverse("assistant:taught")


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


def _url(name: str, item) -> str:
    kind = "formulering" if isinstance(item, Variant) else "svar"
    return reverse(f"assistant:{name}", args=[kind, item.pk])


def test_editor_corrects_an_answer_and_doris_gives_the_new_text_at_once(
    client, handbook, caseworker, editor
):
    # given an editor's answer that Doris gives, with a wrong figure
    answer = _answer(handbook, editor)
    assert "8 miljoner" in doris_answer(question=UNKNOWN, user=caseworker).text

    # when an editor corrects it on the list's edit page
    client.force_login(editor)
    response = client.post(
        _url("taught_edit", answer),
        {"question_text": UNKNOWN, "text": "Stödet är högst 3 miljoner kronor."},
        follow=True,
    )

    # then Doris gives the new text to the next asker, and the change is signed
    assert "Ändringen är sparad. Doris använder den nu." in response.text
    result = doris_answer(question=UNKNOWN, user=caseworker)
    assert result.curated
    assert result.text == "Stödet är högst 3 miljoner kronor."
    answer.refresh_from_db()
    assert answer.updated_by == editor
    assert answer.updated_at is not None
    assert answer.created_by == editor


def test_editor_changes_a_variants_wording_and_doris_matches_the_new_one(
    client, handbook, caseworker, editor
):
    # given a variant with another wording; Doris is unsure about UNKNOWN
    variant = _variant(handbook, editor, text="Vilken chef signerar beslutet?")
    assert doris_answer(question=UNKNOWN, user=caseworker).status == "unsure"

    # when an editor changes its wording
    client.force_login(editor)
    client.post(_url("taught_edit", variant), {"text": UNKNOWN})

    # then Doris answers the new wording from the section
    result = doris_answer(question=UNKNOWN, user=caseworker)
    assert result.status == "answered"
    assert result.source.anchor == SECTION


def test_editor_removes_a_variant_doris_no_longer_matches_it_and_the_row_stays(
    client, handbook, caseworker, editor
):
    # given a variant that makes Doris answer UNKNOWN
    variant = _variant(handbook, editor)
    assert doris_answer(question=UNKNOWN, user=caseworker).status == "answered"

    # when an editor removes it, saying why
    client.force_login(editor)
    assert "Ta bort formuleringen" in client.get(_url("taught_withdraw", variant)).text
    response = client.post(
        _url("taught_withdraw", variant), {"reason": "Fel avsnitt."}, follow=True
    )

    # then Doris no longer matches it, and the row keeps who, when and why
    assert "Formuleringen är borttagen." in response.text
    assert doris_answer(question=UNKNOWN, user=caseworker).status == "unsure"
    variant.refresh_from_db()
    assert variant.deleted_by == editor
    assert variant.deleted_at is not None
    assert variant.deleted_reason == "Fel avsnitt."
    # hidden from the list unless the editor asks to see removals
    assert f"”{UNKNOWN}”" not in client.get(LIST).text
    html = client.get(LIST, {"borttagna": "1"}).text
    assert f"”{UNKNOWN}”" in html
    assert f"Borttagen av {editor} " in html
    assert "Fel avsnitt." in html


def test_editor_removes_an_answer_and_doris_no_longer_gives_it(
    client, handbook, caseworker, editor
):
    answer = _answer(handbook, editor)
    assert doris_answer(question=UNKNOWN, user=caseworker).curated

    client.force_login(editor)
    response = client.post(_url("taught_withdraw", answer), {"reason": ""}, follow=True)

    assert "Svaret är borttaget. Doris ger det inte längre." in response.text
    result = doris_answer(question=UNKNOWN, user=caseworker)
    assert not result.curated
    assert "8 miljoner" not in result.text
    assert CuratedAnswer.objects.get().deleted_by == editor


def test_a_removed_answer_can_be_restored_and_doris_gives_it_again(
    client, handbook, caseworker, editor, second_editor
):
    # given an answer removed by one editor
    answer = _answer(handbook, editor)
    client.force_login(editor)
    client.post(_url("taught_withdraw", answer), {"reason": "Osäker siffra."})
    assert not doris_answer(question=UNKNOWN, user=caseworker).curated

    # when another editor restores it
    client.force_login(second_editor)
    response = client.post(_url("taught_restore", answer), follow=True)

    # then Doris gives it again; the restore is its last change
    assert "Svaret är återställt. Doris ger det igen." in response.text
    assert doris_answer(question=UNKNOWN, user=caseworker).curated
    answer.refresh_from_db()
    assert answer.deleted_at is None
    assert answer.updated_by == second_editor


def test_removing_twice_keeps_the_first_removal(
    client, handbook, editor, second_editor
):
    variant = _variant(handbook, editor)
    client.force_login(editor)
    client.post(_url("taught_withdraw", variant), {"reason": "Först."})

    client.force_login(second_editor)
    html = client.get(_url("taught_withdraw", variant)).text
    client.post(_url("taught_withdraw", variant), {"reason": "Sedan."})

    assert "Det här är redan borttaget." in html
    variant.refresh_from_db()
    assert (variant.deleted_by, variant.deleted_reason) == (editor, "Först.")


def test_a_removed_variant_cannot_be_edited_until_restored(client, handbook, editor):
    variant = _variant(handbook, editor)
    client.force_login(editor)
    client.post(_url("taught_withdraw", variant), {"reason": ""})

    html = client.post(_url("taught_edit", variant), {"text": "Ny lydelse?"}).text

    assert "Det går inte att ändra något som är borttaget." in html
    assert "Ny lydelse?" in html
    variant.refresh_from_db()
    assert variant.text == UNKNOWN


def test_an_edit_with_missing_or_too_long_text_says_so_and_keeps_the_input(
    client, handbook, caseworker, editor
):
    answer = _answer(handbook, editor)
    client.force_login(editor)

    # an empty answer: the message, and the question as typed, answered 422
    response = client.post(
        _url("taught_edit", answer), {"question_text": "Ändrad fråga?", "text": "  "}
    )
    assert response.status_code == 422
    html = response.text
    assert "Skriv svaret." in html
    assert "Ändrad fråga?" in html

    # an answer that is too long: how much too long, and all of it kept
    too_long = "x" * 1001
    html = client.post(
        _url("taught_edit", answer), {"question_text": UNKNOWN, "text": too_long}
    ).text
    assert "Skriv högst 1000 tecken (nu 1001)." in html
    assert too_long in html

    # a reason for a removal that is too long
    response = client.post(_url("taught_withdraw", answer), {"reason": "y" * 501})
    assert response.status_code == 422
    html = response.text
    assert "Skriv högst 500 tecken (nu 501)." in html
    assert "y" * 501 in html

    # an empty wording of a variant
    variant = _variant(handbook, editor, text="Vem undertecknar?")
    html = client.post(_url("taught_edit", variant), {"text": ""}).text
    assert "Skriv formuleringen." in html

    # nothing changed
    answer.refresh_from_db()
    assert answer.deleted_at is None
    assert answer.question_text == UNKNOWN
    assert "8 miljoner" in answer.text
    assert "8 miljoner" in doris_answer(question=UNKNOWN, user=caseworker).text


def test_edits_and_reasons_are_stored_with_personal_data_masked(
    client, handbook, editor
):
    answer = _answer(handbook, editor)
    variant = _variant(handbook, editor, text="Vem undertecknar?")
    client.force_login(editor)

    client.post(
        _url("taught_edit", answer),
        {"question_text": "Gäller 19121212-1212?", "text": "Ja, se a@b.se."},
    )
    client.post(_url("taught_edit", variant), {"text": "Gäller 19121212-1212?"})
    client.post(_url("taught_withdraw", variant), {"reason": "Bad av 19121212-1212"})

    answer.refresh_from_db()
    variant.refresh_from_db()
    assert "19121212-1212" not in answer.question_text
    assert "a@b.se" not in answer.text
    assert "19121212-1212" not in variant.text
    assert "19121212-1212" not in variant.deleted_reason


def test_the_list_shows_what_was_taught_newest_first_with_its_source(
    client, handbook, caseworker, editor
):
    # given a variant taught from a logged question, then an answer
    client.force_login(caseworker)
    client.post("/doris/", {"fraga": UNKNOWN})
    from guru.assistant.models import Question

    question = Question.objects.get()
    page = handbook["beslutsmotivering"]
    variant_add(
        editor=editor,
        page=page,
        anchor=SECTION,
        text="Vem signerar?",
        question=question,
    )
    _answer(handbook, editor)

    # when an editor opens the list from the dashboard
    client.force_login(editor)
    assert f'href="{LIST}"' in client.get(reverse("assistant:dashboard")).text
    html = client.get(LIST).text

    # then the answer comes first, and each row shows section, teacher and question
    assert "Det Doris har lärt sig" in html
    assert html.index("8 miljoner") < html.index("”Vem signerar?”")
    assert f'href="{page.url}#{SECTION}"' in html
    assert "Beslutsmotivering › Krav på motivering" in html
    assert f"Av {editor} " in html
    assert f'href="{reverse("assistant:question", args=[question.pk])}"' in html


def test_the_list_filters_by_kind_and_text(client, handbook, editor):
    _variant(handbook, editor, text="Vem signerar?")
    _answer(handbook, editor)
    client.force_login(editor)

    only_variants = client.get(LIST, {"visa": "formulering"}).text
    only_answers = client.get(LIST, {"visa": "svar"}).text
    searched = client.get(LIST, {"q": "MILJONER"}).text
    nothing = client.get(LIST, {"q": "cykel"}).text

    assert "Vem signerar?" in only_variants and "8 miljoner" not in only_variants
    assert "8 miljoner" in only_answers and "Vem signerar?" not in only_answers
    assert "8 miljoner" in searched and "Vem signerar?" not in searched
    assert "Inget matchar urvalet." in nothing


def test_the_list_is_paginated_and_keeps_the_filter(client, handbook, editor):
    for number in range(26):
        _variant(handbook, editor, text=f"Formulering nummer {number:02d}")
    client.force_login(editor)

    first = client.get(LIST, {"visa": "formulering"}).text
    second = client.get(LIST, {"visa": "formulering", "sida": "2"}).text

    assert "Sida 1 av 2" in first
    assert "?visa=formulering&amp;sida=2" in first
    assert "Formulering nummer 25" in first and "nummer 00" not in first
    assert "Formulering nummer 00" in second and "nummer 25" not in second


def test_caseworkers_get_403_on_everything_taught(client, handbook, caseworker, editor):
    variant = _variant(handbook, editor)
    answer = _answer(handbook, editor)
    urls = [LIST] + [
        _url(name, item)
        for name in ("taught_edit", "taught_withdraw", "taught_restore")
        for item in (variant, answer)
    ]
    client.force_login(caseworker)

    for url in urls:
        assert client.get(url).status_code in (403, 405), url
        assert client.post(url, {"text": "x", "reason": "x"}).status_code == 403, url

    assert (
        Variant.objects.active().count() == CuratedAnswer.objects.active().count() == 1
    )
    assert Variant.objects.get().text == UNKNOWN


def test_an_editor_who_may_not_view_a_page_sees_nothing_taught_on_it(
    client, handbook, editor, second_editor
):
    from django.contrib.auth.models import Group

    # given an answer on a page that only another group may view
    answer = _answer(handbook, second_editor)
    restriction = PageViewRestriction.objects.create(
        page=handbook["beslutsmotivering"],
        restriction_type=PageViewRestriction.GROUPS,
    )
    restriction.groups.add(Group.objects.create(name="Ledningsgruppen hemlig"))

    # then the editor does not see it, cannot search for it and cannot touch it
    client.force_login(editor)
    assert "8 miljoner" not in client.get(LIST).text
    assert "8 miljoner" not in client.get(LIST, {"q": "miljoner"}).text
    assert client.get(_url("taught_edit", answer)).status_code == 403
    assert client.post(_url("taught_withdraw", answer)).status_code == 403
    assert CuratedAnswer.objects.active().count() == 1


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


def test_nobody_teaches_doris_on_a_page_they_may_not_view(handbook, editor, restrict):
    from django.core.exceptions import PermissionDenied

    from guru.accounts.roles import Role

    restrict(handbook["beslutsmotivering"], roles=(Role.LEDNINGSGRUPP,))

    with pytest.raises(PermissionDenied):
        _variant(handbook, editor)
    with pytest.raises(PermissionDenied):
        _answer(handbook, editor)
    assert not Variant.objects.exists()
    assert not CuratedAnswer.objects.exists()


def test_only_an_editor_who_may_view_the_page_corrects_what_was_taught_on_it(
    handbook, editor, restrict
):
    from django.core.exceptions import PermissionDenied

    from guru.accounts.roles import Role
    from guru.assistant.services import (
        curated_answer_edit,
        taught_restore,
        taught_withdraw,
        variant_edit,
    )
    from tests.factories import UserFactory

    # given a variant and an answer on a page that only the management group
    # may view, and an editor inside that group
    variant, answer = _variant(handbook, editor), _answer(handbook, editor)
    restrict(handbook["beslutsmotivering"], roles=(Role.LEDNINGSGRUPP,))
    insider = UserFactory(username="ledning", roles=[Role.REDAKTOR, Role.LEDNINGSGRUPP])

    # then the editor outside the group may not edit, withdraw or restore them
    with pytest.raises(PermissionDenied):
        variant_edit(editor=editor, variant=variant, text="Vem undertecknar?")
    with pytest.raises(PermissionDenied):
        curated_answer_edit(
            editor=editor, curated=answer, question_text=UNKNOWN, text="Nej."
        )
    for item in (variant, answer):
        with pytest.raises(PermissionDenied):
            taught_withdraw(editor=editor, taught=item, reason="fel")
    assert Variant.objects.active().count() == CuratedAnswer.objects.active().count()
    assert Variant.objects.get().text == UNKNOWN
    assert CuratedAnswer.objects.get().text == "Stödet är högst 8 miljoner kronor."

    # and the editor inside it may do all three
    variant_edit(editor=insider, variant=variant, text="Vem undertecknar?")
    curated_answer_edit(
        editor=insider, curated=answer, question_text=UNKNOWN, text="Chefen."
    )
    for item in (variant, answer):
        taught_withdraw(editor=insider, taught=item, reason="fel")
        with pytest.raises(PermissionDenied):
            taught_restore(editor=editor, taught=item)
        assert type(item).objects.get(pk=item.pk).withdrawn
        taught_restore(editor=insider, taught=item)
    assert Variant.objects.active().get().text == "Vem undertecknar?"
    assert CuratedAnswer.objects.active().get().text == "Chefen."
