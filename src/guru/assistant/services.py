"""Writes of the assistant: index versions, questions, feedback and teaching Doris."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from guru.privacy import mask_personal_data, masked_to_fit

from . import permissions
from .engine import engine_build, engine_dump, state_get
from .models import (
    ApiToken,
    CuratedAnswer,
    Generation,
    IndexChange,
    IndexSnapshot,
    IndexState,
    Question,
    QuestionStatus,
    SearchRequest,
    Taught,
    Variant,
    question_key,
)
from .selectors import AskResult, SourceRef

MAX_QUESTION_CHARS = 500
# What editors teach is checked against these after masking (``_masked``).
MAX_WORDING_CHARS = Variant._meta.get_field("text").max_length
MAX_ANSWER_CHARS = CuratedAnswer._meta.get_field("text").max_length


# -- the index ---------------------------------------------------------------
def _version_bump(*, kind: str, page_id: int | None = None) -> int:
    state_get()
    IndexState.objects.filter(pk=1).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    version = IndexState.objects.select_for_update().get(pk=1).version
    IndexChange.objects.create(version=version, kind=kind, page_id=page_id)
    return version


@transaction.atomic
def index_page_changed(*, page_id: int) -> int:
    """Record that a page was published, unpublished, moved or deleted."""
    return _version_bump(kind=IndexChange.Kind.PAGE, page_id=page_id)


@transaction.atomic
def index_synonyms_changed() -> int:
    """Record that the editors changed the synonyms (applied without re-indexing)."""
    return _version_bump(kind=IndexChange.Kind.SYNONYMS)


@transaction.atomic
def index_rebuild() -> IndexSnapshot:
    """Build the whole index from the live pages and store it as the new version.

    Changes up to this version are dropped: every process loads the snapshot.
    """
    state_get()
    IndexState.objects.filter(pk=1).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    version = IndexState.objects.select_for_update().get(pk=1).version
    engine = engine_build()
    snapshot = IndexSnapshot.objects.create(
        version=version, data=engine_dump(engine), sections=len(engine)
    )
    IndexSnapshot.objects.filter(version__lt=version).delete()
    IndexChange.objects.filter(version__lte=version).delete()
    return snapshot


# -- questions ---------------------------------------------------------------
def question_clean(text: object) -> str:
    """The question as Doris reads it; raises ValidationError in Swedish."""
    if not isinstance(text, str):
        raise ValidationError(_("Skriv din fråga som text."))
    if len(text) > MAX_QUESTION_CHARS:
        raise ValidationError(
            _("Frågan får vara högst %(limit)d tecken. Korta den gärna.")
            % {"limit": MAX_QUESTION_CHARS}
        )
    # Binary data pasted or posted as a question: mostly control characters
    # or undecodable bytes (U+FFFD after Django's decoding).
    readable = sum(
        (ch.isprintable() or ch in "\t\n\r") and ch != "\ufffd" for ch in text
    )
    if readable < len(text) * 0.9:
        raise ValidationError(_("Frågan innehåller tecken som inte går att läsa."))
    text = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    if not text:
        raise ValidationError(_("Skriv en fråga till Doris."))
    return text


RATE_WINDOW = datetime.timedelta(minutes=1)


def _rate_refuse(recent, *, limit: int, since: datetime.datetime, message) -> None:
    """ValidationError (code ``rate_limit``) when ``recent`` (the user's rows, with
    ``created_at``) holds ``limit`` or more since ``since``."""
    if recent.filter(created_at__gte=since).count() >= limit:
        raise ValidationError(message, code="rate_limit")


def _rate_check(user) -> None:
    _rate_refuse(
        Question.objects.filter(user=user),
        limit=settings.GURU_DORIS_QUESTIONS_PER_MINUTE,
        since=timezone.now() - RATE_WINDOW,
        message=_(
            "Du har ställt många frågor på kort tid. Vänta en minut och försök igen."
        ),
    )


def search_allow(*, user) -> None:
    """Count one search against the user's limit per minute.

    Raises ValidationError (code ``rate_limit``) when the limit is reached;
    a refused search is not counted. Counted in the database, as questions are,
    so the limit holds across all server processes.
    """
    now = timezone.now()
    mine = SearchRequest.objects.filter(user=user)
    _rate_refuse(
        mine,
        limit=settings.GURU_SEARCHES_PER_MINUTE,
        since=now - RATE_WINDOW,
        message=_(
            "Du har sökt många gånger på kort tid. Vänta en minut och försök igen."
        ),
    )
    with transaction.atomic():
        # Older notes have done their job: the table holds one minute at most.
        mine.filter(created_at__lt=now - RATE_WINDOW).delete()
        SearchRequest.objects.create(user=user, created_at=now)


@dataclass
class Asked:
    question: Question
    result: AskResult


@transaction.atomic
def question_ask(
    *,
    user,
    text: object,
    request=None,
    as_of: datetime.date | None = None,
    stream: bool = False,
) -> Asked:
    """Ask Doris, log the question masked; raises ValidationError (rate, input).

    With ``stream`` a generated answer is not waited for: the extractive one is
    logged and the question is marked as offered a stream
    (``result.generation_sections`` holds the sections for it).
    """
    from .selectors import doris_answer

    cleaned = question_clean(text)
    _rate_check(user)
    result = doris_answer(
        question=cleaned,
        user=user,
        request=request,
        as_of=as_of,
        defer_generation=stream,
    )
    masked = mask_personal_data(cleaned)
    question = Question.objects.create(
        user=user,
        text=masked,
        text_key=question_key(masked),
        status=result.status,
        confidence=result.confidence,
        answer_text=mask_personal_data(result.text or ""),
        source_page_id=result.source.page_id if result.source else None,
        source_page_key=result.source.source_page_key if result.source else None,
        source_document_id=result.source.document_id if result.source else None,
        source_anchor=result.source.anchor if result.source else "",
        source_label=result.source.label if result.source else "",
        curated=result.curated,
        generated=result.generated,
        generation=Generation.OFFERED if result.generation_sections else "",
    )
    return Asked(question=question, result=result)


@transaction.atomic
def question_generation_start(*, user, question_id: int) -> bool:
    """Claim the one stream offered for the user's own question.

    False when it is not theirs, was never offered or has already started, so
    a stream address cannot be replayed to ask the model again.
    """
    return bool(
        Question.objects.filter(
            pk=question_id, user=user, generation=Generation.OFFERED
        ).update(generation=Generation.STREAMING)
    )


@transaction.atomic
def question_generation_finish(
    *, user, question_id: int, text: str = "", source: SourceRef | None = None
) -> Question:
    """Log which answer the user ended with: the generated one (``text`` and
    ``source`` given), or the extractive one already logged."""
    question = Question.objects.select_for_update().get(pk=question_id, user=user)
    if source is None:
        question.generation = Generation.FALLBACK
        question.save(update_fields=["generation"])
        return question
    question.generation = Generation.GENERATED
    question.generated = True
    question.answer_text = mask_personal_data(text)
    question.source_page_id = source.page_id
    question.source_page_key = source.source_page_key
    question.source_document_id = source.document_id
    question.source_anchor = source.anchor
    question.source_label = source.label
    question.save(
        update_fields=[
            "generation",
            "generated",
            "answer_text",
            "source_page_id",
            "source_page_key",
            "source_document_id",
            "source_anchor",
            "source_label",
        ]
    )
    return question


@transaction.atomic
def question_feedback(
    *, user, question_id: int, helpful: bool, comment: str = ""
) -> Question:
    """Thumbs up or down (and an optional comment) on one's own answer.

    The form and the API take at most 1,000 characters; the comment is kept
    whole after masking, which may make it a little longer (the column has no
    limit), rather than losing its end.
    """
    question = Question.objects.select_for_update().get(pk=question_id, user=user)
    question.helpful = helpful
    question.feedback_comment = mask_personal_data(comment.strip())
    question.save(update_fields=["helpful", "feedback_comment"])
    return question


@transaction.atomic
def question_send_to_editors(*, user, question_id: int) -> Question:
    question = Question.objects.select_for_update().get(pk=question_id, user=user)
    if question.sent_to_editors_at is None:
        question.sent_to_editors_at = timezone.now()
        question.save(update_fields=["sent_to_editors_at"])
    return question


def _require_editor(user, page=None, session=None) -> None:
    """An editor, who may view ``page`` (if given): nobody teaches Doris on a
    page they may not read."""
    if not permissions.can_manage(user):
        raise PermissionDenied
    if page is not None and not permissions.viewable([page], user, session):
        raise PermissionDenied


def _source_check(page, anchor: str) -> None:
    from .sections import INTRO_ANCHOR

    anchors = {INTRO_ANCHOR, *(s["anchor"] for s in page.specific.sections)}
    if anchor not in anchors:
        raise ValidationError({"anchor": _("Avsnittet finns inte på sidan.")})


def _question_handled(question: Question | None, *, editor, reply: str) -> None:
    if question is None:
        return
    question.handled_at = timezone.now()
    question.handled_by = editor
    question.editor_reply = reply
    question.reply_seen_at = None
    question.save(
        update_fields=["handled_at", "handled_by", "editor_reply", "reply_seen_at"]
    )


def _taught_handled(question: Question | None, *, editor, reply: str) -> None:
    """The question taught from is handled, and so is every other one of the
    same text (``question_key``, as "Frågor som oftast misslyckas" counts them)
    sent to the editors and still waiting: Doris answers it now, so each who
    sent it leaves the queue and is told. Only those who sent it: a reply comes
    to nobody who did not ask the editors."""
    if question is None:
        return
    _question_handled(question, editor=editor, reply=reply)
    Question.objects.filter(
        text_key=question.text_key,
        sent_to_editors_at__isnull=False,
        handled_at__isnull=True,
    ).update(
        handled_at=question.handled_at,
        handled_by=editor,
        editor_reply=reply,
        reply_seen_at=None,
    )


def _masked(
    errors: dict[str, str], field: str, text: str, *, limit: int, missing: str
) -> str:
    """``text`` trimmed and masked, as stored; a message in ``errors[field]``
    when it is empty or longer than ``limit``.

    Checked after the masks, which can be longer than what they replace, and
    never cut: a cut wording would no longer be the question it was taught from.
    """
    try:
        text = masked_to_fit(text, field=field, max_length=limit, emails=True)
    except ValidationError as error:
        errors[field] = error.messages[0]
        return text
    if not text and missing:
        errors[field] = missing
    return text


def _masked_one(field: str, text: str, *, limit: int, missing: str = "") -> str:
    """One text as ``_masked`` stores it; raises ValidationError on ``field``."""
    errors: dict[str, str] = {}
    text = _masked(errors, field, text, limit=limit, missing=missing)
    if errors:
        raise ValidationError(errors)
    return text


def _variant_text(text: str) -> str:
    """A variant's wording as stored: masked, trimmed, required, within its column."""
    return _masked_one(
        "text", text, limit=MAX_WORDING_CHARS, missing=_("Skriv formuleringen.")
    )


