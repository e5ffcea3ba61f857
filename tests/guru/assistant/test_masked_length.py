"""What editors teach Doris is masked before it is stored; a text that the masks
make longer than its limit is refused with the length after masking, never cut."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from guru.assistant.models import CuratedAnswer, Question, Variant
from guru.assistant.services import (
    curated_answer_add,
    curated_answer_edit,
    question_reply,
    taught_withdraw,
    variant_add,
)

pytestmark = pytest.mark.django_db

SECTION = "krav-pa-motivering"
# "a@b.se" (6 characters) is stored as "[e-postadress]" (14): 8 more.
EMAIL = "a@b.se"


def _grows_past(limit: int) -> str:
    """A text of ``limit - 5`` characters that is ``limit + 3`` once masked."""
    start = f"Gäller det {EMAIL} "
    return start + "x" * (limit - 5 - len(start))


def _answer(handbook, editor) -> CuratedAnswer:
    return curated_answer_add(
        editor=editor,
        page=handbook["beslutsmotivering"],
        anchor=SECTION,
        question_text="Vem skriver under avslaget?",
        text="Beslutsfattaren.",
    )


def _teach(client, question, kind, **fields):
    data = {f"{kind}-{name}": value for name, value in fields.items()}
    return client.post(
        reverse("assistant:question", args=[question.pk]),
        {**data, "kind": kind, "sok": "motivering"},
    )


def test_a_wording_that_masking_makes_too_long_is_refused_on_the_form_and_kept(
    client, handbook, caseworker, editor
):
    # given a logged question, and an editor who types a wording of 495
    # characters that holds an e-mail address (503 once masked)
    client.force_login(caseworker)
    client.post("/doris/", {"fraga": "Vem skriver under avslaget?"})
    question = Question.objects.get()
    page = handbook["beslutsmotivering"]
    typed = _grows_past(500)
    assert len(typed) == 495

    # when they add it as a wording of a section
    client.force_login(editor)
    response = _teach(
        client, question, "variant", section=f"{page.pk}#{SECTION}", text=typed
    )

    # then it is refused with the limit and the length after masking, the
    # wording is kept as typed, and nothing is saved or answered
    assert response.status_code == 422
    html = response.text
    assert (
        "Skriv högst 500 tecken (nu 503 när personnummer och e-postadresser "
        "är maskerade)." in html
    )
    assert f'value="{typed}"' in html
    assert not Variant.objects.exists()
    question.refresh_from_db()
    assert question.handled_at is None


def test_a_curated_question_or_answer_that_masking_makes_too_long_is_refused(
    client, handbook, caseworker, editor
):
    # given an editor's answer
    answer = _answer(handbook, editor)
    client.force_login(editor)
    url = reverse("assistant:taught_edit", args=["svar", answer.pk])

    # when they correct its question, and then its text, to something the
    # masks make too long
    question_typed = _grows_past(500)
    on_question = client.post(url, {"question_text": question_typed, "text": "Ja."})
    text_typed = _grows_past(1000)
    on_text = client.post(url, {"question_text": "Vem?", "text": text_typed})

    # then each is refused on its field with what was typed kept
    assert on_question.status_code == on_text.status_code == 422
    assert "Skriv högst 500 tecken (nu 503 när" in on_question.text
    assert f'value="{question_typed}"' in on_question.text
    assert "Skriv högst 1000 tecken (nu 1003 när" in on_text.text
    assert f"{text_typed}</textarea>" in on_text.text
    answer.refresh_from_db()
    assert (answer.question_text, answer.text) == (
        "Vem skriver under avslaget?",
        "Beslutsfattaren.",
    )


def test_the_services_refuse_what_masking_makes_too_long_and_save_nothing(
    handbook, caseworker, editor
):
    # given a section, and texts that masking makes 3 characters too long
    page = handbook["beslutsmotivering"]
    wording, answer = _grows_past(500), _grows_past(1000)

    # when a caller other than the forms teaches Doris with them
    with pytest.raises(ValidationError) as on_variant:
        variant_add(editor=editor, page=page, anchor=SECTION, text=wording)
    with pytest.raises(ValidationError) as on_curated:
        curated_answer_add(
            editor=editor,
            page=page,
            anchor=SECTION,
            question_text=wording,
            text=answer,
        )

    # then the error names the field, the limit and the length after masking,
    # and nothing is saved
    assert on_variant.value.message_dict == {
        "text": [
            "Skriv högst 500 tecken (nu 503 när personnummer och e-postadresser "
            "är maskerade)."
        ]
    }
    assert set(on_curated.value.message_dict) == {"question_text", "text"}
    assert "(nu 1003 när" in on_curated.value.message_dict["text"][0]
    assert not Variant.objects.exists()
    assert not CuratedAnswer.objects.exists()


def test_an_edit_or_reply_that_masking_makes_too_long_is_refused_by_the_service(
    handbook, caseworker, editor
):
    # given an editor's answer and a logged question
    answer = _answer(handbook, editor)
    question = Question.objects.create(
        user=caseworker, text="Var parkerar jag?", status="unsure"
    )

    # when an edit and a reply grow past their limits once masked
    with pytest.raises(ValidationError) as on_edit:
        curated_answer_edit(
            editor=editor,
            curated=answer,
            question_text=_grows_past(500),
            text="Ja.",
        )
    with pytest.raises(ValidationError) as on_reply:
        question_reply(editor=editor, question=question, text=_grows_past(1000))

    # then both are refused, and neither is stored cut
    assert list(on_edit.value.message_dict) == ["question_text"]
    assert list(on_reply.value.message_dict) == ["text"]
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.question_text == "Vem skriver under avslaget?"
    assert question.handled_at is None
    assert question.editor_reply == ""


def test_a_logged_question_longer_than_a_wording_is_shown_whole_and_refused(
    client, handbook, caseworker, editor
):
    # given a question of 495 characters that is logged masked, 503 long
    client.force_login(caseworker)
    client.post("/doris/", {"fraga": _grows_past(500)})
    question = Question.objects.get()
    assert len(question.text) == 503
    page = handbook["beslutsmotivering"]

    # when an editor opens it, the wording offered is the whole logged text
    client.force_login(editor)
    html = client.get(reverse("assistant:question", args=[question.pk])).text
    assert f'value="{question.text}"' in html

    # and adding it unchanged is refused with its length, and kept to shorten
    response = _teach(
        client,
        question,
        "variant",
        section=f"{page.pk}#{SECTION}",
        text=question.text,
    )
    assert response.status_code == 422
    assert "Skriv högst 500 tecken (nu 503)." in response.text
    assert f'value="{question.text}"' in response.text
    assert not Variant.objects.exists()


def test_a_removal_reason_that_masking_makes_too_long_is_refused_and_kept(
    client, handbook, editor
):
    # given an editor's answer, and a reason of 495 characters (503 masked)
    answer = _answer(handbook, editor)
    reason = _grows_past(500)
    client.force_login(editor)

    # when the editor removes the answer with that reason
    response = client.post(
        reverse("assistant:taught_withdraw", args=["svar", answer.pk]),
        {"reason": reason},
    )

    # then the removal is refused with the length after masking, the reason
    # is kept as typed, and Doris still gives the answer
    assert response.status_code == 422
    assert "Skriv högst 500 tecken (nu 503 när" in response.text
    assert f"{reason}</textarea>" in response.text
    answer.refresh_from_db()
    assert answer.deleted_at is None
    with pytest.raises(ValidationError) as on_service:
        taught_withdraw(editor=editor, taught=answer, reason=reason)
    assert list(on_service.value.message_dict) == ["reason"]


def test_a_wording_shortened_after_masking_still_closes_the_failing_question(
    client, handbook, caseworker, editor
):
    # given a long question with an e-mail address that Doris failed twice
    from tests.guru.assistant.test_editors import _failed

    client.force_login(caseworker)
    asked = _grows_past(500)
    for _ in range(2):
        client.post("/doris/", {"fraga": asked})
    stored = Question.objects.latest("pk").text
    assert _failed(client) == [(stored, 2)]
    # and an editor who follows it from "Frågor som oftast misslyckas", pastes
    # it as asked and is refused, since masking makes it too long
    client.force_login(editor)
    url = reverse("assistant:question", args=[Question.objects.latest("pk").pk])
    assert (
        f'<a href="{url}">”{stored}”</a> (2)'
        in client.get(reverse("assistant:dashboard")).text
    )
    section = f"{handbook['beslutsmotivering'].pk}#{SECTION}"
    wording = {"kind": "variant", "sok": "motivering", "variant-section": section}
    refused = client.post(url, {**wording, "variant-text": asked})
    assert "när personnummer och e-postadresser är maskerade" in refused.text

    # when they shorten the wording, so that its key is no longer the question's
    shortened = asked[:40]
    response = client.post(url, {**wording, "variant-text": shortened})

    # then it is taught, and the question no longer counts as failing
    assert response.status_code == 302
    assert Variant.objects.get().text_key != Question.objects.latest("pk").text_key
    assert _failed(client) == []
    assert f"”{stored}”" not in client.get(reverse("assistant:dashboard")).text
