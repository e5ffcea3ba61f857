"""Editors see what is asked and teach Doris; the effect is immediate."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from guru.assistant.models import (
    CuratedAnswer,
    Question,
    SearchRequest,
    Synonym,
    Variant,
    question_key,
)
from guru.assistant.selectors import doris_answer
from guru.assistant.services import log_purge

pytestmark = pytest.mark.django_db

UNKNOWN = "Vem skriver under avslaget?"


def _ask(client, text):
    return client.post("/doris/", {"fraga": text}).content.decode()


def test_caseworkers_cannot_open_the_dashboard(client, handbook, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("assistant:dashboard")).status_code == 403


def test_the_doris_log_is_in_the_menu_only_for_those_who_may_open_it(
    client, handbook, units, editor
):
    from guru.accounts.roles import Role
    from tests.factories import UserFactory

    # a controller reaches the Wagtail admin (key figures) but not the Doris log
    controller = UserFactory(
        username="controller", unit=units["RÄTT-HS"], roles=[Role.CONTROLLER]
    )
    dashboard = reverse("assistant:dashboard")
    for user, may in [(controller, False), (editor, True)]:
        client.force_login(user)
        assert (client.get(dashboard).status_code == 200) is may
        assert (f'href="{dashboard}"' in client.get("/").content.decode()) is may


def test_dashboard_shows_figures_failed_questions_and_the_log(
    client, handbook, caseworker, editor
):
    # given two answered questions (one thumbs-down) and one unsure, asked twice
    client.force_login(caseworker)
    _ask(client, "Vad ska motiveringen ange?")
    _ask(client, "Hur lång tid har sökanden på sig för komplettering?")
    _ask(client, UNKNOWN)
    _ask(client, UNKNOWN)
    Question.objects.filter(text__startswith="Vad ska").update(helpful=False)

    # when an editor opens the dashboard
    client.force_login(editor)
    html = client.get(reverse("assistant:dashboard")).content.decode()

    # then the figures, the failing question and each answer with its source show
    assert "<dd>4</dd>" in html  # questions
    assert "<dd>50 %</dd>" in html  # answered and unsure alike
    # linked to the latest time it was asked, where an editor can teach Doris
    latest = Question.objects.filter(text=UNKNOWN).latest("pk")
    question_url = reverse("assistant:question", args=[latest.pk])
    assert f'<a href="{question_url}">”{UNKNOWN}”</a> (2)' in html
    assert "Beslutsmotivering › Krav på motivering" in html
    assert "Motiveringen ska ange vilka föreskrifter som tillämpats." in html


def _teach(client, question, **data):
    """Post the question page's form as its ``kind`` button does; the fields of
    each way to teach are named after it (``variant-text``)."""
    kind = data.get("kind")
    fields = {
        name if name in ("kind", "sok") else f"{kind}-{name}": value
        for name, value in data.items()
    }
    return client.post(
        reverse("assistant:question", args=[question.pk]), fields, follow=True
    )


def test_searching_for_a_section_keeps_what_the_editor_has_typed(
    client, handbook, caseworker, editor
):
    # given an editor who has typed a variant, an answer and a reply
    client.force_login(caseworker)
    _ask(client, UNKNOWN)
    question = Question.objects.get()
    client.force_login(editor)
    typed = {
        "variant-text": "Vem undertecknar ett avslag?",
        "curated-question_text": "Vem skriver under?",
        "curated-text": "Beslutsfattaren skriver under.\nSe delegationsordningen.",
        "reply-text": "Fråga din chef.",
    }
    html = client.get(reverse("assistant:question", args=[question.pk])).text
    assert 'name="sok"' in html and all(f'name="{name}"' in html for name in typed)

    # when they search for the section with other words
    response = client.post(
        reverse("assistant:question", args=[question.pk]),
        {**typed, "sok": "motivering", "kind": "search"},
    )

    # then the sections found are offered, and all they typed is still there
    assert response.status_code == 200
    html = response.text
    assert "Beslutsmotivering › Krav på motivering" in html
    assert 'value="Vem undertecknar ett avslag?"' in html
    assert 'value="Vem skriver under?"' in html
    assert (
        ">Beslutsfattaren skriver under.\nSe delegationsordningen.</textarea>" in html
    )
    assert ">Fråga din chef.</textarea>" in html
    assert 'class="field__error"' not in html  # a search refuses nothing
    question.refresh_from_db()
    assert question.handled_at is None
    assert not (Variant.objects.exists() or CuratedAnswer.objects.exists())


def _teach_motivation(client, question, page, *, text):
    """Attach ``text`` as a variant to "Krav på motivering", as from the form."""
    return _teach(
        client,
        question,
        kind="variant",
        sok="motivering",
        section=f"{page.pk}#krav-pa-motivering",
        text=text,
    )


def _failed(client) -> list[tuple[str, int]]:
    from guru.assistant.selectors import dashboard_figures

    since = timezone.now() - datetime.timedelta(days=30)
    rows = dashboard_figures(since=since)["failed"]
    return [(row["text"], row["count"]) for row in rows]


OTHER = "Var parkerar jag cykeln vid kontoret?"


def test_failed_questions_leave_out_failures_before_a_teaching_that_covers_them(
    client, handbook, caseworker, editor, django_assert_max_num_queries
):
    # given a question Doris was unsure of twice, and another one once
    client.force_login(caseworker)
    _ask(client, UNKNOWN)
    _ask(client, UNKNOWN)
    _ask(client, OTHER)
    first = Question.objects.filter(text=UNKNOWN).earliest("pk")
    assert _failed(client) == [(UNKNOWN, 2), (OTHER, 1)]
    page = handbook["beslutsmotivering"]

    # when an editor attaches it to a section as it was asked
    client.force_login(editor)
    _teach_motivation(client, first, page, text=UNKNOWN)

    # then its failures before the teaching no longer count, in the list nor
    # on the dashboard; a reply without teaching Doris leaves a question in
    assert _failed(client) == [(OTHER, 1)]
    other = Question.objects.get(text=OTHER)
    _teach(client, other, sok="cykel", kind="reply", text="Fråga vaktmästaren.")
    assert _failed(client) == [(OTHER, 1)]
    html = client.get(reverse("assistant:dashboard")).text
    assert f"”{UNKNOWN}”" not in html

    # but a failure after it counts: the teaching did not help that asker
    client.force_login(caseworker)
    _ask(client, UNKNOWN)
    again = Question.objects.latest("pk")
    assert again.status == "answered"
    client.post(reverse("assistant:feedback", args=[again.pk]), {"helpful": "nej"})
    assert _failed(client) == [(OTHER, 1), (UNKNOWN, 1)]
    client.force_login(editor)
    html = client.get(reverse("assistant:dashboard")).text
    url = reverse("assistant:question", args=[again.pk])
    assert f'<a href="{url}">”{UNKNOWN}”</a> (1)' in html

    # and a withdrawn teaching covers nothing: all three failures count again
    from guru.assistant.services import taught_withdraw

    taught_withdraw(editor=editor, taught=Variant.objects.get())
    assert _failed(client) == [(UNKNOWN, 3), (OTHER, 1)]

    # an editors' answer taught from one of the questions covers them all,
    # its question reworded or not; the figures stay four queries (totals,
    # weeks, failed questions and their texts) however many questions and
    # teachings there are
    asked = "Vem fattar beslutet?"
    for _ in range(3):
        Question.objects.create(
            user=caseworker, text=asked, text_key=question_key(asked), status="unsure"
        )
    assert _failed(client)[0] == (asked, 3)
    from guru.assistant.services import curated_answer_add

    curated_answer_add(
        editor=editor,
        page=page,
        anchor="krav-pa-motivering",
        question_text="Vem fattar beslut om avslag?",
        text="Enhetschefen fattar beslutet.",
        question=Question.objects.filter(text=asked).first(),
    )
    with django_assert_max_num_queries(4):
        failed = _failed(client)
    assert failed == [(UNKNOWN, 3), (OTHER, 1)]


# UNKNOWN as it is typed: in other letters, with spaces, without a question mark
SPELLINGS = (UNKNOWN, "vem skriver under avslaget", "Vem  skriver under avslaget ?")


def test_failed_questions_written_differently_count_as_one(
    client, handbook, caseworker
):
    # given one question Doris is unsure of, typed three ways
    client.force_login(caseworker)
    for text in SPELLINGS:
        _ask(client, text)
    _ask(client, OTHER)

    # when the failures are counted
    failed = _failed(client)

    # then they are one question, shown as it was asked last
    latest = Question.objects.latest("pk")
    assert latest.text == OTHER
    assert failed == [("Vem  skriver under avslaget ?", 3), (OTHER, 1)]


def test_a_teaching_covers_the_failures_of_the_same_question_written_differently(
    client, handbook, caseworker, editor
):
    # given the question asked three ways, each sent to the editors
    client.force_login(caseworker)
    for text in SPELLINGS:
        _ask(client, text)
    for question in Question.objects.all():
        client.post(reverse("assistant:send_to_editors", args=[question.pk]))
    first = Question.objects.earliest("pk")
    page = handbook["beslutsmotivering"]

    # when an editor teaches Doris from the first
    client.force_login(editor)
    _teach_motivation(client, first, page, text="Vem undertecknar ett avslag?")

    # then none of them fails any longer, and every asker is answered
    assert _failed(client) == []
    assert not Question.objects.filter(handled_at__isnull=True).exists()


def test_a_variant_worded_as_the_question_covers_it_whatever_the_case(
    client, handbook, caseworker, editor
):
    # given a failure, and a variant taught without it, in other letters
    client.force_login(caseworker)
    _ask(client, "vem skriver under avslaget")
    from guru.assistant.services import variant_add

    variant_add(
        editor=editor,
        page=handbook["beslutsmotivering"],
        anchor="krav-pa-motivering",
        text=UNKNOWN,
    )

    # then the failure before it no longer counts
    assert _failed(client) == []


def test_ask_unsure_editor_adds_a_variant_ask_again_answered(
    client, handbook, caseworker, editor
):
    # given a question Doris is unsure about
    client.force_login(caseworker)
    assert "Jag är inte säker" in _ask(client, UNKNOWN)
    question = Question.objects.get()
    page = handbook["beslutsmotivering"]

    # when an editor attaches it as a wording of the right section
    client.force_login(editor)
    response = _teach(
        client,
        question,
        kind="variant",
        sok="motivering",
        section=f"{page.pk}#krav-pa-motivering",
        text=question.text,
    )
    assert "Formuleringen är tillagd" in response.content.decode()

    # then the next caseworker asking gets an answer from that section
    client.force_login(caseworker)
    html = _ask(client, UNKNOWN)
    assert f'href="{page.url}#krav-pa-motivering"' in html
    assert Question.objects.latest("pk").status == "answered"


def test_ask_unsure_editor_writes_an_answer_ask_again_gets_it(
    client, handbook, caseworker, editor
):
    client.force_login(caseworker)
    _ask(client, UNKNOWN)
    question = Question.objects.get()
    client.post(reverse("assistant:send_to_editors", args=[question.pk]))
    page = handbook["beslutsmotivering"]

    client.force_login(editor)
    _teach(
        client,
        question,
        kind="curated",
        sok="motivering",
        section=f"{page.pk}#krav-pa-motivering",
        question_text=UNKNOWN,
        text="Avslaget undertecknas av den som fattar beslutet, oftast enhetschefen.",
    )

    # the asker is told in Guru that the editors answered
    client.force_login(caseworker)
    start = client.get("/").content.decode()
    assert "1 nytt svar från redaktionen" in start
    page_html = client.get("/doris/").content.decode()
    assert "Nya svar från redaktionen" in page_html
    assert "nytt svar från redaktionen" not in client.get("/").content.decode()

    # and Doris gives the editor's answer, citing the section
    html = _ask(client, UNKNOWN)
    assert "Avslaget undertecknas av den som fattar beslutet" in html
    assert "Svar från redaktionen" in html
    assert f'href="{page.url}#krav-pa-motivering"' in html


def test_teaching_a_question_answers_everyone_who_sent_it_to_the_editors(
    client, handbook, caseworker, editor
):
    from guru.accounts.roles import Role
    from tests.factories import UserFactory

    # given two caseworkers who sent the same question to the editors, and a
    # third who asked it without sending it, and one who sent another one
    colleague = UserFactory(
        username="handlaggare2", unit=caseworker.unit, roles=[Role.HANDLAGGARE]
    )
    asked = {}
    for user, send in [(caseworker, True), (colleague, True), (editor, False)]:
        client.force_login(user)
        _ask(client, UNKNOWN)
        asked[user] = Question.objects.latest("pk")
        if send:
            client.post(reverse("assistant:send_to_editors", args=[asked[user].pk]))
    _ask(client, OTHER)
    other = Question.objects.latest("pk")
    client.post(reverse("assistant:send_to_editors", args=[other.pk]))
    page = handbook["beslutsmotivering"]

    # when an editor teaches Doris the question from the first one's
    client.force_login(editor)
    _teach(
        client,
        asked[caseworker],
        kind="variant",
        sok="motivering",
        section=f"{page.pk}#krav-pa-motivering",
        text=UNKNOWN,
    )

    # then both who sent it leave the queue and are told Doris can answer
    queue = reverse("assistant:dashboard") + "?visa=ko"
    html = client.get(queue).text
    assert UNKNOWN not in html
    assert OTHER in html
    for user in (caseworker, colleague):
        question = Question.objects.get(pk=asked[user].pk)
        assert question.handled_by == editor
        assert question.editor_reply.startswith("Doris kan nu svara på frågan.")
        client.force_login(user)
        assert "1 nytt svar från redaktionen" in client.get("/").text
    # the one who never sent it is not told, and the other question waits
    assert Question.objects.get(pk=asked[editor].pk).handled_at is None
    assert Question.objects.get(pk=other.pk).handled_at is None


def test_a_question_sent_to_the_editors_stays_in_the_queue_until_handled(
    client, handbook, caseworker, editor
):
    # given a question sent to the editors 40 days ago, never handled, and one
    # sent today
    now = timezone.now()
    old = Question.objects.create(
        user=caseworker,
        text="Hur arkiverar jag ett avslutat ärende?",
        status="unsure",
        sent_to_editors_at=now,
    )
    Question.objects.filter(pk=old.pk).update(
        created_at=now - datetime.timedelta(days=40),
        sent_to_editors_at=now - datetime.timedelta(days=40),
    )
    Question.objects.create(
        user=caseworker, text=UNKNOWN, status="unsure", sent_to_editors_at=now
    )

    # when an editor opens the dashboard for the last 30 (or 7) days
    client.force_login(editor)
    for period in ("30", "7"):
        url = reverse("assistant:dashboard")
        figures = client.get(url, {"period": period}).text
        queue = client.get(url, {"period": period, "visa": "ko"}).text

        # then both wait in the queue: it is work to do, not a figure of the
        # period; the period's other figures count only the new one
        assert "<dt>I kön till redaktionen</dt><dd>2</dd>" in figures
        assert "<dt>Frågor</dt><dd>1</dd>" in figures
        assert old.text in queue
        assert UNKNOWN in queue


def test_teaching_needs_a_section_from_the_list(client, handbook, caseworker, editor):
    client.force_login(caseworker)
    _ask(client, UNKNOWN)
    question = Question.objects.get()
    client.force_login(editor)
    response = _teach(
        client, question, kind="curated", sok="motivering", section="999#x", text=""
    )
    html = response.content.decode()
    assert "Välj ett av avsnitten i listan." in html
    assert "Skriv ett svar" in html
    # a refusal never reads as a success (guru.forms.REFUSED)
    assert response.status_code == 422
    assert _teach(client, question, kind="variant", text="X?").status_code == 422


def test_caseworkers_cannot_teach(client, handbook, caseworker):
    client.force_login(caseworker)
    _ask(client, UNKNOWN)
    question = Question.objects.get()
    response = client.post(reverse("assistant:question", args=[question.pk]), {})
    assert response.status_code == 403


def test_synonyms_from_the_admin_apply_without_a_restart(
    handbook, caseworker, django_capture_on_commit_callbacks
):
    # given a question whose only content word the handbook does not use
    question = "Vad ska stå i en VLM?"
    before = doris_answer(question=question, user=caseworker)
    assert before.status == "unsure"
    assert _best_anchor(before) is None

    # when an editor adds a synonym in the admin
    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.create(expressions="VLM, motivering")

    # then she finds the section at once (whether she is sure enough to answer
    # from it is the calibration's business)
    after = doris_answer(question=question, user=caseworker)
    assert _best_anchor(after) == "krav-pa-motivering"


def _best_anchor(answer) -> str | None:
    if answer.source is not None:
        return answer.source.anchor
    return answer.suggestions[0].anchor if answer.suggestions else None


def test_purge_deletes_questions_older_than_the_setting_and_spent_search_notes(
    handbook, caseworker, settings
):
    now = timezone.now()
    old = Question.objects.create(
        user=caseworker, text="gammal", status="unsure", created_at=now
    )
    Question.objects.filter(pk=old.pk).update(
        created_at=now - datetime.timedelta(days=181)
    )
    Question.objects.create(
        user=caseworker,
        text="ny",
        status="unsure",
        created_at=now - datetime.timedelta(days=179),
    )

    # and the notes of two searches, one made two minutes ago
    SearchRequest.objects.create(user=caseworker, created_at=now)
    SearchRequest.objects.create(
        user=caseworker, created_at=now - datetime.timedelta(minutes=2)
    )

    call_command("purge_doris_log")

    assert list(Question.objects.values_list("text", flat=True)) == ["ny"]
    assert SearchRequest.objects.get().created_at == now
    settings.GURU_DORIS_LOG_DAYS = 10
    assert log_purge() == 1


def test_a_question_the_handbook_cannot_answer_gets_a_reply_without_a_section(
    client, handbook, caseworker, editor
):
    # given a question sent to the editors that no section answers
    client.force_login(caseworker)
    _ask(client, "Var parkerar jag cykeln vid kontoret?")
    question = Question.objects.get()

    # when an editor replies to the asker only
    client.force_login(editor)
    response = _teach(client, question, sok="cykel", kind="reply", text="")
    assert response.status_code == 422
    page = response.text
    assert "Skriv svaret." in page
    too_long = "x" * 1001
    page = _teach(client, question, sok="cykel", kind="reply", text=too_long).text
    assert "Skriv högst 1000 tecken (nu 1001)." in page
    assert too_long in page
    question.refresh_from_db()
    assert question.handled_at is None
    page = _teach(
        client,
        question,
        sok="cykel",
        kind="reply",
        text="Fråga fastighetsenheten, som har 19850101-2382 som kontakt.",
    ).text
    assert "Svaret är skickat till den som frågade." in page

    # then the question is handled, and the asker reads the reply, masked
    question.refresh_from_db()
    assert question.handled_by == editor
    assert "19850101-2382" not in question.editor_reply
    client.force_login(caseworker)
    assert "Fråga fastighetsenheten" in client.get("/doris/").text


SECRET_ANSWER = "föreskrifter som tillämpats"


def _answer_from_a_leadership_page(client, handbook, caseworker, restrict):
    """The decision page only for Ledningsgrupp, where the asker is (the editor
    is not), and the asker's question answered from it: (page, question)."""
    from django.contrib.auth.models import Group

    from guru.accounts.roles import Role

    page = handbook["beslutsmotivering"]
    restrict(page, roles=(Role.LEDNINGSGRUPP,))
    caseworker.groups.add(Group.objects.get(name=Role.LEDNINGSGRUPP))
    client.force_login(caseworker)
    _ask(client, "Vad ska motiveringen ange?")
    question = Question.objects.get()
    assert SECRET_ANSWER in question.answer_text
    return page, question