def _curated_texts(question_text: str, text: str) -> tuple[str, str]:
    """An answer's question and text as stored: masked, trimmed, both required."""
    errors: dict[str, str] = {}
    question_text = _masked(
        errors,
        "question_text",
        question_text,
        limit=MAX_WORDING_CHARS,
        missing=_("Skriv frågan som svaret gäller."),
    )
    text = _masked(
        errors, "text", text, limit=MAX_ANSWER_CHARS, missing=_("Skriv svaret.")
    )
    if errors:
        raise ValidationError(errors)
    return question_text, text


@transaction.atomic
def question_reply(*, editor, question: Question, text: str) -> Question:
    """Answer the asker without teaching Doris: the handbook has no section for it
    ("Var parkerar jag cykeln?"), so there is nothing to attach the question to."""
    _require_editor(editor)
    text = _masked_one("text", text, limit=MAX_ANSWER_CHARS, missing=_("Skriv svaret."))
    _question_handled(question, editor=editor, reply=text)
    return question


@transaction.atomic
def variant_add(
    *,
    editor,
    page,
    anchor: str,
    text: str,
    question: Question | None = None,
    session=None,
) -> Variant:
    """Attach a wording to a section; Doris uses it from the next question on."""
    _require_editor(editor, page, session)
    _source_check(page, anchor)
    text = _variant_text(text)
    variant = Variant.objects.create(
        page=page,
        anchor=anchor,
        text=text,
        text_key=question_key(text),
        question=question,
        created_by=editor,
    )
    index_page_changed(page_id=page.pk)
    _taught_handled(
        question,
        editor=editor,
        reply=_("Doris kan nu svara på frågan. Fråga henne igen!"),
    )
    return variant


