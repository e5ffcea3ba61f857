"""Personal feed addresses: calendar and news without log-in, and "Skapa ny länk"."""

import pytest
from django.core import signing
from django.urls import reverse

from guru.meetings import exports, services


@pytest.fixture
def published(meeting, gd, item, secretary):
    services.minutes_record(item=item, minutes="Tertialen gicks igenom.")
    services.minutes_lock(meeting=meeting, user=gd)
    article = services.news_compose(meeting=meeting, user=secretary)
    services.news_publish(article=article, user=gd)
    return article


def _addresses(client) -> tuple[str, str]:
    """The calendar and news addresses as the calendar page shows them."""
    page = client.get(reverse("meetings:calendar_info"))
    calendar = page.context["feed_url"].removeprefix("http://testserver")
    news = page.context["news_feed_url"].removeprefix("http://testserver")
    assert calendar in page.text and news in page.text
    return calendar, news


def test_skapa_ny_lank_replaces_the_addresses_and_the_old_ones_answer_404(
    client, meeting, head, published
):
    # given the addresses head subscribed to
    client.force_login(head)
    old_calendar, old_news = _addresses(client)
    assert "Skapa ny länk" in client.get(reverse("meetings:calendar_info")).text

    # when they ask for new ones
    response = client.post(reverse("meetings:calendar_renew"), follow=True)
    assert "De gamla fungerar inte längre" in response.text
    new_calendar, new_news = _addresses(client)
    client.logout()

    # then the old addresses are gone and the new ones work, without a log-in
    assert new_calendar != old_calendar and new_news != old_news
    assert client.get(old_calendar).status_code == 404
    assert client.get(old_news).status_code == 404
    calendar = client.get(new_calendar)
    assert calendar.status_code == 200
    assert b"Ledningsgruppen 2026-03-27" in calendar.content
    assert client.get(new_news).status_code == 200


def test_renewing_one_persons_address_leaves_the_others_working(
    client, meeting, gd, head
):
    # given
    gd_token = exports.calendar_token(gd)

    # when
    services.feed_address_renew(user=head)

    # then
    url = reverse("meetings:calendar_token", args=[gd_token])
    assert client.get(url).status_code == 200


def test_an_address_made_before_renewal_existed_works_until_renewed(
    client, meeting, head
):
    # given a token as it was signed before: the user id alone
    legacy = signing.dumps(head.pk, salt=exports.CALENDAR_SALT)
    url = reverse("meetings:calendar_token", args=[legacy])
    assert client.get(url).status_code == 200

    # when
    services.feed_address_renew(user=head)

    # then
    assert client.get(url).status_code == 404


def test_a_feed_reader_reads_the_news_with_the_personal_address_only(
    client, head, published
):
    # given no session
    token = exports.calendar_token(head)

    # when / then: the plain feed wants a log-in, the personal address does not
    assert client.get(reverse("meetings:news_feed")).status_code == 302
    feed = client.get(reverse("meetings:news_feed_token", args=[token]))
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert published.title in feed.content.decode()
    forged = reverse("meetings:news_feed_token", args=[token[:-2] + "xx"])
    assert client.get(forged).status_code == 404


def test_a_deactivated_users_addresses_stop_working(client, head):
    # given
    token = exports.calendar_token(head)

    # when
    head.is_active = False
    head.save(update_fields=["is_active"])

    # then
    assert (
        client.get(reverse("meetings:calendar_token", args=[token])).status_code == 404
    )
    assert (
        client.get(reverse("meetings:news_feed_token", args=[token])).status_code == 404
    )
