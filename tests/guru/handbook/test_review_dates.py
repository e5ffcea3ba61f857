"""Editors see which guidance pages are overdue or soon due for review."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Site

from guru.handbook.models import GuidancePage, review_status
from guru.handbook.selectors import pages_for_review, review_counts

TODAY = datetime.date(2026, 11, 23)


def set_due(page: GuidancePage, due: datetime.date) -> None:
    GuidancePage.objects.filter(pk=page.pk).update(
        last_reviewed_on=due - datetime.timedelta(days=180), review_due_on=due
    )


@pytest.mark.parametrize(
    ("due", "status"),
    [
        (TODAY - datetime.timedelta(days=1), "overdue"),
        (TODAY, "due_soon"),
        (TODAY + datetime.timedelta(days=30), "due_soon"),
        (TODAY + datetime.timedelta(days=31), "ok"),
    ],
)
def test_review_status_has_a_30_day_warning_window(due, status):
    assert review_status(due, TODAY) == status


def test_review_list_holds_overdue_and_soon_due_pages_most_urgent_first(handbook):
    # given
    set_due(handbook["komplettering"], TODAY + datetime.timedelta(days=10))
    set_due(handbook["beslutsmotivering"], TODAY - datetime.timedelta(days=5))

    # when
    listed = list(pages_for_review(today=TODAY))

    # then
    assert [p.slug for p in listed] == ["beslutsmotivering", "komplettering"]
    assert review_counts(today=TODAY) == {"overdue": 1, "due_soon": 1}


def test_review_list_leaves_out_pages_reviewed_in_good_time(handbook):
    set_due(handbook["komplettering"], TODAY + datetime.timedelta(days=90))
    set_due(handbook["beslutsmotivering"], TODAY + datetime.timedelta(days=31))
    assert list(pages_for_review(today=TODAY)) == []


def test_review_list_narrows_to_one_owners_pages(handbook, second_editor):
    set_due(handbook["komplettering"], TODAY - datetime.timedelta(days=1))
    set_due(handbook["beslutsmotivering"], TODAY - datetime.timedelta(days=1))
    listed = pages_for_review(today=TODAY, owner=second_editor)
    assert [p.slug for p in listed] == ["beslutsmotivering"]


def test_editor_sees_review_report_in_admin_and_can_export_it(client, handbook, editor):
    # given an overdue page (relative to the real today, as the view uses it)
    from django.utils import timezone

    today = timezone.localdate()
    set_due(handbook["beslutsmotivering"], today - datetime.timedelta(days=3))
    set_due(handbook["komplettering"], today + datetime.timedelta(days=200))
    client.force_login(editor)

    # when
    html = client.get(reverse("handbook_review_report")).content.decode()
    export = client.get(reverse("handbook_review_report") + "?export=csv")

    # then
    assert "Beslutsmotivering" in html and "Försenad" in html
    assert "Komplettering av ansökan" not in html
    csv_text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Beslutsmotivering" in csv_text and "Försenad" in csv_text


def test_owner_sees_own_pages_to_review_on_the_admin_dashboard(
    client, handbook, second_editor
):
    from django.utils import timezone

    today = timezone.localdate()
    set_due(handbook["beslutsmotivering"], today - datetime.timedelta(days=3))
    set_due(handbook["komplettering"], today + datetime.timedelta(days=5))
    GuidancePage.objects.filter(pk=handbook["komplettering"].pk).update(
        owner_person=second_editor
    )
    client.force_login(second_editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Dina sidor att granska" in html
    # an overdue page says so; one due soon gives its date only
    late = (today - datetime.timedelta(days=3)).isoformat()
    soon = (today + datetime.timedelta(days=5)).isoformat()
    assert (
        "Beslutsmotivering</a> – <strong>försenad</strong>, "
        f"skulle ha granskats senast {late}"
    ) in html
    assert f"Komplettering av ansökan</a> – granskas senast {soon}" in html


def test_caseworker_cannot_open_the_review_report(client, handbook, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("handbook_review_report"))
    assert response.status_code in (302, 403)


def test_the_admin_is_named_guru_and_asks_no_third_party_for_avatars(
    client, handbook, editor
):
    # given the handbook imported into a fresh site tree (Wagtail's default site is
    # removed with its welcome page, and the handbook's site replaces it)
    site = Site.objects.get(is_default_site=True)
    assert site.site_name == "Guru"

    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "gravatar" not in html
    assert "<h1" in html and "Guru" in html.split("<h1", 1)[1].split("</h1>", 1)[0]


def test_the_admin_account_page_offers_no_time_zone_choice(client, handbook, editor):
    # the system's zone list held "localtime", which browsers reject; Guru's
    # times are Swedish time, so the admin keeps to that one zone
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_account")).content.decode()
    assert "current_time_zone" not in html


def test_a_page_owner_who_edits_no_pages_is_sent_to_the_page_not_a_403(
    client, handbook, units
):
    from django.utils import timezone

    from guru.accounts.roles import Role
    from tests.factories import UserFactory

    controller = UserFactory(
        username="controller", unit=units["RÄTT-HS"], roles=[Role.CONTROLLER]
    )
    page = handbook["komplettering"]
    GuidancePage.objects.filter(pk=page.pk).update(owner_person=controller)
    set_due(page, timezone.localdate() - datetime.timedelta(days=3))
    client.force_login(controller)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    # their own overdue page links to the page itself, which they may read
    assert f'<a href="{page.url}">Komplettering av ansökan</a>' in html
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) not in html
    # and neither the panel nor the menu offers a report they may not open
    assert client.get(reverse("handbook_review_report")).status_code in (302, 403)
    assert reverse("handbook_review_report") not in html


def test_someone_who_owns_and_edits_no_pages_gets_no_review_panel(
    client, handbook, units
):
    from guru.accounts.roles import Role
    from tests.factories import UserFactory

    controller = UserFactory(
        username="controller", unit=units["RÄTT-HS"], roles=[Role.CONTROLLER]
    )
    client.force_login(controller)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Dina sidor att granska" not in html


def test_review_report_count_and_panel_leave_out_pages_the_editor_may_not_read(
    client, handbook, editor, restrict
):
    from django.utils import timezone

    from guru.accounts.roles import Role

    # given two overdue pages the editor owns, one restricted to Ledningsgrupp
    # (which the editor is not in, though Wagtail lets Redaktörer edit it)
    today = timezone.localdate()
    for page in handbook.values():
        set_due(page, today - datetime.timedelta(days=3))
    GuidancePage.objects.update(owner_person=editor)
    restrict(handbook["komplettering"], roles=(Role.LEDNINGSGRUPP,))
    client.force_login(editor)

    # when the editor opens the report, its export and the admin's dashboard
    report = client.get(reverse("handbook_review_report")).content.decode()
    export = client.get(reverse("handbook_review_report") + "?export=csv")
    csv_text = b"".join(export.streaming_content).decode("utf-8-sig")
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()

    # then the open page is listed and counted, the restricted one nowhere
    for text in (report, csv_text, dashboard):
        assert "Beslutsmotivering" in text
        assert "Komplettering av ansökan" not in text
    assert "1 sida i handboken är försenad." in dashboard