@transaction.atomic
def curated_answer_add(
    *,
    editor,
    page,
    anchor: str,
    question_text: str,
    text: str,
    question: Question | None = None,
    session=None,
) -> CuratedAnswer:
    """An editor's answer to a question, citing a section; Doris gives it from now."""
    _require_editor(editor, page, session)
    _source_check(page, anchor)
    question_text, text = _curated_texts(question_text, text)
    curated = CuratedAnswer.objects.create(
        page=page,
        anchor=anchor,
        question_text=question_text,
        question_key=question_key(question_text),
        text=text,
        question=question,
        created_by=editor,
    )
    index_page_changed(page_id=page.pk)
    _taught_handled(question, editor=editor, reply=text)
    return curated


# -- correcting what Doris was taught -----------------------------------------
def _locked(taught: Taught) -> Taught:
    return type(taught).objects.select_for_update().get(pk=taught.pk)


def _changed(taught: Taught, *, editor, fields: list[str]) -> Taught:
    taught.updated_at = timezone.now()
    taught.updated_by = editor
    taught.full_clean()
    taught.save(update_fields=[*fields, "updated_at", "updated_by"])
    index_page_changed(page_id=taught.page_id)
    return taught


def _taught_locked(taught: Taught, *, editor, session=None) -> Taught:
    """The row locked, for an editor who may view its page: the views check it
    too, but a service called from elsewhere must not let an editor correct
    what Doris says about a page they may not read."""
    taught = _locked(taught)
    _require_editor(editor, taught.page, session)
    return taught


