"""A deleted page's versions stay as closed as the page was: the view restrictions
that applied to it when it was deleted (on it or an ancestor) are kept with its
versions, and decide with its area's restrictions today who may read them."""

import datetime
import io

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from guru.accounts.roles import Role
from guru.changes import services
from guru.changes.models import Delivery, PageVersion
from guru.changes.permissions import can_view_version, viewable_versions
from guru.handbook.models import GuidancePage
from tests.factories import UserFactory
from tests.guru.changes.conftest import publish_change

pytestmark = pytest.mark.django_db


def _version_url(page) -> str:
    latest = PageVersion.objects.filter(page_key=page.pk).latest("number")
    return f"/andringar/version/{latest.pk}/"


def _delete(page) -> None:
    page.__class__.objects.get(pk=page.pk).delete()


def test_a_deleted_page_keeps_its_own_restriction_though_its_area_is_open(
    client, komplettering, restrict, caseworker, editor
):
    # given a page only Redaktörer may read, in an area open to all
    publish_change(komplettering, note="Hemlig ändring.")
    restrict(komplettering)
    urls = [
        _version_url(komplettering),
        f"/andringar/sida/{komplettering.pk}/",
        f"/andringar/sida/{komplettering.pk}/jamfor/",
    ]

    # when the page is deleted
    _delete(komplettering)

    # then its versions are still closed to those outside the group
    client.force_login(caseworker)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Hemlig ändring." not in response.text, url
    client.force_login(editor)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_deleting_an_area_keeps_on_each_page_the_restrictions_it_had(
    client, handbook, restrict, caseworker, editor
):
    # given an area holding a page only Redaktörer may read and an open one
    area = handbook["komplettering"].get_parent()
    handbook["beslutsmotivering"].move(area, pos="last-child")
    restriction = restrict(handbook["komplettering"])
    editors = Group.objects.get(name=Role.REDAKTOR)

    # when the whole area is deleted
    _delete(area)

    # then each page's versions keep what applied to it, though the rows are gone
    assert not PageViewRestriction.objects.filter(pk=restriction.pk).exists()
    secret = PageVersion.objects.get(page_key=handbook["komplettering"].pk)
    open_ = PageVersion.objects.get(page_key=handbook["beslutsmotivering"].pk)
    assert secret.view_restrictions == [{"type": "groups", "groups": [editors.pk]}]
    assert open_.view_restrictions == []
    # and they decide who may read them
    client.force_login(caseworker)
    assert client.get(_version_url(handbook["komplettering"])).status_code == 404
    assert client.get(_version_url(handbook["beslutsmotivering"])).status_code == 200
    client.force_login(editor)
    assert client.get(_version_url(handbook["komplettering"])).status_code == 200


def test_a_deleted_restricted_area_keeps_its_pages_closed(
    client, komplettering, restrict, caseworker, editor
):
    # given an area only Redaktörer may read
    area = komplettering.get_parent()
    restrict(area)

    # when the area is deleted, and its page with it
    _delete(area)

    # then the page's versions are closed as the area was
    client.force_login(caseworker)
    assert client.get(_version_url(komplettering)).status_code == 404
    client.force_login(editor)
    assert client.get(_version_url(komplettering)).status_code == 200


def test_a_deleted_page_behind_a_password_is_read_by_nobody(
    client, komplettering, editor
):
    # given a page behind a password, which an administrator may not pass either
    PageViewRestriction.objects.create(
        page=komplettering,
        restriction_type=PageViewRestriction.PASSWORD,
        password="hemligt",
    )
    admin = UserFactory(username="admin", is_superuser=True)

    # when it is deleted, the password goes with it
    _delete(komplettering)

    # then nobody can have given it
    for user in (editor, admin):
        client.force_login(user)
        assert client.get(_version_url(komplettering)).status_code == 404


def test_a_deleted_page_for_logged_in_readers_stays_closed_to_anonymous_ones(
    komplettering, caseworker
):
    PageViewRestriction.objects.create(
        page=komplettering, restriction_type=PageViewRestriction.LOGIN
    )
    version = PageVersion.objects.get(page_key=komplettering.pk)

    _delete(komplettering)
    version.refresh_from_db()

    assert can_view_version(caseworker, version)
    assert not can_view_version(AnonymousUser(), version)


