"""State changes of comments, votes, test-period overrides and notifications.

Each public function is one transaction. Messages to users are Swedish via gettext.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, Revision

from guru.privacy import mask_personnummer

from . import permissions, selectors
from .models import (
    CLOSED_STATUSES,
    Comment,
    CommentEvent,
    CommentMode,
    CommentSetting,
    CommentStatus,
    HelpfulVote,
    Reply,
    Visibility,
)
from .notifications import notification_send

MAX_LENGTH = 5_000
EDIT_CLOSED = gettext_lazy(
    "Synpunkten kan inte längre ändras – det går bara under de första 15 minuterna."
)
WITHDRAW_CLOSED = gettext_lazy(
    "Synpunkten kan inte längre dras tillbaka – det går bara under de första "
    "15 minuterna."
)
RATE_WINDOW = datetime.timedelta(minutes=1)


def _rate_limit() -> int:
    return getattr(settings, "GURU_FEEDBACK_WRITES_PER_MINUTE", 10)


class RateLimited(ValidationError):
    """The user has written too much in the last minute."""


def _clean_text(text: str, *, field: str, required: bool = True) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ValidationError({field: _("Skriv något innan du skickar.")})
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            {
                field: _(
                    "Texten får vara högst %(max)s tecken, du har skrivit %(count)s. "
                    "Korta den och skicka igen – det du skrivit finns kvar."
                )
                % {"max": "5 000", "count": f"{len(text):,}".replace(",", " ")}
            }
        )
    return mask_personnummer(text)


def _check_rate(user, now: datetime.datetime, *, field: str) -> None:
    if (
        selectors.recent_writes_count(user=user, since=now - RATE_WINDOW, until=now)
        >= _rate_limit()
    ):
        raise RateLimited(
            {
                field: _(
                    "Du har skickat många synpunkter och svar på kort tid. Vänta en minut "
                    "och försök igen – texten finns kvar."
                )
            }
        )


def _section(page: Page, anchor: str) -> tuple[str, str]:
    if not anchor:
        return "", ""
    for section in getattr(page.specific, "sections", []):
        if section["anchor"] == anchor:
            return anchor, section["heading"]
    raise ValidationError({"section_anchor": _("Avsnittet finns inte på sidan.")})


def _event(comment: Comment, actor, action: str, **fields) -> CommentEvent:
    return CommentEvent.objects.create(
        comment=comment,
        actor=actor,
        action=action,
        created_at=fields.pop("at", None) or timezone.now(),
        **fields,
    )


@transaction.atomic
def comment_create(
    *,
    page: Page,
    author,
    body: str,
    section_anchor: str = "",
    now: datetime.datetime | None = None,
) -> Comment:
    """Store a comment (personnummer masked) if the page takes comments now."""
    now = now or timezone.now()
    period = selectors.comment_period_for_page(page=page, today=timezone.localdate(now))
    if not period.is_open:
        raise ValidationError({"body": _("Sidan tar inte emot synpunkter just nu.")})
    text = _clean_text(body, field="body")
    anchor, heading = _section(page, section_anchor)
    _check_rate(author, now, field="body")
    comment = Comment.objects.create(
        page=page,
        author=author,
        body=text,
        section_anchor=anchor,
        section_heading=heading,
        created_at=now,
    )
    _event(comment, author, CommentEvent.Action.CREATED, at=now)
    return comment


@transaction.atomic
def comment_update(
    *,
    comment: Comment,
    user,
    body: str,
    section_anchor: str = "",
    now: datetime.datetime | None = None,
) -> Comment:
    """The author's correction within the edit window; the old text goes to the trail.

    Saving it unchanged (text and section) is no correction: nothing is stored
    and the comment is not marked as changed.
    """
    now = now or timezone.now()
    if not permissions.can_change_own_comment(user, comment, now=now):
        raise PermissionDenied(EDIT_CLOSED)
    text = _clean_text(body, field="body")
    anchor, heading = _section(comment.page, section_anchor)
    if (text, anchor) == (comment.body, comment.section_anchor):
        return comment
    _event(comment, user, CommentEvent.Action.EDITED, note=comment.body, at=now)
    comment.body, comment.edited_at = text, now
    comment.section_anchor, comment.section_heading = anchor, heading
    comment.save(
        update_fields=["body", "edited_at", "section_anchor", "section_heading"]
    )
    return comment


@transaction.atomic
def comment_withdraw(
    *, comment: Comment, user, now: datetime.datetime | None = None
) -> Comment:
    """The author takes the comment back within the edit window; the row stays."""
    now = now or timezone.now()
    if not permissions.can_change_own_comment(user, comment, now=now):
        raise PermissionDenied(WITHDRAW_CLOSED)
    comment.visibility = Visibility.WITHDRAWN
    comment.save(update_fields=["visibility"])
    _event(comment, user, CommentEvent.Action.WITHDRAWN, at=now)
    return comment


def _require_moderator(user) -> None:
    if not permissions.can_moderate(user):
        raise PermissionDenied(_("Bara redaktörer hanterar synpunkter."))


@transaction.atomic
def comment_reply(
    *,
    comment: Comment,
    user,
    body: str,
    notify: bool = True,
    now: datetime.datetime | None = None,
) -> Reply:
    """An editor answers a comment; the commenter is notified.

    ``notify=False`` and ``now`` are for loading history (the demo), not for views.
    """
    _require_moderator(user)
    now = now or timezone.now()
    text = _clean_text(body, field="reply")
    _check_rate(user, now, field="reply")
    reply = Reply.objects.create(
        comment=comment, author=user, body=text, created_at=now
    )
    _event(comment, user, CommentEvent.Action.REPLIED, note=text, at=now)
    if not notify:
        return reply
    notification_send(
        comment,
        message=_("Din synpunkt om ”%(page)s” har fått svar.")
        % {"page": comment.page.title},
    )
    return reply


def _validate_status(
    comment: Comment, status: str, revision: Revision | None, reason: str
) -> None:
    if status not in CommentStatus.values:
        raise ValidationError({"status": _("Okänd status.")})
    if status == CommentStatus.REJECTED and not reason.strip():
        raise ValidationError(
            {"reason": _("Skriv en motivering när du avvisar en synpunkt.")}
        )
    if status == CommentStatus.RESOLVED:
        if revision is None:
            raise ValidationError(
                {"revision": _("Välj den version av sidan som åtgärdade synpunkten.")}
            )
        if str(revision.object_id) != str(comment.page_id):
            raise ValidationError({"revision": _("Versionen hör till en annan sida.")})


def _status_apply(
    comment: Comment,
    user,
    status: str,
    revision: Revision | None,
    reason: str,
    *,
    notify: bool = True,
    now: datetime.datetime | None = None,
) -> None:
    _validate_status(comment, status, revision, reason)
    previous = comment.status
    if previous == status and status != CommentStatus.RESOLVED:
        return
    now = now or timezone.now()
    comment.status = status
    comment.status_changed_at = now
    comment.resolved_revision = revision if status == CommentStatus.RESOLVED else None
    comment.rejection_reason = (
        mask_personnummer(reason.strip()) if status == CommentStatus.REJECTED else ""
    )
    comment.save(
        update_fields=[
            "status",
            "status_changed_at",
            "resolved_revision",
            "rejection_reason",
        ]
    )
    _event(
        comment,
        user,
        CommentEvent.Action.STATUS,
        from_status=previous,
        to_status=status,
        note=comment.rejection_reason,
        at=now,
    )
    if notify and status in CLOSED_STATUSES:
        notification_send(
            comment,
            message=_("Din synpunkt om ”%(page)s” är nu %(status)s.")
            % {
                "page": comment.page.title,
                "status": CommentStatus(status).label.lower(),
            },
        )


@transaction.atomic
def comment_set_status(
    *,
    comment: Comment,
    user,
    status: str,
    revision: Revision | None = None,
    reason: str = "",
    notify: bool = True,
    now: datetime.datetime | None = None,
) -> Comment:
    """Move a comment through Ny → Under behandling → Åtgärdad/Avvisad.

    Åtgärdad needs the page revision that fixed it; Avvisad needs a motivation.
    The commenter is notified when the comment is closed.
    """
    _require_moderator(user)
    _status_apply(comment, user, status, revision, reason, notify=notify, now=now)
    return comment


def _fixing_revision(page: Page) -> Revision | None:
    """The revision a bulk Åtgärdad points at: the live one, else the latest."""
    return page.live_revision or page.latest_revision


@transaction.atomic
def comments_bulk_set_status(*, comments, user, status: str, reason: str = "") -> int:
    """Set the status of many comments at once; all or nothing.

    For Åtgärdad each comment is linked to its page's current live revision.
    """
    _require_moderator(user)
    count = 0
    for comment in comments.select_related("page"):
        revision = (
            _fixing_revision(comment.page) if status == CommentStatus.RESOLVED else None
        )
        _status_apply(comment, user, status, revision, reason)
        count += 1
    return count


@transaction.atomic
def comment_hide(*, comment: Comment, user, reason: str) -> Comment:
    """An editor hides a comment (kept, with who/when/why in the trail)."""
    _require_moderator(user)
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv varför synpunkten döljs.")})
    comment.visibility = Visibility.HIDDEN
    comment.save(update_fields=["visibility"])
    _event(
        comment,
        user,
        CommentEvent.Action.HIDDEN,
        note=mask_personnummer(reason.strip()),
    )
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, user) -> Comment:
    """Show a hidden comment again."""
    _require_moderator(user)
    comment.visibility = Visibility.VISIBLE
    comment.save(update_fields=["visibility"])
    _event(comment, user, CommentEvent.Action.RESTORED)
    return comment


@transaction.atomic
def vote_cast(*, page: Page, user, helpful: bool, missing: str = "") -> HelpfulVote:
    """Record or change the user's "Var sidan till hjälp?" answer for a page."""
    text = _clean_text(missing, field="missing", required=False) if not helpful else ""
    now = timezone.now()
    vote, created = HelpfulVote.objects.get_or_create(
        page=page,
        user=user,
        defaults={
            "helpful": helpful,
            "missing": text,
            "created_at": now,
            "updated_at": now,
        },
    )
    if not created:
        vote.helpful = helpful
        if helpful or text:
            vote.missing = text
        vote.updated_at = now
        # A changed or new Nej is news for the editors again.
        vote.handled_at, vote.handled_by = None, None
        vote.save(
            update_fields=[
                "helpful",
                "missing",
                "updated_at",
                "handled_at",
                "handled_by",
            ]
        )
    return vote


@transaction.atomic
def votes_mark_handled(*, votes, user) -> int:
    """Editors mark Nej-votes as read and acted upon; returns how many changed."""
    _require_moderator(user)
    return votes.filter(helpful=False, handled_at=None).update(
        handled_at=timezone.now(), handled_by=user
    )


@transaction.atomic
def comment_setting_set(*, page: Page, user, mode: str) -> CommentSetting:
    """Open, close or let a page or area follow the site-wide test period."""
    if not permissions.can_set_page_mode(user):
        raise PermissionDenied(_("Bara redaktörer ändrar om synpunkter är öppna."))
    if mode not in CommentMode.values:
        raise ValidationError({"mode": _("Okänt val.")})
    setting, _created = CommentSetting.objects.update_or_create(
        page=page,
        defaults={"mode": mode, "changed_by": user, "changed_at": timezone.now()},
    )
    return setting
