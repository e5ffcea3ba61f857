"""WCAG 2.1 AA audit of Guru's own pages with axe-core, in a real browser.

A Swedish agency's intranet must meet WCAG 2.1 AA (lagen om tillgänglighet till
digital offentlig service, EN 301 549). Each page below is opened as the role
that uses it, in the state people see it in (a question answered, a vote begun),
and axe-core runs only its WCAG 2.0/2.1 A and AA rules. Wagtail's own admin is
out of scope; the editors' inbox that Guru adds to it is audited in its content.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect
from wagtail.models import Site

from guru.assistant.engine import engine_current
from guru.assistant.models import Question
from guru.demo.services import demo_load
from guru.documents.models import Document, Folder
from guru.feedback.models import CommentPeriodSetting
from guru.followup import services as followup
from guru.followup.models import (
    ConsultationRound,
    FollowUp,
    FollowUpStatus,
    Proposal,
    ProposalStatus,
)
from guru.handbook.models import GuidancePage
from guru.meetings.models import Assignment, Meeting
from tests.browser.conftest import ask_in_panel, log_in

# Not serialised: the demo is loaded once for the test, and a flush's post_migrate
# puts back the roles and perspectives that the demo builds on.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "losenord-for-test"
QUESTION = "Vilken tidsfrist gäller för komplettering?"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_AA},
    "resultTypes": ["violations"],
}
PHONE = {"width": 390, "height": 844}


def _guidance_url() -> str:
    return GuidancePage.objects.live().get(slug="komplettering").url


def _published() -> FollowUp:
    return FollowUp.objects.filter(status=FollowUpStatus.PUBLISHED).latest("pk")


def _open() -> FollowUp:
    return FollowUp.objects.exclude(status=FollowUpStatus.PUBLISHED).get()


def _round() -> ConsultationRound:
    return ConsultationRound.objects.latest("pk")


def _own_proposal() -> Proposal:
    """A demo proposal of the handläggare that is not decided yet."""
    return Proposal.objects.filter(
        proposer__username="handlaggare",
        status__in=[ProposalStatus.RECEIVED, ProposalStatus.PREPARING],
    ).first()


def _vote_no_and_comment(page: Page) -> None:
    """The "Var sidan till hjälp?" answer begun and the comment form in view."""
    helpful = page.get_by_role("group", name="Var sidan till hjälp?")
    helpful.get_by_role("button", name="Nej").click()
    expect(page.get_by_label("Vad saknades? (valfritt)")).to_be_visible()
    expect(page.get_by_label("Din synpunkt")).to_be_visible()


def _ask_on_doris_page(page: Page) -> None:
    page.get_by_label("Din fråga", exact=True).fill(QUESTION)
    page.get_by_role("button", name="Fråga", exact=True).click()
    expect(page.get_by_role("article", name="Svar från Doris")).to_be_visible(
        timeout=30_000
    )


def _ask_in_panel(page: Page) -> None:
    ask_in_panel(page, QUESTION)


@dataclass(frozen=True)
class Visit:
    """A page as one role sees it: where, as whom, and what they do first."""

    username: str | None
    path: Callable[[], str]
    act: Callable[[Page], None] | None = None
    viewport: dict = field(default_factory=lambda: {"width": 1280, "height": 900})
    # a CSS selector when only part of the page is Guru's (in Wagtail's admin)
    include: str | None = None


VISITS = {
    "login": Visit(None, lambda: "/konto/logga-in/"),
    "start-page": Visit("handlaggare", lambda: "/"),
    "guidance-page-vote-and-comment": Visit(
        "handlaggare", _guidance_url, act=_vote_no_and_comment
    ),
    "guidance-page-doris-panel": Visit("handlaggare", _guidance_url, act=_ask_in_panel),
    "search": Visit("handlaggare", lambda: "/sok/?q=komplettering"),
    "profile": Visit("handlaggare", lambda: "/konto/"),
    "my-comments": Visit("handlaggare", lambda: "/synpunkter/mina/"),
    "following": Visit("handlaggare", lambda: "/andringar/bevakningar/"),
    "doris-answered": Visit("handlaggare", lambda: "/doris/", act=_ask_on_doris_page),
    "doris-editor-dashboard": Visit("redaktor", lambda: "/doris/redaktion/"),
    "doris-editor-question": Visit(
        "redaktor",
        lambda: f"/doris/redaktion/fraga/{Question.objects.order_by('pk').first().pk}/",
    ),
    "doris-editor-taught": Visit("redaktor", lambda: "/doris/redaktion/lart/"),
    "feedback-inbox": Visit("redaktor", lambda: "/admin/synpunkter/", include="#main"),
    "followup-index": Visit("controller", lambda: "/uppfoljning/"),
    "followup-tertial-report": Visit(
        "controller", lambda: "/uppfoljning/tertial/2026/2/"
    ),
    "followup-key-figure": Visit(
        "controller", lambda: "/uppfoljning/nyckeltal/V1/?tertial=2026-T2"
    ),
    "followup-import": Visit("controller", lambda: "/uppfoljning/import/"),
    "followup-analyses": Visit(
        "avdelningschef", lambda: f"/uppfoljning/{_published().pk}/"
    ),
    "followup-open-tertial": Visit("controller", lambda: f"/uppfoljning/{_open().pk}/"),
    "followup-analysis-form": Visit(
        "avdelningschef", lambda: f"/uppfoljning/{_open().pk}/analys/FÖR/"
    ),
    "followup-conclusions-form": Visit(
        "gd", lambda: f"/uppfoljning/{_open().pk}/slutsatser/"
    ),
    "followup-round": Visit(
        "controller", lambda: f"/uppfoljning/remiss/{_round().pk}/"
    ),
    "followup-round-close": Visit(
        "controller", lambda: f"/uppfoljning/remiss/{_round().pk}/stang/"
    ),
    "followup-proposal-edit": Visit(
        "handlaggare",
        lambda: f"/uppfoljning/remiss/forslag/{_own_proposal().pk}/andra/",
    ),
    "meetings-home": Visit("gd", lambda: "/ledning/"),
    "meeting": Visit(
        "gd",
        lambda: f"/ledning/moten/{Meeting.objects.order_by('starts_at').first().pk}/",
    ),
    "meeting-new": Visit("gd", lambda: "/ledning/moten/nytt/"),
    "assignments": Visit("gd", lambda: "/ledning/uppdrag/"),
    "assignment": Visit(
        "gd",
        lambda: f"/ledning/uppdrag/{Assignment.objects.order_by('pk').first().pk}/",
    ),
    "assignment-new": Visit("gd", lambda: "/ledning/uppdrag/nytt/"),
    "plans": Visit("gd", lambda: "/ledning/planer/"),
    "news": Visit("gd", lambda: "/ledning/nyheter/"),
    "documents-home": Visit("gd", lambda: "/dokumentrum/"),
    "documents-folder": Visit(
        "gd",
        lambda: (
            f"/dokumentrum/mapp/{Document.objects.order_by('pk').first().folder_id}/"
        ),
    ),
    "documents-document": Visit(
        "gd",
        lambda: f"/dokumentrum/dokument/{Document.objects.order_by('pk').first().pk}/",
    ),
    "documents-search": Visit("gd", lambda: "/dokumentrum/sok/?q=protokoll"),
    "phone-guidance-page": Visit(
        "handlaggare", _guidance_url, act=_vote_no_and_comment, viewport=PHONE
    ),
    "phone-start-page": Visit("handlaggare", lambda: "/", viewport=PHONE),
    # wide tables scroll sideways in their box; one without links must still
    # take keyboard focus to be scrolled
    "phone-followup-tertial-report": Visit(
        "controller", lambda: "/uppfoljning/tertial/2026/2/", viewport=PHONE
    ),
    "phone-doris-editor-dashboard": Visit(
        "redaktor", lambda: "/doris/redaktion/", viewport=PHONE
    ),
}


@pytest.fixture
def demo_site(db):
    """All of Guru's demo content, a comment period and a tertial open, Doris's
    index built."""
    report = demo_load(password=PASSWORD)
    controller = next(u for u in report.users if u.username == "controller")
    followup.follow_up_open(year=2026, tertial=3, user=controller)
    today = timezone.localdate()
    setting = CommentPeriodSetting.for_site(Site.objects.get(is_default_site=True))
    setting.starts_on = today - datetime.timedelta(days=1)
    setting.ends_on = today + datetime.timedelta(days=30)
    setting.save()
    engine_current()
    assert Folder.objects.exists()


def _report(name: str, url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} WCAG 2.1 AA violation(s) on {name} ({url}):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
    return "\n".join(lines)


def _violations(browser, base_url: str, name: str, visit: Visit) -> str | None:
    """The report of ``visit``'s violations, or None; each visit in a fresh
    browser context (its own log-in, cookies and viewport)."""
    context = browser.new_context(locale="sv-SE", viewport=visit.viewport)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        if visit.username:
            log_in(page, base_url, visit.username, PASSWORD)
        url = base_url + visit.path()
        response = page.goto(url)
        assert response.ok, (name, url, response.status)
        if visit.act:
            visit.act(page)
        scope = {"include": [[visit.include]]} if visit.include else None
        results = Axe().run(page, context=scope, options=AXE_OPTIONS)
        violations = results.response["violations"]
        return _report(name, page.url, violations) if violations else None
    finally:
        context.close()


def test_guru_pages_meet_wcag_21_aa(live_server, browser, demo_site):
    """Every page of VISITS in turn, on one load of the demo (loading it is most
    of the cost); the failure lists each page's violations."""
    reports = [
        _violations(browser, live_server.url, name, visit)
        for name, visit in VISITS.items()
    ]
    failures = [report for report in reports if report]
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
