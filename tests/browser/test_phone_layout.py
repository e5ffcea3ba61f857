"""On a phone (390 px wide) no form makes the page itself scroll sideways."""

import pytest
from django.contrib.auth.models import Group

from guru.accounts.roles import Role
from guru.documents import services as documents
from guru.documents.models import AccessLevel
from tests.browser.conftest import log_in
from tests.guru.followup.conftest import PASSWORD, demo, organisation  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("demo"),
]


def test_forms_fit_a_phone_screen(live_server, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    folder = documents.folder_create(
        name="Ledningsgruppen",
        everyone=AccessLevel.NONE,
        groups={Group.objects.get(name=Role.LEDNINGSGRUPP.value): AccessLevel.EDIT},
    )
    pages = {
        # a filter, deliverable rows, activity rows, and "Ny mapp" beside a list
        "gd": [
            "/ledning/uppdrag/",
            "/ledning/uppdrag/nytt/",
            "/ledning/planer/ny/",
            f"/dokumentrum/mapp/{folder.pk}/",
        ],
        # the note on a key figure ("Anteckning") beside its table
        "controller": ["/uppfoljning/nyckeltal/V1/?tertial=2026-T2"],
    }
    for username, paths in pages.items():
        page.context.clear_cookies()
        log_in(page, live_server.url, username, PASSWORD)
        for path in paths:
            page.goto(live_server.url + path)
            assert page.locator("main form").count(), path
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (path, width)


def test_a_guidance_pages_change_history_fits_a_phone_screen(
    live_server, browser_page, handbook
):
    # given a page with several versions, long notes among them
    from tests.guru.changes.conftest import publish_change

    guidance = handbook["komplettering"]
    for number in range(3):
        publish_change(
            guidance,
            note=f"Ändring {number}: tidsfristen för komplettering förlängd till "
            "fjorton kalenderdagar efter begäran om komplettering.",
        )
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "handlaggare", PASSWORD)

    # when its history is shown on a phone
    page.goto(f"{live_server.url}{guidance.url}#andringshistorik")

    # then the page does not scroll sideways, only the table's own box may
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    box = page.locator("#andringshistorik .table-scroll")
    assert box.evaluate("el => el.getBoundingClientRect().right") <= 390
    assert box.evaluate("el => getComputedStyle(el).overflowX") == "auto"
