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
