"""Followers are told exactly once, only about what they follow."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from guru.accounts.roles import Role
from guru.changes import services
from guru.changes.models import (
    ChangeNotification,
    DefaultFollow,
    Delivery,
    NotificationKind,
    Subscription,
)
from guru.handbook.models import ChangeKind, GuidancePage, ProcessAreaPage, StartPage
from tests.factories import DepartmentFactory, UnitFactory, UserFactory
from tests.guru.changes.conftest import publish_change
from tests.html import duplicate_ids

pytestmark = pytest.mark.django_db(transaction=True)


def notified(version):
    return set(
        ChangeNotification.objects.filter(version=version).values_list(
            "user__username", flat=True
        )
    )


@pytest.fixture
def people(units):
    def person(username, **kwargs):
        return UserFactory(
            username=username,
            email=f"{username}@guru.example.se",
            unit=kwargs.pop("unit", units["RÄTT-JUR"]),
            roles=kwargs.pop("roles", [Role.HANDLAGGARE]),
        )

    return person


def test_page_area_and_handbook_followers_get_one_notification_each(
    handbook, editor, people
):
    page = handbook["komplettering"]
    on_page, on_area, on_all, on_other = (
        people("sidan"),
        people("omradet"),
        people("allt"),
        people("annat"),
    )
    services.follow(user=on_page, page=page)
    services.follow(user=on_area, page=page.get_parent())
    services.follow(user=on_all, page=StartPage.objects.get())
    services.follow(user=on_other, page=handbook["beslutsmotivering"])
    # following the same change twice over (page and area) is still one notice
    services.follow(user=on_page, page=page.get_parent())

    version = publish_change(
        page, section="tidsfrist", text="<p>14 dagar.</p>", user=editor
    )

    assert notified(version) == {"sidan", "omradet", "allt"}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "allt@guru.example.se",
        "omradet@guru.example.se",
        "sidan@guru.example.se",
    ]
    assert "14 dagar i stället för 10" in mail.outbox[0].body
    assert f"/andringar/sida/{page.pk}/jamfor/?till=2" in mail.outbox[0].body

    # a second delivery attempt sends nothing more
    services.followers_notify(version=version)
    assert len(mail.outbox) == 3
    assert ChangeNotification.objects.filter(version=version).count() == 3


def test_editorial_changes_reach_only_those_who_asked_for_all_changes(handbook, people):
    page = handbook["komplettering"]
    substantive_only, everything = people("saklig"), people("alla")
    services.follow(user=substantive_only, page=page)
    services.follow(user=everything, page=page, include_editorial=True)

    version = publish_change(page, kind=ChangeKind.EDITORIAL, note="Språket putsat.")

    assert notified(version) == {"alla"}


def test_the_author_is_not_notified_of_their_own_change(handbook, editor):
    page = handbook["komplettering"]
    services.follow(user=editor, page=page)
    version = publish_change(page, user=editor)
    assert notified(version) == set()


def test_default_follow_for_a_group_at_a_department_and_opting_out(
    handbook, units, people
):
    area = ProcessAreaPage.objects.get(slug="ansokan")
    other_department = UnitFactory(
        code="REG-NORR", department=DepartmentFactory(code="REG")
    )
    people("har")
    opted_out = people("harnej")
    people("annanstans", unit=other_department)
    people("controller", roles=[Role.CONTROLLER])
    DefaultFollow.objects.create(
        area=area,
        group=Group.objects.get(name=Role.HANDLAGGARE),
        department=units["RÄTT-JUR"].department,
    )
    services.unfollow(user=opted_out, page=area)

    version = publish_change(handbook["komplettering"])

    # every Handläggare at the department (the fixture's editors are too), but not
    # the one who opted out, nor another department, nor another role
    assert notified(version) == {"har", "redaktor", "redaktor2"}


def test_daily_digest_collects_changes_into_one_message_once(handbook, people):
    reader = people("dagligen")
    services.follow(user=reader, page=StartPage.objects.get(), delivery=Delivery.DAILY)

    publish_change(handbook["komplettering"], note="Ny frist.")
    publish_change(handbook["beslutsmotivering"], note="Nytt krav på motivering.")
    assert mail.outbox == []

    call_command("send_change_digest", stdout=io.StringIO())
    call_command("send_change_digest", stdout=io.StringIO())

    (message,) = mail.outbox
    assert message.to == ["dagligen@guru.example.se"]
    assert message.subject == "2 ändrade sidor i handläggarstödet"
    assert "Ny frist." in message.body and "Nytt krav på motivering." in message.body


def test_unpublishing_a_page_tells_its_followers_in_guru_and_by_e_mail(
    client, handbook, people
):
    # given a follower of the page who only wants saklig changes
    page = handbook["komplettering"]
    follower = people("sidan")
    services.follow(user=follower, page=page)

    # when an editor unpublishes the page
    GuidancePage.objects.get(pk=page.pk).unpublish()

    # then the follower gets one notice and one e-mail saying it no longer applies
    (notice,) = ChangeNotification.objects.filter(user=follower)
    assert notice.kind == NotificationKind.WITHDRAWN
    (message,) = mail.outbox
    assert message.subject == (
        "Avpublicerad sida i handläggarstödet: Komplettering av ansökan"
    )
    assert "sidan gäller inte längre" in message.body
    assert f"/andringar/version/{notice.version_id}/" in message.body
    # and sees it on "Bevakningar", where it leads to the last version
    client.force_login(follower)
    assert "Sidan gäller inte längre." in client.get("/andringar/bevakningar/").text
    opened = client.get(f"/andringar/notis/{notice.pk}/")
    assert opened["Location"] == f"/andringar/version/{notice.version_id}/"
    # and the page under "Det här bevakar du" leads to its last version, not to
    # its address, which no longer answers
    following = client.get("/andringar/bevakningar/").text
    assert f'href="{page.url}"' not in following
    assert f'href="/andringar/sida/{page.pk}/"' in following
    assert "avpublicerad, gäller inte längre" in following
    assert client.get(f"/andringar/sida/{page.pk}/").status_code == 200


def test_unpublishing_after_a_change_is_a_second_notice_of_its_own(handbook, people):
    # given a follower already told of the page's latest change
    page = handbook["komplettering"]
    follower = people("sidan")
    services.follow(user=follower, page=page)
    version = publish_change(page)

    # when the page is unpublished
    GuidancePage.objects.get(pk=page.pk).unpublish()

    # then that version has two notices for them: changed, then withdrawn
    assert sorted(
        ChangeNotification.objects.filter(user=follower, version=version).values_list(
            "kind", flat=True
        )
    ) == [NotificationKind.CHANGED, NotificationKind.WITHDRAWN]
    assert len(mail.outbox) == 2


def test_whoever_unpublishes_a_page_is_not_told_of_it_but_other_followers_are(
    handbook, people
):
    from wagtail.actions.unpublish_page import UnpublishPageAction

    # given an administrator and a caseworker who both follow the page
    page = handbook["komplettering"]
    admin = people("admin", roles=[Role.HANDLAGGARE, Role.ADMINISTRATOR])
    follower = people("sidan")
    services.follow(user=admin, page=page)
    services.follow(user=follower, page=page)

    # when the administrator unpublishes it through Wagtail's action, as the
    # admin interface does (with its permission check)
    UnpublishPageAction(GuidancePage.objects.get(pk=page.pk), user=admin).execute()

    # then only the caseworker is told, in Guru and by e-mail
    assert set(ChangeNotification.objects.values_list("user__username", flat=True)) == {
        "sidan"
    }
    assert [message.to for message in mail.outbox] == [["sidan@guru.example.se"]]


def test_an_older_unpublish_in_the_log_does_not_hide_a_later_one_from_its_author(
    handbook, people
):
    # given a page an administrator unpublished once and published again
    page = handbook["komplettering"]
    admin = people("admin", roles=[Role.HANDLAGGARE, Role.ADMINISTRATOR])
    services.follow(user=admin, page=page)
    GuidancePage.objects.get(pk=page.pk).unpublish(user=admin)
    publish_change(page)

    # when it is unpublished again without Wagtail logging who did it
    GuidancePage.objects.get(pk=page.pk).unpublish(log_action=False)

    # then the administrator is told this time: the log names nobody for it
    assert ChangeNotification.objects.filter(
        user=admin, kind=NotificationKind.WITHDRAWN
    ).exists()


def test_deleting_a_page_tells_its_followers_who_could_read_it_but_not_its_deleter(
    handbook, people, editor, restrict
):
    # given a page only Redaktörer may read, followed by the administrator who
    # deletes it, an editor and a caseworker (who has lost access since)
    page = handbook["komplettering"]
    admin = people("admin", roles=[Role.HANDLAGGARE, Role.REDAKTOR, Role.ADMINISTRATOR])
    outsider = people("sidan")
    for user in (admin, editor, outsider):
        services.follow(user=user, page=page)
    restrict(page)

    # when the administrator deletes it (a page without comments or votes)
    GuidancePage.objects.get(pk=page.pk).delete(user=admin)

    # then only the editor is told, in Guru and by e-mail
    (notice,) = ChangeNotification.objects.all()
    assert (notice.user, notice.kind) == (editor, NotificationKind.DELETED)
    assert notice.version.withdrawn_at is not None
    assert not GuidancePage.objects.filter(pk=page.pk).exists()
    (message,) = mail.outbox
    assert message.to == [editor.email]
    assert "sidan gäller inte längre" in message.body


def test_a_deleted_page_is_called_deleted_not_unpublished(client, handbook, people):
    # given a follower of the page
    page = handbook["komplettering"]
    follower = people("sidan")
    services.follow(user=follower, page=page)

    # when the page is deleted
    GuidancePage.objects.get(pk=page.pk).delete()

    # then the e-mail and "Bevakningar" say so
    (message,) = mail.outbox
    assert (
        message.subject == "Raderad sida i handläggarstödet: Komplettering av ansökan"
    )
    assert "raderad " in message.body and "avpublicerad" not in message.body
    client.force_login(follower)
    html = client.get("/andringar/bevakningar/").text
    assert "Raderad " in html and "Avpublicerad" not in html


def test_deleting_a_page_unpublished_before_tells_its_followers_nothing_more(
    handbook, people
):
    # given a follower told that the page was unpublished
    page = handbook["komplettering"]
    follower = people("sidan")
    services.follow(user=follower, page=page)
    GuidancePage.objects.get(pk=page.pk).unpublish()

    # when the page is deleted later
    GuidancePage.objects.get(pk=page.pk).delete()

    # then it stopped applying when it was unpublished, and they knew it then
    (notice,) = ChangeNotification.objects.filter(user=follower)
    assert notice.kind == NotificationKind.WITHDRAWN
    assert len(mail.outbox) == 1


def test_follow_button_and_my_following_page(client, handbook, caseworker):
    client.force_login(caseworker)
    page = handbook["komplettering"]

    response = client.post(
        f"/andringar/bevaka/{page.pk}/",
        {"next": page.url},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "sluta bevaka" in response.text

    publish_change(page, section="tidsfrist", text="<p>Ny frist.</p>")
    mine = client.get("/andringar/bevakningar/")
    assert "Komplettering av ansökan" in mine.text
    assert "Ny" in mine.text
    header = client.get(page.url)
    assert 'aria-label="1 oläst ändring"' in header.text

    (notification,) = ChangeNotification.objects.filter(user=caseworker)
    opened = client.get(f"/andringar/notis/{notification.pk}/")
    assert opened["Location"].endswith(f"/andringar/sida/{page.pk}/jamfor/?till=2")
    notification.refresh_from_db()
    assert notification.read_at is not None

    client.post(f"/andringar/bevaka/{page.pk}/", {"action": "unfollow"})
    assert "Du bevakar inga sidor" in client.get("/andringar/bevakningar/").text


def test_a_user_cannot_open_someone_elses_notification(client, handbook, people):
    owner, intruder = people("agare"), people("inkraktare")
    services.follow(user=owner, page=handbook["komplettering"])
    publish_change(handbook["komplettering"])
    (notification,) = ChangeNotification.objects.filter(user=owner)
    client.force_login(intruder)
    assert client.get(f"/andringar/notis/{notification.pk}/").status_code == 404


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "javascript:alert(1)",
        "bevakningar",  # not an address: redirect() would look it up as a name
        "abc",
    ],
)
def test_following_never_sends_the_browser_on_to_another_site(
    client, handbook, caseworker, next_url
):
    client.force_login(caseworker)
    page = handbook["komplettering"]

    response = client.post(f"/andringar/bevaka/{page.pk}/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == page.url


def test_following_goes_back_to_the_page_it_was_asked_from(
    client, handbook, caseworker
):
    client.force_login(caseworker)
    page = handbook["komplettering"]

    response = client.post(
        f"/andringar/bevaka/{page.pk}/", {"next": "/andringar/bevakningar/"}
    )

    assert response["Location"] == "/andringar/bevakningar/"


def test_a_follower_chooses_all_changes_and_a_daily_e_mail_on_my_following_page(
    client, handbook, caseworker
):
    # given a page followed from its button: substantive changes, e-mail at once
    client.force_login(caseworker)
    page = handbook["komplettering"]
    client.post(f"/andringar/bevaka/{page.pk}/", {"next": page.url})
    mine = client.get("/andringar/bevakningar/").text
    assert "sakliga ändringar · Direkt, ett e-brev per ändring" in mine
    assert "Ändra vad du får veta om Komplettering av ansökan" in mine
    assert duplicate_ids(mine) == []

    # when they change it there, as the form on the page sends it
    response = client.post(
        f"/andringar/bevaka/{page.pk}/",
        {
            "next": "/andringar/bevakningar/",
            "include_editorial": "on",
            "delivery": Delivery.DAILY,
        },
    )

    # then the follow keeps the choice, and the page says so
    assert response["Location"] == "/andringar/bevakningar/"
    subscription = Subscription.objects.get(user=caseworker, page=page)
    assert subscription.include_editorial and subscription.delivery == Delivery.DAILY
    mine = client.get("/andringar/bevakningar/").text
    assert "alla ändringar · En gång om dagen, samlat" in mine
    assert 'name="include_editorial" id="follow-' in mine
    assert "checked" in mine.split('name="include_editorial"')[1].split(">")[0]
