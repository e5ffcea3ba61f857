"""News composed from locked minutes, published on the start page and in the feed."""

import pytest
from django.urls import reverse

from guru.meetings import services
from guru.meetings.models import NewsArticle


@pytest.fixture
def locked(meeting, gd, item, head):
    services.minutes_record(
        item=item, minutes="Tertialen visar att handläggningstiderna har kortats."
    )
    services.decision_record(item=item, text="Fyra fokus gäller resten av året.")
    guru = services.agenda_item_create(
        meeting=meeting, title="Guru som vägleder", kind="information"
    )
    services.minutes_record(item=guru, minutes="Guru införs stegvis.")
    secret = services.agenda_item_create(
        meeting=meeting, title="Lönerevision", kind="diskussion", is_internal=True
    )
    services.minutes_record(item=secret, minutes="Förhandlingsläget diskuterades.")
    services.minutes_lock(meeting=meeting, user=gd)
    return meeting


def test_a_draft_needs_locked_minutes(meeting, secretary):
    with pytest.raises(Exception, match="justerat"):
        services.news_compose(meeting=meeting, user=secretary)


def test_the_draft_has_a_lead_a_section_per_public_item_quotes_and_the_pen(
    locked, secretary
):
    article = services.news_compose(meeting=locked, user=secretary)

    assert article.title == (
        "Ledningsgrupp 27 mars: Tertialuppföljning och Guru som vägleder"
    )
    assert "2 frågor" in article.lead
    assert "## Tertialuppföljning" in article.body
    assert "## Guru som vägleder" in article.body
    assert "> LG 2026-03-27 § 1: Fyra fokus gäller resten av året." in article.body
    assert "Lönerevision" not in article.body
    assert "Förhandlingsläget" not in article.body
    assert article.pen == "Siri Nord"
    assert not article.is_published


