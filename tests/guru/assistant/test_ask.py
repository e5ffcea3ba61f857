"""Asking Doris: the panel on every page, the full page, feedback, the editors' queue."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from guru.accounts.roles import Role
from guru.assistant import services
from guru.assistant.models import Question
from guru.assistant.selectors import doris_answer, sections_search
from tests.html import enter_picks_an_answer

pytestmark = pytest.mark.django_db

ASK = "/doris/"
DEADLINE = "Hur lång tid har sökanden på sig för komplettering?"


def _ask(client, text, **headers):
    return client.post(ASK, {"fraga": text}, **headers)


def test_the_panel_is_on_every_page_as_a_plain_form(client, handbook, caseworker):
    client.force_login(caseworker)
    for url in ("/ansokan/komplettering/", "/sok/?q=frist", "/andringar/"):
        html = client.get(url).content.decode()
        assert 'action="/doris/"' in html, url
        assert 'name="fraga"' in html
        assert "Fråga Doris" in html
        assert "Frågorna sparas i en logg i högst 180 dagar" in html


def test_the_doris_page_has_no_floating_panel_on_top_of_itself(
    client, handbook, caseworker
):
    client.force_login(caseworker)

    html = client.get(ASK).content.decode()

    assert 'id="doris-page-q"' in html
    assert 'id="doris-panel-q"' not in html
    assert 'id="doris-panel-q"' in client.get("/andringar/").content.decode()


def test_the_notice_tells_how_long_questions_are_kept(
    client, handbook, caseworker, settings
):
    settings.GURU_DORIS_LOG_DAYS = 30
    client.force_login(caseworker)

    panel = client.get("/ansokan/komplettering/").content.decode()
    page = client.get(ASK).content.decode()

    for html in (panel, page):
        assert "sparas i en logg i högst 30 dagar" in html
        assert "180" not in html


def test_answer_shows_text_source_link_review_date_and_feedback(
    client, handbook, caseworker
):
    client.force_login(caseworker)
    page = handbook["komplettering"]

    response = _ask(client, DEADLINE)

    html = response.content.decode()
    assert "14 dagar" in html
    assert "Källa:" in html
    assert f'href="{page.url}#tidsfrist"' in html
    assert "Komplettering av ansökan › Tidsfrist för komplettering" in html
    assert "Sidan granskades senast" in html
    assert "Var svaret till hjälp?" in html
    question = Question.objects.get()
    assert question.status == "answered"
    assert question.source_page_id == page.pk
    assert question.source_anchor == "tidsfrist"


def test_enter_in_the_feedback_comment_answers_nothing(client, handbook, caseworker):
    """Enter in a one-line comment box "clicked" Ja: a "Svaret var fel" was
    stored as a helpful answer. The comment is a text area, where Enter is a
    new line."""
    client.force_login(caseworker)

    html = _ask(client, DEADLINE).content.decode()

    assert 'name="kommentar"' in html
    assert enter_picks_an_answer(html) == []


def test_htmx_gets_only_the_answer(client, handbook, caseworker):
    client.force_login(caseworker)
    response = _ask(client, DEADLINE, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "doris-answer--answered" in html


def test_recent_questions_of_the_session_are_listed(client, handbook, caseworker):
    client.force_login(caseworker)
    _ask(client, DEADLINE)
    _ask(client, "Vad ska en beslutsmotivering innehålla?")
    html = client.get(ASK).content.decode()
    assert "Dina senaste frågor" in html
    assert html.index("beslutsmotivering innehålla") < html.index("sökanden på sig")


def test_feedback_is_stored_with_a_masked_comment(client, handbook, caseworker):
    client.force_login(caseworker)
    _ask(client, DEADLINE)
    question = Question.objects.get()

    response = client.post(
        reverse("assistant:feedback", args=[question.pk]),
        {"helpful": "nej", "kommentar": "Gäller det 19121212-1212 också?"},
        HTTP_HX_REQUEST="true",
    )

    assert "Tack för ditt svar!" in response.content.decode()
    question.refresh_from_db()
    assert question.helpful is False
    assert question.feedback_comment == "Gäller det [personnummer] också?"


def test_a_long_comment_is_masked_and_kept_whole(client, handbook, caseworker):
    """A comment of the 1,000 characters the form allows grows when a personnummer
    is masked; its end must not be cut off, nor the number's start left."""
    client.force_login(caseworker)
    _ask(client, DEADLINE)
    question = Question.objects.get()

    services.question_feedback(
        user=caseworker,
        question_id=question.pk,
        helpful=False,
        comment="x" * 986 + " 19121212-1212",
    )

    question.refresh_from_db()
    assert question.feedback_comment == "x" * 986 + " [personnummer]"


