"""News for all staff, composed from locked minutes, edited, then published."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from guru.privacy import mask_personnummer

from ..models import Meeting, NewsArticle, NewsStatus


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def _compose_body(meeting: Meeting) -> tuple[str, list[str]]:
    """Markdown: one section per public item, decisions as quotes."""
    parts, titles = [], []
    for item in meeting.items.filter(is_internal=False).prefetch_related("decisions"):
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
    before publishing.
    """
    meeting = Meeting.objects.get(pk=meeting.pk)  # the justering may be newer
    if not meeting.is_locked:
        raise ValidationError(
            _("Protokollet måste vara justerat innan en nyhet skrivs.")
        )
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
    return NewsArticle.objects.create(
        meeting=meeting,
        title=title[:200],
        lead=lead,
        # News reaches all staff: no personnummer from the minutes comes along.
        body=mask_personnummer(body),
        pen=str(note_taker) if note_taker else "",
        created_by=user,
    )


@transaction.atomic
def news_update(
    *, article: NewsArticle, title: str, lead: str, body: str, pen: str
) -> NewsArticle:
    if not title.strip():
        raise ValidationError({"title": _("Nyheten behöver en rubrik.")})
    if not lead.strip():
        raise ValidationError({"lead": _("Skriv en ingress.")})
    article.title = mask_personnummer(title.strip())
    article.lead = mask_personnummer(lead.strip())
    article.body, article.pen = mask_personnummer(body.strip()), pen.strip()
    article.updated_at = timezone.now()
    article.save()
    return article


@transaction.atomic
def news_publish(*, article: NewsArticle, user) -> NewsArticle:
    """Publish on Guru's start page, in the archive and the Atom feed."""
    if article.is_published:
        return article
    article.status = NewsStatus.PUBLISHED
    article.published_at = timezone.now()
    article.published_by = user
    article.save(update_fields=["status", "published_at", "published_by"])
    return article