def test_published_news_reaches_the_start_page_archive_and_feed(
    client, handbook, locked, gd, secretary, staff
):
    # given a composed, edited and published article
    article = services.news_compose(meeting=locked, user=secretary)
    services.news_update(
        article=article,
        title="Ledningsgrupp 27 mars: fyra fokus",
        lead="Ledningsgruppen satte fokus för året.",
        body=article.body + '\n\n> "Vi gör det tillsammans." – Greta Dahl, GD',
        pen=article.pen,
    )
    services.news_publish(article=article, user=gd)
    client.force_login(staff)

    # when / then: the start page
    start = client.get("/").content.decode()
    assert "Nyheter från ledningsgruppen" in start
    assert "Ledningsgrupp 27 mars: fyra fokus" in start
    # the archive and the article
    assert "fyra fokus" in client.get(reverse("meetings:news_archive")).content.decode()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<h2>Guru som vägleder</h2>" in page
    assert "<blockquote>" in page
    assert "Vid pennan: Siri Nord" in page
    # the Atom feed
    feed = client.get(reverse("meetings:news_feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Ledningsgrupp 27 mars: fyra fokus" in feed.content.decode()


def test_the_start_page_shows_no_news_block_before_anything_is_published(
    client, handbook, locked, secretary, staff
):
    services.news_compose(meeting=locked, user=secretary)
    client.force_login(staff)
    assert "Nyheter från ledningsgruppen" not in client.get("/").content.decode()


def test_an_empty_title_is_refused_and_the_text_kept(client, locked, secretary):
    article = services.news_compose(meeting=locked, user=secretary)
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:news_edit", args=[article.pk]),
        {"title": "", "lead": "Min ingress", "body": "Min text", "pen": "Siri"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Nyheten behöver en rubrik." in page
    assert "Min ingress" in page


def test_a_personnummer_in_the_minutes_does_not_reach_the_news(
    meeting, gd, item, secretary
):
    services.minutes_record(
        item=item, minutes="Ärendet för 19811218-9876 togs upp som exempel."
    )
    services.minutes_lock(meeting=meeting, user=gd)

    article = services.news_compose(meeting=meeting, user=secretary)
    services.news_update(
        article=article,
        title=article.title,
        lead="Sökande 811218-9876 nämndes.",
        body=article.body,
        pen=article.pen,
    )

    article.refresh_from_db()
    assert "9876" not in article.body
    assert "9876" not in article.lead


def test_a_personnummer_in_an_item_title_does_not_reach_the_news_title(
    meeting, gd, secretary
):
    # given a public item whose title names a person by personnummer
    services.agenda_item_create(
        meeting=meeting, title="Ärende 19811218-9876 om bidrag", kind="beslut"
    )
    services.minutes_lock(meeting=meeting, user=gd)

    # when the draft is composed
    article = services.news_compose(meeting=meeting, user=secretary)

    # then neither the title nor anything else of it holds the number
    assert article.title == "Ledningsgrupp 27 mars: Ärende [personnummer] om bidrag"
    assert "9876" not in f"{article.title} {article.lead} {article.body}"


def test_publishing_masks_a_personnummer_that_reached_the_article_another_way(
    locked, gd, secretary
):
    # given a draft whose text was changed without the service (admin, import)
    article = services.news_compose(meeting=locked, user=secretary)
    NewsArticle.objects.filter(pk=article.pk).update(
        title="Om 811218-9876",
        lead="Ingress om 19811218-9876.",
        body="Text om 811218-9876.",
    )
    article.refresh_from_db()

    # when it is published
    services.news_publish(article=article, user=gd)

    # then what staff read holds no personnummer
    article.refresh_from_db()
    assert article.is_published
    assert "9876" not in f"{article.title} {article.lead} {article.body}"


def test_composing_twice_returns_the_draft_already_written(client, locked, secretary):
    # given
    client.force_login(secretary)
    url = reverse("meetings:news_compose", args=[locked.pk])

    # when the button is posted twice (a double click)
    first = client.post(url)
    second = client.post(url)

    # then there is one draft, and both answers lead to it
    article = NewsArticle.objects.get(meeting=locked)
    edit = reverse("meetings:news_edit", args=[article.pk])
    assert (first.url, second.url) == (edit, edit)
    assert services.news_compose(meeting=locked, user=secretary) == article
    assert NewsArticle.objects.filter(meeting=locked).count() == 1


def test_publishing_an_article_that_masking_makes_too_long_is_refused_with_a_message(
    client, locked, gd, secretary
):
    # given a draft whose title was filled to its 200 characters, with a
    # personnummer, without the service: its mask is longer than the number
    article = services.news_compose(meeting=locked, user=secretary)
    title = "Om 811218-9876 " + "x" * (200 - len("Om 811218-9876 "))
    NewsArticle.objects.filter(pk=article.pk).update(title=title)
    client.force_login(gd)

    # when GD publishes it
    response = client.post(
        reverse("meetings:news_publish", args=[article.pk]), follow=True
    )

    # then it stays a draft, GD is told why on the edit page, nothing is cut
    article.refresh_from_db()
    assert not article.is_published
    assert article.title == title
    assert response.redirect_chain[-1][0] == reverse(
        "meetings:news_edit", args=[article.pk]
    )
    assert "Skriv högst 200 tecken" in response.content.decode()


def test_the_note_taker_reads_on_the_draft_who_publishes_it(client, locked, secretary):
    # given a draft the note-taker composed, which only the group may publish
    article = services.news_compose(meeting=locked, user=secretary)
    client.force_login(secretary)

    # when the note-taker opens it after saving
    page = client.get(article.get_absolute_url()).content.decode()

    # then the page says who takes it on from there, as there is no button to
    assert "Publicera på startsidan" not in page
    assert "Ledningsgruppen publicerar nyheten på startsidan" in page


def test_the_group_is_not_told_that_the_group_publishes(client, locked, secretary, gd):
    # given a draft the note-taker composed
    article = services.news_compose(meeting=locked, user=secretary)
    client.force_login(gd)

    # when one who may publish opens it
    page = client.get(article.get_absolute_url()).content.decode()

    # then the button is there and no note sends them to themselves
    assert "Publicera på startsidan" in page
    assert "Ledningsgruppen publicerar nyheten på startsidan" not in page