def _editable(taught: Taught, *, editor, session=None) -> Taught:
    taught = _taught_locked(taught, editor=editor, session=session)
    if taught.withdrawn:
        raise ValidationError(
            _("Det går inte att ändra något som är borttaget. Återställ det först.")
        )
    return taught


@transaction.atomic
def variant_edit(*, editor, variant: Variant, text: str, session=None) -> Variant:
    """Change a variant's wording; Doris matches the new one from now on."""
    variant = _editable(variant, editor=editor, session=session)
    variant.text = _variant_text(text)
    variant.text_key = question_key(variant.text)
    return _changed(variant, editor=editor, fields=["text", "text_key"])


@transaction.atomic
def curated_answer_edit(
    *, editor, curated: CuratedAnswer, question_text: str, text: str, session=None
) -> CuratedAnswer:
    """Correct an editor's answer (its question, its text); Doris gives it at once.

    The asker who was sent the old text as the editors' reply keeps it: a
    reply already read is not rewritten.
    """
    curated = _editable(curated, editor=editor, session=session)
    curated.question_text, curated.text = _curated_texts(question_text, text)
    curated.question_key = question_key(curated.question_text)
    return _changed(
        curated, editor=editor, fields=["question_text", "question_key", "text"]
    )


@transaction.atomic
def taught_withdraw(
    *, editor, taught: Taught, reason: str = "", session=None
) -> Taught:
    """Withdraw a variant or an answer: Doris stops using it, the row stays.

    Withdrawing twice keeps the first withdrawal's who, when and why.
    """
    taught = _taught_locked(taught, editor=editor, session=session)
    if taught.withdrawn:
        return taught
    taught.deleted_at = timezone.now()
    taught.deleted_by = editor
    taught.deleted_reason = _masked_one(
        "reason", reason, limit=Taught._meta.get_field("deleted_reason").max_length
    )
    taught.full_clean()
    taught.save(update_fields=["deleted_at", "deleted_by", "deleted_reason"])
    index_page_changed(page_id=taught.page_id)
    return taught


@transaction.atomic
def taught_restore(*, editor, taught: Taught, session=None) -> Taught:
    """Let Doris use a withdrawn variant or answer again.

    The withdrawal's who and why are cleared; the restore is the last change
    (``updated_at``, ``updated_by``).
    """
    taught = _taught_locked(taught, editor=editor, session=session)
    if not taught.withdrawn:
        return taught
    taught.deleted_at = None
    taught.deleted_by = None
    taught.deleted_reason = ""
    return _changed(
        taught, editor=editor, fields=["deleted_at", "deleted_by", "deleted_reason"]
    )


@transaction.atomic
def replies_mark_seen(*, user) -> int:
    return Question.objects.filter(
        user=user, handled_at__isnull=False, reply_seen_at=None
    ).update(reply_seen_at=timezone.now())


@transaction.atomic
def log_purge(*, days: int | None = None, now: datetime.datetime | None = None) -> int:
    """Delete logged questions older than ``days`` (default: the setting).

    The notes that count searches against the rate limit go once their minute
    is over: a user who stops searching would otherwise keep their last ones.
    """
    now = now or timezone.now()
    days = settings.GURU_DORIS_LOG_DAYS if days is None else days
    SearchRequest.objects.filter(created_at__lt=now - RATE_WINDOW).delete()
    deleted, _ = Question.objects.filter(
        created_at__lt=now - datetime.timedelta(days=days)
    ).delete()
    return deleted


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str) -> str:
    """A new API key for ``user``; the key is shown once and only its hash kept."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name[:100], key_hash=api_key_hash(key))
    return key


__all__ = ["QuestionStatus"]
