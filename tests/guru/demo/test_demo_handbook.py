"""The demo handbook imports for real and fits Doris's benchmark questions."""

import datetime
import json
from pathlib import Path

import pytest
import yaml

from guru.accounts.services import organisation_sync, user_sync
from guru.assistant.sections import sections_for_page
from guru.demo.services import HANDBOOK_DIR, ORGANISATION_FILE
from guru.handbook.models import GuidancePage, ProcessAreaPage
from guru.handbook.selectors import review_counts
from guru.handbook.services import handbook_import

BENCH_DATA = Path(__file__).resolve().parents[3] / "src" / "doris" / "bench" / "data"
QUESTIONS_FILE = BENCH_DATA / "handbook_questions.jsonl"
UNANSWERABLE_FILE = BENCH_DATA / "handbook_unanswerable.jsonl"
# The demo's review dates are written relative to this day.
DEMO_TODAY = datetime.date(2026, 11, 23)


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture
def demo_organisation(db):
    """The demo organisation's units and people, which the pages name as owners."""
    data = yaml.safe_load(ORGANISATION_FILE.read_text(encoding="utf-8"))
    organisation_sync(departments=data["departments"])
    for person in data["users"]:
        user_sync(
            username=person["username"],
            first_name=person["first_name"],
            last_name=person["last_name"],
            unit_code=person["unit"],
            roles=person["roles"],
        )


@pytest.fixture
def demo_handbook(demo_organisation):
    report = handbook_import(directory=HANDBOOK_DIR)
    pages = {
        f"{page.get_parent().slug}/{page.slug}": page
        for page in GuidancePage.objects.live().specific()
    }
    return report, pages


def test_demo_handbook_imports_as_seven_areas_and_thirty_pages(demo_handbook):
    # Each import takes a while, so this one import is checked in several ways.
    # given
    report, pages = demo_handbook

    # then: every required process area and at least 30 published pages
    assert ProcessAreaPage.objects.live().count() >= 7
    assert {
        "ansokan-och-beredning",
        "beslut",
        "utbetalning",
        "uppfoljning-och-aterkrav",
        "remisser",
        "diarieforing-och-arkiv",
        "grundlaggande-regler",
    } <= set(ProcessAreaPage.objects.values_list("slug", flat=True))
    assert len(pages) >= 30
    assert sorted(report.created) == sorted(pages)
    # every page has three to six sections
    section_counts = {key: len(page.sections) for key, page in pages.items()}
    assert {k: n for k, n in section_counts.items() if not 3 <= n <= 6} == {}


def test_demo_review_dates_give_five_overdue_and_four_due_soon(demo_handbook, settings):
    # given
    settings.GURU_HANDBOOK_REVIEW_WARNING_DAYS = 30

    # when
    counts = review_counts(today=DEMO_TODAY)

    # then
    assert counts == {"overdue": 5, "due_soon": 4}


def test_every_benchmark_question_points_at_an_imported_section(demo_handbook):
    # given
    _report, pages = demo_handbook
    questions = read_jsonl(QUESTIONS_FILE)

    # when: the anchors of the sections Doris indexes ("" is the introduction)
    missing = [
        question
        for question in questions
        if question["page"] not in pages
        or question["anchor"]
        not in {
            section.anchor for section in sections_for_page(pages[question["page"]])
        }
    ]

    # then
    assert len(questions) >= 120
    assert missing == []


def test_importing_the_demo_handbook_again_changes_nothing(demo_handbook):
    # given
    _report, pages = demo_handbook

    # when
    again = handbook_import(directory=HANDBOOK_DIR)

    # then
    assert again.created == again.updated == []
    assert sorted(again.unchanged) == sorted(pages)


def test_benchmark_question_files_are_well_formed():
    # given
    answerable = read_jsonl(QUESTIONS_FILE)
    unanswerable = read_jsonl(UNANSWERABLE_FILE)

    # then
    assert all(set(q) == {"question", "page", "anchor"} for q in answerable)
    assert all(set(q) == {"question"} for q in unanswerable)
    assert len(unanswerable) >= 40
    texts = [q["question"] for q in answerable + unanswerable]
    assert len(texts) == len(set(texts))