def test_a_comment_the_browser_allowed_is_not_refused_for_its_line_breaks(
    client, handbook, caseworker
):
    """The box holds 1,000 characters, each line break one; a form sent without
    script sends each as CR LF, two: 1,000 typed must still be taken."""
    client.force_login(caseworker)
    _ask(client, DEADLINE)
    question = Question.objects.get()
    lines = ["Fristen gäller inte 19121212-1212 i mitt ärende."] * 20
    typed = "\n".join(lines)
    typed += "x" * (1000 - len(typed))

    response = client.post(
        reverse("assistant:feedback", args=[question.pk]),
        {"helpful": "nej", "kommentar": typed.replace("\n", "\r\n")},
        follow=True,
    )

    assert "Tack för ditt svar!" in response.text
    question.refresh_from_db()
    assert question.helpful is False
    assert question.feedback_comment.startswith("Fristen gäller inte [personnummer]")
    assert question.feedback_comment.count("\n") == 19
    assert "\r" not in question.feedback_comment


@pytest.mark.parametrize("htmx", [False, True])
def test_a_refused_comment_is_told_in_swedish_and_kept(
    client, handbook, caseworker, htmx
):
    client.force_login(caseworker)
    _ask(client, DEADLINE)
    question = Question.objects.get()
    typed = "Det saknas något om förlängd frist. " + "y" * 970

    response = client.post(
        reverse("assistant:feedback", args=[question.pk]),
        {"helpful": "nej", "kommentar": typed},
        **({"HTTP_HX_REQUEST": "true"} if htmx else {}),
    )

    # htmx swaps only 2xx answers: the message is in the swapped part
    assert response.status_code == (200 if htmx else 422)
    assert "Skriv högst 1000 tecken (nu 1006)." in response.text
    assert typed in response.text
    assert "Tack för ditt svar!" not in response.text
    question.refresh_from_db()
    assert question.helpful is None


def test_nobody_gives_feedback_on_someone_elses_question(
    client, handbook, caseworker, editor
):
    client.force_login(caseworker)
    _ask(client, DEADLINE)
    client.force_login(editor)
    question = Question.objects.get()
    response = client.post(
        reverse("assistant:feedback", args=[question.pk]), {"helpful": "ja"}
    )
    assert response.status_code == 404


def test_unsure_offers_three_pages_and_the_editors_queue(client, handbook, caseworker):
    client.force_login(caseworker)

    response = _ask(client, "Får man ta med hunden till kontoret på fredagar?")

    html = response.content.decode()
    assert "Jag är inte säker" in html
    assert "Skicka frågan till redaktionen" in html
    question = Question.objects.get()
    assert question.status == "unsure"
    client.post(reverse("assistant:send_to_editors", args=[question.pk]))
    question.refresh_from_db()
    assert question.sent_to_editors_at is not None


def test_unsure_lists_at_most_three_distinct_pages(handbook, caseworker):
    result = doris_answer(question="ansökan beslut motivering frist", user=caseworker)
    pages = [s.page_id for s in result.suggestions]
    assert len(pages) <= 3
    assert len(set(pages)) == len(pages)


