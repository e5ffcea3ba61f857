"""Comments and votes on a page that Wagtail's view restrictions keep from a reader
are neither readable nor writable by that reader: 404, as if the page did not exist."""

import pytest
from django.urls import reverse

from guru.feedback import services
from guru.feedback.models import Comment, HelpfulVote, Notification

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def secret(page, restrict, editor):
    restrict(page)
    services.comment_create(page=page, author=editor, body="Hemlig synpunkt.")
    return page


def test_a_reader_outside_the_groups_can_neither_read_nor_write_comments(
    client, secret, caseworker
):
    client.force_login(caseworker)

    section = client.get(f"/synpunkter/sida/{secret.pk}/", **HTMX)
    written = client.post(
        f"/synpunkter/sida/{secret.pk}/skriv/", {"body": "Släpp in mig"}, **HTMX
    )
    voted = client.post(f"/synpunkter/sida/{secret.pk}/rosta/", {"helpful": "ja"})

    assert section.status_code == 404
    assert "Hemlig synpunkt." not in section.text
    assert written.status_code == 404 and voted.status_code == 404
    assert not Comment.objects.filter(author=caseworker).exists()
    assert not HelpfulVote.objects.exists()


def test_a_comment_written_before_the_restriction_cannot_be_changed_after_it(
    client, page, restrict, caseworker
):
    comment = services.comment_create(page=page, author=caseworker, body="Min text")
    restrict(page)
    client.force_login(caseworker)

    assert client.get(f"/synpunkter/{comment.pk}/andra/", **HTMX).status_code == 404
    assert client.post(f"/synpunkter/{comment.pk}/dra-tillbaka/").status_code == 404
    comment.refresh_from_db()
    assert comment.visibility == "visible"


def test_the_pages_groups_read_and_write_comments_as_usual(client, secret, editor):
    client.force_login(editor)

    section = client.get(f"/synpunkter/sida/{secret.pk}/", **HTMX)
    written = client.post(
        f"/synpunkter/sida/{secret.pk}/skriv/", {"body": "Jag får vara här"}, **HTMX
    )

    assert section.status_code == 200 and "Hemlig synpunkt." in section.text
    assert written.status_code == 200 and "Jag får vara här" in written.text


def test_the_feedback_inbox_is_for_editors_only(client, secret, caseworker):
    client.force_login(caseworker)
    comment = Comment.objects.get()
    for url in ("/admin/synpunkter/", f"/admin/synpunkter/{comment.pk}/"):
        response = client.get(url)
        assert response.status_code in {302, 403}, url
        assert "Hemlig synpunkt." not in response.text


@pytest.fixture
def answered_then_restricted(page, restrict, caseworker, editor):
    """The caseworker's comment, answered, on a page restricted after the answer."""
    comment = services.comment_create(
        page=page, author=caseworker, body="Min egen synpunkt om fristen."
    )
    services.comment_reply(comment=comment, user=editor, body="Tack, vi ser över.")
    restrict(page)
    return comment


def test_the_header_badge_leaves_out_notices_about_a_page_restricted_since(
    client, handbook, answered_then_restricted, caseworker
):
    # given an unread notice about a page the caseworker may no longer open
    assert Notification.objects.filter(user=caseworker, read_at=None).exists()
    client.force_login(caseworker)

    # then neither the header's badge nor "Mina synpunkter" tells of it
    header = client.get(handbook["beslutsmotivering"].url).text
    mine = client.get(reverse("feedback:mine")).text
    assert "olästa" not in header
    assert "Meddelanden" not in mine and "har fått svar" not in mine


def test_my_comments_keep_my_text_but_not_the_page_i_lost_access_to(
    client, answered_then_restricted, caseworker
):
    client.force_login(caseworker)
    page = answered_then_restricted.page

    html = client.get(reverse("feedback:mine")).text

    assert "Min egen synpunkt om fristen." in html
    assert "En sida som du inte längre har behörighet till" in html
    assert page.title not in html
    assert page.url not in html


def test_my_comments_still_name_and_link_a_page_i_may_read(
    client, answered_then_restricted, editor
):
    # the restriction lets Redaktörer in: the editor's own comment keeps its page
    page = answered_then_restricted.page
    services.comment_create(page=page, author=editor, body="Redaktörens synpunkt.")
    client.force_login(editor)

    html = client.get(reverse("feedback:mine")).text

    assert f'<a href="{page.url}#synpunkt-' in html and page.title in html
    assert "inte längre har behörighet" not in html