def test_a_page_deleted_before_restrictions_were_kept_follows_its_area_or_nobody(
    client, komplettering, restrict, caseworker, editor
):
    # given a page deleted before its restrictions were recorded, in an area
    # only Redaktörer may read
    area = komplettering.get_parent()
    restrict(area)
    _delete(komplettering)
    PageVersion.objects.update(view_restrictions=None)
    url = _version_url(komplettering)

    # then its area's restrictions decide, as before
    client.force_login(caseworker)
    assert client.get(url).status_code == 404
    client.force_login(editor)
    assert client.get(url).status_code == 200

    # and once the area is deleted too, nothing tells who may read it: nobody
    _delete(area)
    PageVersion.objects.update(view_restrictions=None)
    assert client.get(url).status_code == 404


def test_reading_many_deleted_pages_takes_no_query_per_version(
    handbook, restrict, caseworker
):
    # given a restricted page with several versions, deleted with its area
    page = handbook["komplettering"]
    for number in range(3):
        publish_change(page, note=f"Ändring {number}.")
    restrict(page)
    _delete(page.get_parent())
    versions = list(PageVersion.objects.all())

    # when the versions a reader may read are chosen, one and all of them
    with CaptureQueriesContext(connection) as one:
        viewable_versions(versions[:1], caseworker)
    with CaptureQueriesContext(connection) as many:
        readable = viewable_versions(versions, caseworker)

    # then the deleted page's are left out, as many queries for all as for one
    assert {v.page_key for v in readable} == {handbook["beslutsmotivering"].pk}
    assert len(many) == len(one)


@pytest.mark.django_db(transaction=True)
def test_a_daily_digest_after_a_delete_leaves_out_a_page_restricted_then(
    handbook, restrict, caseworker
):
    # given a daily follower told of a change while the page was open to them
    page = handbook["komplettering"]
    services.follow(user=caseworker, page=page, delivery=Delivery.DAILY)
    publish_change(page, note="Ändring före begränsningen.")

    # when the page is restricted, then deleted, before the digest goes out
    restrict(page)
    _delete(page)
    call_command("send_change_digest", stdout=io.StringIO())

    # then no e-mail carries its title or note
    assert mail.outbox == []


def test_my_following_page_leaves_out_a_deleted_page_restricted_then(
    client, komplettering, restrict, caseworker, django_capture_on_commit_callbacks
):
    services.follow(user=caseworker, page=komplettering)
    with django_capture_on_commit_callbacks(execute=True):
        publish_change(komplettering, note="Ändringen som inte ska synas.")
    restrict(komplettering)
    _delete(komplettering)

    client.force_login(caseworker)
    html = client.get("/andringar/bevakningar/").text

    assert "Ändringen som inte ska synas." not in html
    assert 'aria-label="1 oläst ändring"' not in html


def test_the_version_of_a_deleted_page_says_it_was_deleted(
    client, komplettering, caseworker
):
    # given a published page that is then deleted
    publish_change(komplettering, note="Ny frist.")
    url = _version_url(komplettering)

    # when
    _delete(komplettering)

    # then its last version says the page was deleted, not unpublished
    client.force_login(caseworker)
    response = client.get(url)
    assert "då sidan raderades" in response.text
    assert "avpublicerades" not in response.text


def test_the_version_of_a_page_unpublished_then_deleted_says_it_was_unpublished(
    client, komplettering, caseworker
):
    # given a published page that was unpublished on 2 March
    publish_change(komplettering, note="Ny frist.")
    url = _version_url(komplettering)
    GuidancePage.objects.get(pk=komplettering.pk).unpublish()
    PageVersion.objects.filter(page_key=komplettering.pk).update(
        withdrawn_at=timezone.make_aware(
            datetime.datetime.combine(datetime.date(2026, 3, 2), datetime.time(12))
        )
    )

    # when it is deleted later
    _delete(komplettering)

    # then its last version stopped applying when it was unpublished, and was
    # deleted since
    client.force_login(caseworker)
    response = client.get(url)
    assert "gällde till 2 mars 2026, då sidan avpublicerades." in response.text
    assert "då sidan raderades" not in response.text
    assert "Den raderades " in response.text
