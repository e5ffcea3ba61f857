"""Telling people about comments: notices in Guru, e-mail, the owners' digest."""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import ngettext

from guru.handbook.permissions import denied_paths, is_denied

from . import selectors
from .models import Comment, Notification

logger = logging.getLogger(__name__)


@transaction.atomic
def notifications_mark_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at=None).update(
        read_at=timezone.now()
    )


def notification_send(comment: Comment, *, message: str) -> None:
    """Tell the commenter in Guru and by e-mail (sent after the commit).

    A commenter who may no longer view the page (restricted since) gets no e-mail:
    it names the page and quotes the reply. The notice in Guru is shown only while
    they may view it (``selectors.readable_notifications``).
    """
    Notification.objects.create(user=comment.author, comment=comment, message=message)
    recipient = comment.author.email
    if not recipient or is_denied(comment.page.path, denied_paths(comment.author)):
        return
    body = render_to_string(
        "feedback/email/notification.txt",
        {
            "comment": comment,
            "message": message,
            "base_url": settings.WAGTAILADMIN_BASE_URL,
        },
    )

    def send() -> None:
        try:
            send_mail(message, body, None, [recipient])
        except OSError:
            logger.exception("Could not e-mail comment notification %s", comment.pk)

    transaction.on_commit(send)


def digest_send(*, now: datetime.datetime | None = None) -> int:
    """E-mail each page owner the comments on their pages not yet sent; return count.

    Comments on pages without a page owner (or without an e-mail address), and on
    pages the owner may not view, are marked as handled too, so that the digest
    never grows without end.
    """
    now = now or timezone.now()
    pending = list(selectors.digest_pending())
    by_owner: dict[object, list[Comment]] = defaultdict(list)
    for comment in pending:
        owner = getattr(comment.page.specific, "owner_person", None)
        if owner is not None and owner.email:
            by_owner[owner].append(comment)
    for owner, comments in list(by_owner.items()):
        # An owner outside a page's groups (restricted after they were made its
        # owner, say) is not e-mailed its comments: the e-mail quotes them.
        denied = denied_paths(owner)
        by_owner[owner] = [c for c in comments if not is_denied(c.page.path, denied)]
        if not by_owner[owner]:
            del by_owner[owner]
    sent = 0
    for owner, comments in by_owner.items():
        body = render_to_string(
            "feedback/email/digest.txt",
            {
                "owner": owner,
                "comments": comments,
                "base_url": settings.WAGTAILADMIN_BASE_URL,
            },
        )
        subject = ngettext(
            "Guru: %(count)d ny synpunkt på dina sidor",
            "Guru: %(count)d nya synpunkter på dina sidor",
            len(comments),
        ) % {"count": len(comments)}
        send_mail(subject, body, None, [owner.email])
        Comment.objects.filter(pk__in=[c.pk for c in comments]).update(
            owner_notified_at=now
        )
        sent += 1
    Comment.objects.filter(
        pk__in=[c.pk for c in pending], owner_notified_at=None
    ).update(owner_notified_at=now)
    return sent
