"""The test period: site-wide dates, overrides per area and page, read-only after."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from guru.feedback import selectors, services
from guru.feedback.models import CommentMode, CommentPeriodSetting

TODAY = datetime.date(2026, 11, 23)


def _open(page, today=TODAY) -> bool:
    return selectors.comment_period_for_page(page=page, today=today).is_open


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "expected"),
    [
        (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30), True),
        (datetime.date(2026, 11, 23), datetime.date(2026, 11, 23), True),  # inclusive
        (datetime.date(2026, 11, 24), datetime.date(2026, 12, 31), False),  # not yet
        (datetime.date(2026, 10, 1), datetime.date(2026, 11, 22), False),  # closed
        (None, datetime.date(2026, 11, 30), True),
        (datetime.date(2026, 11, 1), None, True),
        (None, None, False),  # no period set: closed
    ],
)
def test_site_wide_period_decides_when_there_is_no_override(
    handbook, period, starts_on, ends_on, expected
):
    period(starts_on, ends_on)
    assert _open(handbook["komplettering"]) is expected


def test_area_override_applies_to_its_pages_only(handbook, period, editor):
    # given a closed site-wide period
    period(datetime.date(2026, 1, 1), datetime.date(2026, 2, 1))
    area = handbook["komplettering"].get_parent()

    # when an editor opens the area "Ansökan"
    services.comment_setting_set(page=area, user=editor, mode=CommentMode.OPEN)

    # then its page is open and the page in "Beslut" is not
    state = selectors.comment_period_for_page(
        page=handbook["komplettering"], today=TODAY
    )
    assert state.is_open and state.reason == "area"
    assert not _open(handbook["beslutsmotivering"])


def test_page_override_wins_over_area_override(handbook, open_period, editor):
    page = handbook["komplettering"]
    services.comment_setting_set(page=page.get_parent(), user=editor, mode="closed")
    assert not _open(page, timezone.localdate())

    services.comment_setting_set(page=page, user=editor, mode="open")
    assert _open(page, timezone.localdate())

    services.comment_setting_set(page=page, user=editor, mode="follow")
    assert not _open(page, timezone.localdate()), "back to the area's setting"


def test_no_comment_can_be_created_on_a_closed_page(handbook, period, caseworker):
    period(datetime.date(2026, 1, 1), datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError) as error:
        services.comment_create(
            page=handbook["komplettering"], author=caseworker, body="Sent inskickad."
        )
    assert "tar inte emot synpunkter" in str(error.value)


def test_after_the_period_comments_stay_visible_and_the_field_says_when_it_closed(
    client, handbook, period, caseworker
):
    # given a comment written during the period
    page = handbook["komplettering"]
    today = timezone.localdate()
    period(today - datetime.timedelta(days=10), today)
    services.comment_create(page=page, author=caseworker, body="Bra sida, tack!")

    # when the period has ended
    period(today - datetime.timedelta(days=10), today - datetime.timedelta(days=1))
    client.force_login(caseworker)
    html = client.get(page.url).content.decode()

    # then the comment is shown read-only and the date of closing is given
    assert "Bra sida, tack!" in html
    closed_on = (today - datetime.timedelta(days=1)).isoformat()
    assert f"Testperioden för synpunkter stängde {closed_on}" in html
    assert 'name="body"' not in html


def test_editor_opens_comments_on_one_page_outside_the_period(
    client, handbook, period, editor
):
    page = handbook["komplettering"]
    period(datetime.date(2026, 1, 1), datetime.date(2026, 2, 1))
    client.force_login(editor)

    response = client.post(
        f"/synpunkter/sida/{page.pk}/lage/", {"mode": "open", "target": "page"}
    )

    assert response.status_code == 302
    assert 'name="body"' in client.get(page.url).content.decode()


def test_caseworker_cannot_change_the_period_of_a_page(client, handbook, caseworker):
    page = handbook["komplettering"]
    client.force_login(caseworker)
    response = client.post(
        f"/synpunkter/sida/{page.pk}/lage/", {"mode": "open", "target": "page"}
    )
    assert response.status_code == 403
    assert selectors.page_mode(page=page) == "follow"


def test_an_end_before_the_start_is_refused_on_the_end_date_in_swedish(
    client, handbook, units
):
    # given an administrator in the site settings
    from wagtail.models import Site

    from guru.accounts.roles import Role
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="admin", roles=[Role.ADMINISTRATOR]))
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/feedback/commentperiodsetting/{site.pk}/"

    # when the period is set to end before it starts
    response = client.post(url, {"starts_on": "2026-12-10", "ends_on": "2026-12-01"})

    # then the end date is marked with a message that says why, and nothing is saved
    html = response.content.decode()
    assert response.status_code == 200
    errors = html.split('id="panel-child-panel-child-ends_on-errors"')[1]
    assert "Slutdatumet kan inte vara före startdatumet." in errors.split("</div>")[0]
    assert "feedback_period_ends_after_start" not in html
    assert 'value="2026-12-01"' in html
    assert CommentPeriodSetting.objects.filter(ends_on="2026-12-01").count() == 0


@pytest.mark.django_db
def test_the_period_reads_the_site_the_request_has_read_when_it_is_the_pages(
    handbook,
):
    # given a request whose site Wagtail has read (to route it), and another site
    # on another host, rooted elsewhere
    page = handbook["komplettering"]
    own_site = page.get_site()
    request = RequestFactory().get(page.url, HTTP_HOST="127.0.0.1")
    assert Site.find_for_request(request) == own_site
    other_request = RequestFactory().get(page.url, HTTP_HOST="annan.example")
    other_area = handbook["beslutsmotivering"].get_parent()
    Site.objects.create(
        hostname="annan.example", root_page=other_area, site_name="Annan"
    )
    assert Site.find_for_request(other_request) != own_site

    # then the page's own site is the answer (as page.get_site()), read again only
    # for the other host
    with CaptureQueriesContext(connection) as queries:
        assert selectors.page_site(page, request) == own_site
    assert len(queries) == 0
    assert selectors.page_site(page, other_request) == own_site
    assert selectors.page_site(page) == page.get_site() == own_site
