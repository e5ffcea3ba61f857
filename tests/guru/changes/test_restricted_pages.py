"""A page that Wagtail's view restrictions keep from a reader is no easier to read
through its history, its differences or its followers' e-mails: 404, as if the page
did not exist, for everyone outside the page's groups."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from guru.changes import services
from guru.changes.models import ChangeNotification, Delivery, PageVersion
from guru.handbook.models import GuidancePage
from tests.guru.changes.conftest import publish_change

TEXT = "Fristen är numera 14 kalenderdagar."


@pytest.fixture
def secret(komplettering, restrict):
    """A page with two versions, only for Redaktörer."""
    publish_change(komplettering, section="tidsfrist", text=f"<p>{TEXT}</p>")
    restrict(komplettering)
    return komplettering


def _urls(page) -> list[str]:
    latest = PageVersion.objects.filter(page_key=page.pk).latest("number")
    today = timezone.localdate().isoformat()
    return [
        f"/andringar/version/{latest.pk}/",
        f"/andringar/sida/{page.pk}/?datum={today}",
        f"/andringar/sida/{page.pk}/jamfor/",
        f"/andringar/sida/{page.pk}/jamfor/?fran=1&till=2",
    ]


def test_history_of_a_restricted_page_is_not_found_for_those_outside_its_groups(
    client, secret, caseworker
):
    client.force_login(caseworker)
    for url in _urls(secret):
        response = client.get(url)
        assert response.status_code == 404, url
        assert TEXT not in response.text, url


def test_history_of_a_restricted_page_is_readable_for_its_groups(
    client, secret, editor
):
    client.force_login(editor)
    for url in _urls(secret):
        assert client.get(url).status_code == 200, url
    assert TEXT in client.get(_urls(secret)[0]).text


def test_a_bad_date_does_not_tell_that_a_restricted_page_exists(
    client, secret, caseworker
):
    client.force_login(caseworker)
    response = client.get(f"/andringar/sida/{secret.pk}/?datum=fel")
    assert response.status_code == 404


def test_the_handbook_on_a_date_lists_a_restricted_page_only_for_its_groups(
    client, secret, caseworker, editor
):
    url = f"/andringar/per-datum/?datum={timezone.localdate().isoformat()}"
    client.force_login(caseworker)
    html = client.get(url).text
    assert "Beslutsmotivering" in html  # the unrestricted page is still listed
    assert secret.title not in html

    client.force_login(editor)
    assert secret.title in client.get(url).text


def test_a_restricted_areas_feed_is_not_found_and_pages_in_it_are_left_out(
    client, secret, caseworker, editor, restrict
):
    area = secret.get_parent()
    client.force_login(caseworker)
    assert secret.title not in client.get(f"/andringar/flode/{area.pk}/").text
    client.force_login(editor)
    assert secret.title in client.get(f"/andringar/flode/{area.pk}/").text

    restrict(area)
    client.force_login(caseworker)
    assert client.get(f"/andringar/flode/{area.pk}/").status_code == 404


def test_a_reader_outside_the_groups_cannot_follow_or_unfollow_the_page(
    client, secret, caseworker, editor
):
    client.force_login(caseworker)
    for action in ("follow", "unfollow"):
        response = client.post(f"/andringar/bevaka/{secret.pk}/", {"action": action})
        assert response.status_code == 404
    assert not services.Subscription.objects.filter(user=caseworker).exists()

    client.force_login(editor)
    assert client.post(f"/andringar/bevaka/{secret.pk}/").status_code == 302


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("event", ["change", "unpublish"])
def test_a_follower_who_lost_access_is_not_told_of_later_changes(
    komplettering, restrict, caseworker, editor, event
):
    # given two followers, one of them outside the group the page is then kept for
    services.follow(user=caseworker, page=komplettering)
    services.follow(user=editor, page=komplettering.get_parent())
    restrict(komplettering)

    # when the page changes, or is unpublished
    if event == "change":
        publish_change(komplettering, note="Hemlig ändring.")
    else:
        GuidancePage.objects.get(pk=komplettering.pk).unpublish()

    # then only the one who may still read it hears of it
    assert set(ChangeNotification.objects.values_list("user__username", flat=True)) == {
        "redaktor"
    }
    assert [m.to for m in mail.outbox] == [[editor.email]]


@pytest.mark.django_db(transaction=True)
def test_a_daily_digest_leaves_out_changes_to_a_page_restricted_since(
    handbook, restrict, caseworker
):
    # given a daily follower told of a change while the page was open to them
    services.follow(
        user=caseworker, page=handbook["komplettering"], delivery=Delivery.DAILY
    )
    publish_change(handbook["komplettering"], note="Ändring före begränsningen.")
    assert ChangeNotification.objects.filter(user=caseworker).count() == 1

    # when the page is restricted before the digest goes out
    restrict(handbook["komplettering"])
    call_command("send_change_digest", stdout=io.StringIO())

    # then no e-mail carries its title or note, and it is not sent later either
    assert mail.outbox == []
    assert not ChangeNotification.objects.filter(emailed_at__isnull=True).exists()


def test_my_following_page_leaves_out_what_the_reader_may_no_longer_read(
    client, komplettering, restrict, caseworker, django_capture_on_commit_callbacks
):
    services.follow(user=caseworker, page=komplettering)
    with django_capture_on_commit_callbacks(execute=True):
        publish_change(komplettering, note="Ändringen som inte ska synas.")
    assert ChangeNotification.objects.filter(user=caseworker).exists()
    restrict(komplettering)

    client.force_login(caseworker)
    html = client.get("/andringar/bevakningar/").text

    assert komplettering.title not in html
    assert "Ändringen som inte ska synas." not in html


def test_the_header_badge_counts_only_notices_the_reader_may_still_open(
    client, handbook, restrict, caseworker, django_capture_on_commit_callbacks
):
    # given a reader told of changes to two pages, one of them restricted since
    for slug in ("komplettering", "beslutsmotivering"):
        services.follow(user=caseworker, page=handbook[slug])
    with django_capture_on_commit_callbacks(execute=True):
        publish_change(handbook["komplettering"], note="Ändring ett.")
        publish_change(handbook["beslutsmotivering"], note="Ändring två.")
    assert ChangeNotification.objects.filter(user=caseworker, read_at=None).count() == 2
    restrict(handbook["komplettering"])

    # when the reader opens any page
    client.force_login(caseworker)
    html = client.get("/andringar/bevakningar/").text

    # then the badge counts the one notice they may open, not the other
    assert 'aria-label="1 oläst ändring"' in html
    assert "Ändring två." in html and "Ändring ett." not in html