def test_question_log_masks_personnummer_and_email(client, handbook, caseworker):
    client.force_login(caseworker)
    _ask(client, "Ska 19121212-1212 komplettera? Svara till anna@example.se")
    text = Question.objects.get().text
    assert "1212" not in text
    assert "anna@example.se" not in text
    assert "[personnummer]" in text
    assert "[e-postadress]" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Skriv en fråga till Doris."),
        ("   ", "Skriv en fråga till Doris."),
        ("x" * 501, "högst 500 tecken"),
        ("\x01\x02\x03\x04\x05 ab", "tecken som inte går att läsa"),
    ],
)
def test_bad_questions_get_a_swedish_message_and_nothing_is_logged(
    client, handbook, caseworker, text, message
):
    client.force_login(caseworker)
    response = _ask(client, text)
    # refused, as every refused form (guru.forms.REFUSED); htmx swaps only 2xx
    # answers, so the panel gets the message in a 200
    assert response.status_code == 422
    assert message in response.content.decode()
    panel = _ask(client, text, HTTP_HX_REQUEST="true")
    assert panel.status_code == 200
    assert message in panel.content.decode()
    assert not Question.objects.exists()


def test_the_typed_question_is_kept_when_it_is_refused(client, handbook, caseworker):
    client.force_login(caseworker)
    response = _ask(client, "y" * 501)
    assert response.status_code == 422
    assert "y" * 501 in response.content.decode()


def test_rate_limit_per_user(client, handbook, caseworker, settings):
    settings.GURU_DORIS_QUESTIONS_PER_MINUTE = 2
    client.force_login(caseworker)
    _ask(client, DEADLINE)
    _ask(client, DEADLINE)
    response = _ask(client, DEADLINE)
    assert response.status_code == 429  # as the search page answers
    assert "Vänta en minut" in response.content.decode()
    assert DEADLINE in response.content.decode()  # the question is kept
    assert Question.objects.count() == 2


def _restrict_to_editors(page):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=Role.REDAKTOR))


def test_doris_never_answers_from_a_page_the_user_may_not_view(
    handbook, caseworker, editor
):
    # given the page with the deadline is only for editors
    _restrict_to_editors(handbook["komplettering"])

    # when a caseworker asks, Doris neither answers from it nor suggests it
    result = doris_answer(question=DEADLINE, user=caseworker)
    assert (
        result.source is None or result.source.page_id != handbook["komplettering"].pk
    )
    assert handbook["komplettering"].pk not in [s.page_id for s in result.suggestions]
    hits = sections_search(query="komplettering frist", user=caseworker).hits
    assert handbook["komplettering"].pk not in [h.page_id for h in hits]

    # and an editor, who may view it, gets the answer
    result = doris_answer(question=DEADLINE, user=editor)
    assert result.source.page_id == handbook["komplettering"].pk


def test_recent_answers_from_a_page_restricted_since_are_not_shown_again(
    client, handbook, caseworker
):
    # given a caseworker got an answer from the deadline page
    client.force_login(caseworker)
    _ask(client, DEADLINE)
    answer = Question.objects.get().answer_text
    assert answer

    # when the page is then restricted to editors
    _restrict_to_editors(handbook["komplettering"])

    # then the recent questions keep the question but not the page's text
    html = client.get(ASK).content.decode()
    assert "Dina senaste frågor" in html
    assert answer not in html
    assert "inte har behörighet till" in html


def test_typo_corrections_do_not_reveal_words_of_a_page_the_user_may_not_view(
    handbook, caseworker, editor
):
    # given "föreskrifter" is written only on a page for editors
    _restrict_to_editors(handbook["beslutsmotivering"])
    typed = "Vilka föreskrifer gäller för motiveringen?"

    # then a caseworker's typo is not corrected to it, in answers or in search
    assert (
        "föreskrifter"
        not in doris_answer(question=typed, user=caseworker).corrections.values()
    )
    assert (
        "föreskrifter" not in sections_search(query=typed, user=caseworker).suggestion
    )

    # while an editor, who may view the page, gets the correction
    assert (
        "föreskrifter" in doris_answer(question=typed, user=editor).corrections.values()
    )
    assert "föreskrifter" in sections_search(query=typed, user=editor).suggestion
