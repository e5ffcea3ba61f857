"""Playwright with Debian's Chromium (never a downloaded browser).

Outside CI a machine without Chromium skips these tests; in CI (CI=1) that is a
failure, so the browser tests cannot silently stop running there.
"""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Site

from guru.feedback.models import CommentPeriodSetting

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = (
    os.environ.get("GURU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium finns inte på {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser):
    context = browser.new_context(
        locale="sv-SE", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(browser_page):
    """Save a full-page screenshot under test-artifacts/ and return its path."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        browser_page.screenshot(path=str(path), full_page=True)
        return path

    return take


def comment_period_open() -> None:
    """The site's comment period open from yesterday for thirty days."""
    today = timezone.localdate()
    setting = CommentPeriodSetting.for_site(Site.objects.get(is_default_site=True))
    setting.starts_on = today - datetime.timedelta(days=1)
    setting.ends_on = today + datetime.timedelta(days=30)
    setting.save()


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    # Wait until the log-in has landed, so the next key press meets the new page.
    page.wait_for_url(lambda url: "/konto/logga-in/" not in url)
    page.wait_for_load_state()


def ask_in_panel(page, text: str):
    """Ask Doris in the panel of the page shown; returns her answer once visible."""
    page.locator("#doris-panel > summary").click()
    page.get_by_label("Din fråga till Doris").fill(text)
    page.get_by_role("button", name="Fråga", exact=True).click()
    answer = page.get_by_role("article", name="Svar från Doris")
    expect(answer).to_be_visible(timeout=30_000)
    return answer
