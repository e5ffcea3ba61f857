"""Doris as of a date: the version then in force answers, and she says which."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from guru.accounts.roles import Role
from guru.assistant.as_of import date_in_question, engines_forget
from guru.assistant.models import Question
from guru.assistant.selectors import doris_answer, sections_search
from guru.changes.models import PageVersion
from guru.handbook.models import ChangeKind
from tests.guru.changes.conftest import backdate, publish_change

pytestmark = pytest.mark.django_db

QUESTION = "Hur lång tid har sökanden på sig för komplettering?"
OLD = "Sökanden har 14 dagar på sig."
NEW = "Sökanden har 21 dagar på sig att komplettera."
JAN = datetime.date(2026, 1, 10)
FEB = datetime.date(2026, 2, 12)
MAR_1 = datetime.date(2026, 3, 1)
TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _fresh_engines():
    engines_forget()
    yield
    engines_forget()


@pytest.fixture
def changed(handbook, editor):
    """Komplettering: version 1 from January, version 2 (new deadline) from February…
    and version 3 (after 1 March) with 21 days."""
    page = handbook["komplettering"]
    backdate(PageVersion.objects.get(page_key=page.pk), JAN)
    second = backdate(
        publish_change(
            page,
            kind=ChangeKind.EDITORIAL,
            note="",
            section="tidsfrist",
            text=f"<p>{OLD}</p>",
        ),
        FEB,
    )
    third = backdate(
        publish_change(page, section="tidsfrist", text=f"<p>{NEW}</p>", user=editor),
        datetime.date(2026, 4, 2),
    )
    return {"page": page, "second": second, "third": third}


@pytest.mark.parametrize(
    ("question", "day", "rest"),
    [
        ("Vad gällde den 1 mars?", MAR_1, "Vad gällde ?"),
        ("Vad gällde om frister den 1:a mars 2025?", datetime.date(2025, 3, 1), ""),
        ("Frist för komplettering 2026-03-01", MAR_1, "Frist för komplettering"),
        ("Vad gällde per den 12 FEB om frister?", FEB, "Vad gällde om frister?"),
        # the latest such day not in the future: December is last year's
        ("Vad gällde den 24 dec?", datetime.date(2025, 12, 24), "Vad gällde ?"),
        ("Vad gällde den 29 februari?", datetime.date(2024, 2, 29), ""),
    ],
)
def test_dates_in_questions_are_read_in_swedish(question, day, rest):
    found, without = date_in_question(question, today=TODAY)
    assert found == day
    if rest:
        assert without == rest
    assert str(day.day) not in without


@pytest.mark.parametrize(
    "question",
    [
        "Hur lång tid har sökanden på sig?",
        "Vad gäller den 31 februari?",  # no such day
        "Vad gäller 2027-01-01?",  # the future is not a version yet
        "Måste ansökan vara inne senast den 30 juni?",  # a deadline
        "Vad händer med ärenden efter 1 mars?",
        "Hur många av 12 mars-ärenden?",
    ],
)
def test_questions_without_a_usable_date_are_left_alone(question):
    assert date_in_question(question, today=TODAY) == (None, question)


def test_as_of_a_date_the_old_version_answers_and_she_says_which(changed, caseworker):
    result = doris_answer(question=QUESTION, user=caseworker, as_of=MAR_1)

    assert result.status == "answered"
    assert "14 dagar" in result.text
    second = changed["second"]
    assert result.source.url == reverse("changes:version", args=[second.pk])
    assert result.source.href.endswith("#tidsfrist")
    assert result.as_of_note == (
        "Enligt vägledningen som gällde 2026-03-01: "
        f"{second.title}, version 2, publicerad 2026-02-12."
    )


def test_without_a_date_the_current_version_answers(changed, caseworker):
    result = doris_answer(question=QUESTION, user=caseworker)

    assert "21 dagar" in result.text
    assert result.as_of_note == ""
    assert result.source.url == changed["page"].url


def test_a_date_in_the_question_is_enough(changed, caseworker):
    result = doris_answer(
        question="Hur lång tid hade sökanden för komplettering den 1 mars 2026?",
        user=caseworker,
    )
    assert "14 dagar" in result.text
    assert "version 2" in result.as_of_note


def test_permissions_apply_as_of_a_date_too(changed, caseworker, editor):
    restriction = PageViewRestriction.objects.create(
        page=changed["page"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=Role.REDAKTOR))

    result = doris_answer(question=QUESTION, user=caseworker, as_of=MAR_1)
    assert "14 dagar" not in result.text
    assert all(ref.page_id != changed["page"].pk for ref in result.suggestions)
    assert result.source is None or result.source.page_id != changed["page"].pk

    result = doris_answer(question=QUESTION, user=editor, as_of=MAR_1)
    assert "14 dagar" in result.text


def test_before_the_first_version_nothing_applied(changed, caseworker):
    result = doris_answer(
        question=QUESTION, user=caseworker, as_of=datetime.date(2025, 6, 1)
    )
    assert result.status == "unsure"
    assert result.source is None
    assert "2025-06-01" in result.as_of_note


def test_the_ask_view_passes_the_date_and_shows_the_version(
    client, changed, caseworker
):
    client.force_login(caseworker)
    html = client.post(
        "/doris/", {"fraga": QUESTION, "datum": "2026-03-01"}
    ).content.decode()

    assert "14 dagar" in html
    assert "Enligt vägledningen som gällde 2026-03-01" in html
    version_url = reverse("changes:version", args=[changed["second"].pk])
    assert f'href="{version_url}#tidsfrist"' in html
    logged = Question.objects.get(user=caseworker)
    assert logged.source_page_id == changed["page"].pk

    # a bad or future date is ignored: the current version answers
    html = client.post(
        "/doris/", {"fraga": QUESTION, "datum": "2099-01-01"}
    ).content.decode()
    assert "21 dagar" in html
    assert "Enligt vägledningen som gällde" not in html


def test_the_panel_on_the_page_as_of_a_date_asks_as_of_that_date(
    client, changed, caseworker
):
    client.force_login(caseworker)
    url = reverse("changes:page_as_of", args=[changed["page"].pk])
    html = client.get(url, {"datum": "2026-03-01"}).content.decode()
    assert 'type="hidden" name="datum" value="2026-03-01"' in html
    assert f'type="hidden" name="sida" value="{changed["page"].pk}"' in html
    # and not on the current page
    html = client.get(changed["page"].url).content.decode()
    assert 'type="hidden" name="datum"' not in html


def test_the_search_page_is_unchanged(changed, caseworker):
    hits = sections_search(query="komplettering dagar", user=caseworker).hits
    assert hits and all(not h.url.startswith("/andringar/") for h in hits)


def _ask_from_page_as_of_1_march(client, page) -> str:
    """Only a date, asked from the page as of 1 March 2026."""
    return client.post(
        "/doris/",
        {
            "fraga": "Vad gällde den 1 mars 2026?",
            "datum": "2026-03-01",
            "sida": page.pk,
        },
    ).content.decode()


def test_only_a_date_asked_from_the_page_gives_that_pages_version(
    client, changed, caseworker
):
    client.force_login(caseworker)
    page = changed["page"]
    html = _ask_from_page_as_of_1_march(client, page)

    assert "Enligt vägledningen som gällde 2026-03-01" in html
    assert "version 2, publicerad 2026-02-12" in html
    version_url = reverse("changes:version", args=[changed["second"].pk])
    assert f'href="{version_url}"' in html
    assert changed["second"].summary
    assert changed["second"].summary in html


def test_only_a_date_without_a_page_asks_for_more(changed, caseworker):
    result = doris_answer(question="Vad gällde den 1 mars 2026?", user=caseworker)
    assert result.status == "empty"
    assert "Skriv också vad du vill veta" in result.message
    assert "2026-03-01" in result.as_of_note


def test_the_api_answers_as_of_a_date_and_names_the_version(
    changed, caseworker, client
):
    client.force_login(caseworker)
    response = client.post(
        "/api/doris/ask",
        {"question": "Hur lång tid hade sökanden för komplettering den 1 mars 2026?"},
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert "14 dagar" in data["answer"]
    assert "version 2" in data["as_of"]


def test_a_deleted_page_in_a_restricted_area_stays_closed_as_of_a_date(
    client, changed, caseworker, editor, restrict
):
    # given the page's area is for editors only, and the page is then deleted
    page = changed["page"]
    restrict(page.get_parent())
    page.delete()

    # then its old versions are as closed in Doris as in the version history
    client.force_login(caseworker)
    version_url = reverse("changes:version", args=[changed["second"].pk])
    assert client.get(version_url).status_code in (403, 404)
    result = doris_answer(question=QUESTION, user=caseworker, as_of=MAR_1)
    assert "14 dagar" not in result.text
    assert result.source is None or result.source.page_id != page.pk
    assert all(ref.page_id != page.pk for ref in result.suggestions)
    html = _ask_from_page_as_of_1_march(client, page)
    assert changed["second"].summary not in html
    assert "version 2, publicerad 2026-02-12" not in html

    # and an editor, who may view the area, still gets the answer
    assert "14 dagar" in doris_answer(question=QUESTION, user=editor, as_of=MAR_1).text