def _assert_editor_reads_the_question_only(client, editor, question) -> None:
    """The log and the question's page show the question, not its answer or source."""
    client.force_login(editor)
    dashboard = client.get(reverse("assistant:dashboard")).content.decode()
    detail = client.get(reverse("assistant:question", args=[question.pk]))
    for html in (dashboard, detail.content.decode()):
        assert "Vad ska motiveringen ange?" in html
        assert SECRET_ANSWER not in html
        assert "Beslutsmotivering" not in html


def test_the_log_hides_answers_from_pages_the_editor_may_not_view(
    client, handbook, caseworker, editor, restrict
):
    # given an answer from a page only for Ledningsgrupp, where the editor is not
    page, question = _answer_from_a_leadership_page(
        client, handbook, caseworker, restrict
    )
    assert question.source_page_id == page.pk

    # when the editor opens the log and the question
    # then the question shows, but neither the answer nor its source
    _assert_editor_reads_the_question_only(client, editor, question)
    # nor can the editor teach Doris on that page through the question
    response = _teach(
        client,
        question,
        kind="variant",
        section=f"{page.pk}#krav-pa-motivering",
        text="Vad ska motiveringen ange?",
    )
    assert "Formuleringen är tillagd" not in response.content.decode()
    assert not page.doris_variants.exists()


def test_the_log_hides_an_answer_from_a_restricted_page_after_it_is_deleted(
    client, handbook, caseworker, editor, restrict
):
    # given an answer from a page only for Ledningsgrupp, where the asker is
    page, question = _answer_from_a_leadership_page(
        client, handbook, caseworker, restrict
    )

    # when the page is deleted (its restriction goes with it, kept on its versions)
    page.__class__.objects.get(pk=page.pk).delete()
    question.refresh_from_db()
    assert question.source_page_id is None

    # then the editor outside Ledningsgrupp still reads the question only
    _assert_editor_reads_the_question_only(client, editor, question)

    # and an answer from a deleted page that was open to all stays readable
    from guru.assistant.selectors import questions_readable

    Question.objects.update(source_page_key=handbook["komplettering"].pk)
    handbook["komplettering"].__class__.objects.get(
        pk=handbook["komplettering"].pk
    ).delete()
    shown = questions_readable([Question.objects.get()], user=editor)[0]
    assert SECRET_ANSWER in shown.answer_text
