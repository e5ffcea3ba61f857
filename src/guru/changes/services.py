"""What changes state: versions on publish, followers, notifications, visits."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, PageLogEntry
from wagtail.rich_text import expand_db_html

from guru.handbook.models import ChangeKind, GuidancePage
from guru.handbook.permissions import page_readers, restrictions_snapshot

from .diff import changed_anchors
from .models import (
    ChangeNotification,
    DefaultFollow,
    Delivery,
    NotificationKind,
    PageVersion,
    PageVisit,
    Subscription,
)
from .permissions import readable_notifications

User = get_user_model()


def _snapshot(page: GuidancePage) -> dict:
    return {
        "intro": expand_db_html(page.intro or ""),
        "sections": [
            {
                "heading": section["heading"],
                "anchor": section["anchor"],
                "html": str(section["body"]),
            }
            for section in page.sections
        ],
    }


@transaction.atomic
def version_record(*, page: GuidancePage, revision=None) -> PageVersion:
    """Write the version that was just published, and queue its notifications."""
    previous = (
        PageVersion.objects.select_for_update()
        .filter(page_key=page.pk)
        .order_by("-number")
        .first()
    )
    content = _snapshot(page)
    area = page.get_parent()
    note = page.change_note.strip()
    if previous is None and not note:
        note = _("Första publicerade versionen.")
    version = PageVersion.objects.create(
        page=page,
        page_key=page.pk,
        number=(previous.number + 1) if previous else 1,
        revision=revision,
        published_at=page.last_published_at or timezone.now(),
        author=getattr(revision, "user", None),
        kind=page.change_kind or ChangeKind.EDITORIAL,
        note=note,
        title=page.title,
        summary=page.summary,
        url_path=page.get_url() or page.url_path,
        area_key=area.pk,
        area_title=area.title,
        content=content,
        changed_anchors=(
            changed_anchors(previous.sections, content["sections"]) if previous else []
        ),
    )
    # The note belongs to this change; the next change starts without one.
    GuidancePage.objects.filter(pk=page.pk).update(
        change_kind=ChangeKind.EDITORIAL, change_note=""
    )
    if previous is not None:
        transaction.on_commit(lambda: followers_notify(version=version))
    return version


def version_withdraw(
    *,
    page: Page,
    replaced_by: Page | None = None,
    at: datetime.datetime | None = None,
) -> PageVersion | None:
    """The page stopped applying (unpublished or deleted) as of ``at``, or now.

    Returns the version that was withdrawn, or None if there was nothing to do.
    """
    latest = PageVersion.objects.filter(page_key=page.pk).order_by("-number").first()
    if latest is None or latest.withdrawn_at is not None:
        return None
    latest.withdrawn_at = at or timezone.now()
    latest.replaced_by = replaced_by
    latest.save(update_fields=["withdrawn_at", "replaced_by"])
    return latest


def _done_by(page: Page, action: str) -> int | None:
    """Who unpublished or deleted (``action``) the page just now, as Wagtail logged it.

    Wagtail writes its log entry just before it sends ``page_unpublished`` or
    deletes the page, so the page's newest entry is that one; if the newest is
    something else, this action was not logged and an older entry must not
    name its author.
    """
    latest = PageLogEntry.objects.filter(page_id=page.pk).order_by("-pk").first()
    if latest is None or not latest.action.startswith(action):
        return None
    return latest.user_id


@transaction.atomic
def version_unpublish(*, page: Page) -> PageVersion | None:
    """The page was unpublished: it stops applying, and its followers are told
    (all but whoever unpublished it)."""
    return _withdrawal_announce(page, "wagtail.unpublish", NotificationKind.WITHDRAWN)


@transaction.atomic
def version_delete(*, page: Page) -> PageVersion | None:
    """The page is about to be deleted: it stops applying, and its followers are
    told that it was deleted (all but whoever deleted it).

    Its versions keep the view restrictions that apply to it now: their rows go
    with the page, or with the ancestor being deleted, but its text stays as
    closed as it was. They also keep when it was deleted: a page unpublished
    before stopped applying then, and its followers were told then.
    """
    now = timezone.now()
    PageVersion.objects.filter(page_key=page.pk).update(
        view_restrictions=restrictions_snapshot(page), deleted_at=now
    )
    return _withdrawal_announce(
        page, "wagtail.delete", NotificationKind.DELETED, at=now
    )


def _withdrawal_announce(
    page: Page, action: str, kind: str, at: datetime.datetime | None = None
) -> PageVersion | None:
    """Withdraw the page's version (as of ``at``, or now) and tell its followers
    after the commit, with a notice of ``kind`` (unpublished or deleted).

    Who they are is worked out now, while the page, its subscriptions and its
    view restrictions still exist (a deleted page's are gone after the commit).
    """
    version = version_withdraw(page=page, at=at)
    if version is not None:
        followers = _followers(version, kind, _done_by(page, action))
        transaction.on_commit(
            lambda: _notices_send(version=version, kind=kind, followers=followers)
        )
    return version


def version_set_replacement(*, version: PageVersion, replaced_by: Page | None) -> None:
    version.replaced_by = replaced_by
    version.save(update_fields=["replaced_by"])


# --- following -------------------------------------------------------------


def follow(
    *,
    user,
    page: Page,
    include_editorial: bool = False,
    delivery: str = Delivery.IMMEDIATE,
) -> Subscription:
    subscription, _created = Subscription.objects.update_or_create(
        user=user,
        page=page,
        defaults={
            "active": True,
            "include_editorial": include_editorial,
            "delivery": delivery,
        },
    )
    return subscription


def unfollow(*, user, page: Page) -> None:
    """Stop following; an inactive row also overrides a group's default follow."""
    Subscription.objects.update_or_create(
        user=user, page=page, defaults={"active": False}
    )


def _followers(
    version: PageVersion, kind: str, actor_id: int | None = None
) -> dict[int, str]:
    """user id → delivery, for everyone who follows what this version changed
    (or, for a withdrawal, the page that stopped applying), except ``actor_id``:
    whoever withdrew it knows."""
    page = Page.objects.filter(pk=version.page_key).first()
    if page is None:
        return {}
    withdrawn = NotificationKind.is_withdrawal(kind)
    # A page that stops applying matters to its followers as a saklig change does.
    substantive = withdrawn or version.is_substantive
    watched = [page.pk, *page.get_ancestors().values_list("pk", flat=True)]
    wanted: dict[int, str] = {}
    opted_out: set[int] = set()
    for subscription in Subscription.objects.filter(page_id__in=watched):
        if not subscription.active:
            opted_out.add(subscription.user_id)
            continue
        relevant = substantive or subscription.include_editorial
        # The most immediate wish wins when several subscriptions match.
        if relevant and wanted.get(subscription.user_id) != Delivery.IMMEDIATE:
            wanted[subscription.user_id] = subscription.delivery
    if substantive:
        for default in DefaultFollow.objects.filter(area_id__in=watched):
            members = User.objects.filter(groups=default.group, is_active=True)
            if default.department_id:
                members = members.filter(unit__department_id=default.department_id)
            for user_id in members.values_list("pk", flat=True):
                if user_id not in opted_out:
                    wanted.setdefault(user_id, Delivery.IMMEDIATE)
    candidates = User.objects.filter(pk__in=wanted).exclude(pk__in=opted_out)
    # The author knows what they changed, as whoever withdrew the page knows that.
    actor_id = actor_id if withdrawn else version.author_id
    if actor_id:
        candidates = candidates.exclude(pk=actor_id)
    # Following a page does not outlast the right to read it.
    readers = page_readers(page, list(candidates.prefetch_related("groups")))
    return {user.pk: wanted[user.pk] for user in readers}


def followers_notify(*, version: PageVersion) -> int:
    """Create one notification per follower of a published change (never twice)
    and e-mail the direct ones; the change's author is told nothing."""
    kind = NotificationKind.CHANGED
    followers = _followers(version, kind)
    _notices_send(version=version, kind=kind, followers=followers)
    return len(followers)


def _notices_send(
    *, version: PageVersion, kind: str, followers: dict[int, str]
) -> None:
    """One notice per follower (user id → delivery), never twice; e-mail the
    direct ones."""
    ChangeNotification.objects.bulk_create(
        [
            ChangeNotification(
                user_id=user_id, version=version, kind=kind, delivery=delivery
            )
            for user_id, delivery in followers.items()
        ],
        ignore_conflicts=True,
    )
    pending = ChangeNotification.objects.filter(
        version=version,
        kind=kind,
        delivery=Delivery.IMMEDIATE,
        emailed_at__isnull=True,
    ).select_related("user")
    for notification in pending:
        _email(notification.user, [notification])


def digest_send(*, now: datetime.datetime | None = None) -> int:
    """E-mail each daily follower one message with everything not yet sent."""
    now = now or timezone.now()
    pending = (
        ChangeNotification.objects.filter(
            delivery=Delivery.DAILY, emailed_at__isnull=True
        )
        .select_related("user", "version")
        .order_by("user_id", "version__published_at")
    )
    by_user: dict[int, list[ChangeNotification]] = {}
    for notification in pending:
        by_user.setdefault(notification.user_id, []).append(notification)
    for notifications in by_user.values():
        _email(notifications[0].user, notifications, now=now)
    return len(by_user)


# An e-mail about one notice says what happened to the page.
SUBJECTS = {
    NotificationKind.CHANGED: gettext_lazy("Ändrad sida i handläggarstödet: %(title)s"),
    NotificationKind.WITHDRAWN: gettext_lazy(
        "Avpublicerad sida i handläggarstödet: %(title)s"
    ),
    NotificationKind.DELETED: gettext_lazy(
        "Raderad sida i handläggarstödet: %(title)s"
    ),
}


def _email(user, notifications: list[ChangeNotification], now=None) -> None:
    """Send what the user may still read (access may have gone since); mark all."""
    everything = notifications
    notifications = readable_notifications(everything, user)
    if user.email and notifications:
        context = {
            "user": user,
            "notifications": notifications,
            "base_url": settings.WAGTAILADMIN_BASE_URL,
        }
        if len(notifications) == 1:
            subject = SUBJECTS[notifications[0].kind] % {
                "title": notifications[0].version.title
            }
        else:
            subject = _("%(count)d ändrade sidor i handläggarstödet") % {
                "count": len(notifications)
            }
        send_mail(
            subject,
            render_to_string("changes/email/notification.txt", context),
            None,
            [user.email],
        )
    ChangeNotification.objects.filter(
        pk__in=[notification.pk for notification in everything]
    ).update(emailed_at=now or timezone.now())


def notifications_mark_read(*, user, ids: list[int] | None = None) -> None:
    queryset = ChangeNotification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    queryset.update(read_at=timezone.now())


def visit_record(*, user, page: Page) -> datetime.datetime | None:
    """Record a read of the page now; return the previous one, if any."""
    visit = PageVisit.objects.filter(user=user, page_key=page.pk).first()
    now = timezone.now()
    if visit is None:
        PageVisit.objects.create(user=user, page_key=page.pk, visited_at=now)
        return None
    previous = visit.visited_at
    PageVisit.objects.filter(pk=visit.pk).update(visited_at=now)
    return previous
