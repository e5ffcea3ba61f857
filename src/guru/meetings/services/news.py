"""News for all staff, composed from locked minutes, edited, then published."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from guru.privacy import mask_fields, mask_personnummer_to_length

from ..models import Decision, Meeting, NewsArticle, NewsStatus

TITLE_LENGTH = NewsArticle._meta.get_field("title").max_length


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def _mask(article: NewsArticle) -> None:
    """News reaches all staff: no personnummer in what they read, by any path."""
    mask_fields(article, "title", "lead", "body")


def _compose_body(meeting: Meeting) -> tuple[str, list[str]]:
    """Markdown: one section per public item, decisions as quotes."""
    parts, titles = [], []
    decisions = Prefetch("decisions", queryset=Decision.objects.active())
    for item in meeting.items.filter(is_internal=False).prefetch_related(decisions):
        titles.append(item.title)
        section = [f"## {item.title}"]
        if item.minutes:
            section.append(item.minutes)
        for decision in item.decisions.all():
            section.append(_quote(f"{decision.label}: {decision.text}"))
        parts.append("\n\n".join(section))
    return "\n\n".join(parts), titles


@transaction.atomic
def news_compose(*, meeting: Meeting, user) -> NewsArticle:
    """A draft article from locked minutes; internal items are left out.

    The draft is a starting point: the note-taker edits lead, sections and quotes
    before publishing. A meeting has one article: if it is written already (a
    double click, a second tab), that one is returned and nothing new is made.
    """
    # Locked row: two posts at once wait for each other and find one article.
    # Read again, too: the justering may be newer than the caller's instance.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_locked:
        raise ValidationError(
            _("Protokollet måste vara justerat innan en nyhet skrivs.")
        )
    existing = (
        meeting.news.filter(deleted_at__isnull=True)
        .order_by("created_at", "pk")
        .first()
    )
    if existing is not None:
        return existing
    body, titles = _compose_body(meeting)
    day = formats.date_format(meeting.day, "j F")
    title = _("Ledningsgrupp %(day)s") % {"day": day}
    if titles:
        title = f"{title}: {titles[0]}"
        if len(titles) > 1:
            title = f"{title} och {titles[1]}"
    lead = render_to_string(
        "meetings/news_lead.txt", {"meeting": meeting, "titles": titles}
    ).strip()
    note_taker = meeting.note_taker
    article = NewsArticle(
        meeting=meeting,
        # Put together from item titles, not typed: cut to fit, as nobody is
        # there to shorten it; the note-taker edits the draft anyway.
        title=mask_personnummer_to_length(title, TITLE_LENGTH),
        lead=lead,
        body=body,
        pen=str(note_taker) if note_taker else "",
        created_by=user,
    )
    _mask(article)  # item titles and minutes may name someone by personnummer
    article.save()
    return article


@transaction.atomic
def news_update(
    *, article: NewsArticle, title: str, lead: str, body: str, pen: str
) -> NewsArticle:
    if not title.strip():
        raise ValidationError({"title": _("Nyheten behöver en rubrik.")})
    if not lead.strip():
        raise ValidationError({"lead": _("Skriv en ingress.")})
    article.title, article.lead = title.strip(), lead.strip()
    article.body, article.pen = body.strip(), pen.strip()
    _mask(article)
    article.updated_at = timezone.now()
    article.save()
    return article


@transaction.atomic
def news_publish(*, article: NewsArticle, user) -> NewsArticle:
    """Publish on Guru's start page, in the archive and the Atom feed."""
    if article.is_published:
        return article
    # Masked again: the text may have changed other than through news_update.
    _mask(article)
    article.status = NewsStatus.PUBLISHED
    article.published_at = timezone.now()
    article.published_by = user
    article.save(
        update_fields=[
            "title",
            "lead",
            "body",
            "status",
            "published_at",
            "published_by",
        ]
    )
    return article
