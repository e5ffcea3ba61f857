"""The daily digest to page owners, run by the scheduler."""

from django.core import mail
from django.core.management import call_command

from guru.feedback import services
from guru.feedback.models import Comment
from guru.feedback.notifications import digest_send


def test_page_owner_gets_new_comments_once(handbook, open_period, caseworker, editor):
    # given two new comments on the page that "redaktor" owns
    page = handbook["komplettering"]
    assert page.owner_person == editor
    services.comment_create(page=page, author=caseworker, body="Första synpunkten")
    services.comment_create(
        page=page, author=caseworker, body="Andra", section_anchor="tidsfrist"
    )

    # when the digest runs twice
    call_command("feedback_digest", stdout=None)
    call_command("feedback_digest", stdout=None)

    # then the owner got one e-mail with both comments, and nothing more
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [editor.email]
    assert "2 nya synpunkter" in message.subject
    assert "Första synpunkten" in message.body
    assert "Tidsfrist för komplettering" in message.body
    assert "/admin/synpunkter/" in message.body
    assert not Comment.objects.filter(owner_notified_at=None).exists()


def test_each_owner_gets_only_their_pages(
    handbook, open_period, caseworker, editor, second_editor
):
    services.comment_create(
        page=handbook["komplettering"], author=caseworker, body="Om komplettering"
    )
    services.comment_create(
        page=handbook["beslutsmotivering"], author=caseworker, body="Om beslut"
    )

    sent = digest_send()

    assert sent == 2
    assert {m.subject for m in mail.outbox} == {"Guru: 1 ny synpunkt på dina sidor"}
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert "Om beslut" not in by_recipient[editor.email]
    assert "Om beslut" in by_recipient[second_editor.email]


def test_every_line_of_a_comment_is_indented_under_its_heading(
    handbook, open_period, caseworker
):
    # given a comment with a list of its own, written in a browser (CR LF)
    services.comment_create(
        page=handbook["komplettering"],
        author=caseworker,
        body="Två saker saknas:\r\n- ange paragrafen\r\n\r\n- ange fristen",
    )

    digest_send()

    # then its lines stay inside the comment's item, not as items of their own
    body = mail.outbox[0].body
    assert "\n  Två saker saknas:\n  - ange paragrafen\n\n  - ange fristen\n" in body
    assert "\n- ange" not in body
