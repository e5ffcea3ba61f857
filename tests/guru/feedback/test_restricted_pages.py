"""Comments and votes on a page that Wagtail's view restrictions keep from a reader
are neither readable nor writable by that reader: 404, as if the page did not exist."""

import io

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


# -- the editors' views: only feedback on pages the editor may read -------------
SECRET_COMMENT = "Ledningsgruppens rutin för lönerevision saknar ett steg."
SECRET_MISSING = "Vad styrelsen beslutade om lönerevisionen."


@pytest.fixture
def leadership_page(page, restrict, caseworker, second_editor):
    """A page restricted to Ledningsgrupp (the editor is not in it, though
    Wagtail lets Redaktörer edit every guidance page), with a comment and a
    Nej-vote written before the restriction, and an open page with the same."""
    from guru.accounts.roles import Role

    services.comment_create(page=page, author=caseworker, body=SECRET_COMMENT)
    services.vote_cast(
        page=page, user=caseworker, helpful=False, missing=SECRET_MISSING
    )
    restrict(page.get_parent(), roles=(Role.LEDNINGSGRUPP,))
    return page


@pytest.fixture
def open_feedback(handbook, caseworker):
    other = handbook["beslutsmotivering"]
    services.comment_create(page=other, author=caseworker, body="Öppen synpunkt.")
    services.vote_cast(page=other, user=caseworker, helpful=False, missing="Öppet.")
    return other


def _editor_texts(client) -> dict[str, str]:
    """Every editors' view and export of feedback, as text."""
    from openpyxl import load_workbook

    texts = {
        url: client.get(url).content.decode()
        for url in (
            reverse("feedback_inbox"),
            reverse("feedback_votes"),
            reverse("feedback_pages"),
        )
    }
    dashboard = client.get("/admin/").content.decode()
    panel = dashboard.split('id="guru-feedback-panel-heading"')[1]
    texts["dashboard panel"] = panel.split("</section>")[0]
    export = reverse("feedback_export")
    for kind in ("comments", "votes"):
        response = client.get(export, {"format": "csv", "kind": kind})
        texts[f"csv {kind}"] = response.content.decode("utf-8")
    workbook = load_workbook(io.BytesIO(client.get(export, {"format": "xlsx"}).content))
    texts["xlsx"] = " ".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    )
    return texts


def test_editors_lists_and_exports_leave_out_feedback_on_a_page_they_may_not_read(
    client, leadership_page, open_feedback, editor
):
    # when an editor outside Ledningsgrupp opens every list and export
    client.force_login(editor)
    texts = _editor_texts(client)

    # then the open page's feedback is there, the restricted page's nowhere
    assert "Öppen synpunkt." in texts[reverse("feedback_inbox")]
    assert "Öppet." in texts[reverse("feedback_votes")]
    assert open_feedback.title in texts[reverse("feedback_pages")]
    assert "Öppen synpunkt." in texts["csv comments"] + texts["xlsx"]
    for name, text in texts.items():
        assert SECRET_COMMENT not in text, name
        assert SECRET_MISSING not in text, name
        assert leadership_page.title not in text, name
        # nor is the restricted area offered in the area filter
        assert leadership_page.get_parent().title not in text, name


def test_an_editor_may_not_open_or_act_on_feedback_on_a_page_they_may_not_read(
    client, leadership_page, editor
):
    comment = Comment.objects.get(page=leadership_page)
    vote = HelpfulVote.objects.get(page=leadership_page)
    client.force_login(editor)

    detail = client.get(reverse("feedback_comment", args=[comment.pk]))
    replied = client.post(
        reverse("feedback_comment", args=[comment.pk]),
        {"action": "reply", "reply": "Svar från en som inte får läsa sidan."},
    )
    client.post(
        reverse("feedback_inbox"),
        {"comment": [comment.pk], "status": "in_progress", "query": ""},
    )
    client.post(reverse("feedback_votes"), {"vote": [vote.pk], "query": ""})

    assert detail.status_code == 404 and SECRET_COMMENT not in detail.text
    assert replied.status_code == 404
    comment.refresh_from_db()
    vote.refresh_from_db()
    assert comment.status == "new" and not comment.replies.exists()
    assert vote.handled_at is None


def test_editors_in_the_pages_group_and_superusers_handle_its_feedback(
    client, leadership_page, units
):
    from guru.accounts.roles import Role
    from tests.factories import UserFactory

    in_group = UserFactory(
        username="redaktor-lg",
        unit=units["RÄTT-HS"],
        roles=[Role.REDAKTOR, Role.LEDNINGSGRUPP],
    )
    superuser = UserFactory(username="superuser", is_superuser=True)
    comment = Comment.objects.get(page=leadership_page)
    for user in (in_group, superuser):
        client.force_login(user)
        texts = _editor_texts(client)
        assert SECRET_COMMENT in texts[reverse("feedback_inbox")], user
        assert SECRET_MISSING in texts[reverse("feedback_votes")], user
        assert SECRET_COMMENT in texts["csv comments"], user
        detail = client.get(reverse("feedback_comment", args=[comment.pk]))
        assert detail.status_code == 200, user


def test_the_digest_leaves_out_comments_on_a_page_the_owner_may_not_read(
    leadership_page, open_feedback, editor, second_editor
):
    from django.core import mail

    from guru.feedback.notifications import digest_send

    # given comments on two pages the editor owns, one restricted to Ledningsgrupp
    from guru.handbook.models import GuidancePage

    GuidancePage.objects.filter(pk=open_feedback.pk).update(owner_person=editor)
    assert GuidancePage.objects.get(pk=leadership_page.pk).owner_person == editor

    # when the digest runs
    digest_send()

    # then the owner hears of the open page's comment only, and not later either
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert "Öppen synpunkt." in mail.outbox[0].body
    assert SECRET_COMMENT not in mail.outbox[0].body
    assert not Comment.objects.filter(owner_notified_at=None).exists()


def test_a_commenter_who_lost_access_is_not_e_mailed_the_reply(
    page, restrict, caseworker, editor, django_capture_on_commit_callbacks
):
    from django.core import mail

    # given a caseworker's comment on a page since restricted to Redaktörer
    comment = services.comment_create(page=page, author=caseworker, body="Fristen?")
    restrict(page)

    # when an editor who may read the page replies
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_reply(comment=comment, user=editor, body="Numera 14 dagar.")

    # then no e-mail names the page or quotes the reply to the caseworker
    assert mail.outbox == []
