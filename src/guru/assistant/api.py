"""Doris's JSON API (django-ninja, OpenAPI at /api/openapi.json).

Session (with CSRF) or a personal token (``Authorization: Bearer <nyckel>``).
Errors are JSON with a Swedish ``detail``.
"""

from __future__ import annotations

import datetime
import functools

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from . import selectors, services
from .models import ApiToken, Question

MAX_ID = 2**62
OPERATION_PATHS = {"doris/ask", "doris/feedback", "search"}


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=services.api_key_hash(token), revoked_at=None)
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="Guru API",
    version="1",
    description="Fråga Doris och sök i handläggarstödet.",
    auth=[SessionAuth(), TokenAuth()],
    urls_namespace="api",
)


# -- errors in Swedish -------------------------------------------------------
@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(
        request,
        {"detail": "Logga in eller ange en giltig API-nyckel (Authorization: Bearer)."},
        status=401,
    )


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    return api.create_response(
        request,
        {
            "detail": "Förfrågan är inte giltig. Kontrollera fälten.",
            "fel": [
                {
                    "falt": ".".join(str(p) for p in e.get("loc", ())),
                    "typ": e.get("type"),
                }
                for e in exc.errors
            ],
        },
        status=422,
    )


@api.exception_handler(HttpError)
def _http_error(request, exc):
    detail = str(exc)
    if exc.status_code == 403 and "CSRF" in detail:
        detail = "CSRF-kontrollen misslyckades. Skicka med X-CSRFToken eller använd en API-nyckel."
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


# -- schemas -------------------------------------------------------------------
class AskIn(Schema):
    question: str = Field(..., description="Frågan till Doris (högst 500 tecken).")


class SourceOut(Schema):
    page_title: str
    heading: str
    url: str
    last_reviewed_on: datetime.date | None
    snippet: str = Field("", description="HTML-kodat utdrag med <mark>.")


class AskOut(Schema):
    question_id: int
    status: str = Field(..., description="answered, unsure eller empty")
    answer: str
    message: str
    source: SourceOut | None
    suggestions: list[SourceOut]
    curated: bool
    as_of: str = Field(
        "",
        description="Vilken version svaret bygger på, när frågan gällde ett datum",
    )


class FeedbackIn(Schema):
    question_id: int = Field(..., ge=1, le=MAX_ID)
    helpful: bool
    comment: str = Field("", max_length=1000)


class FeedbackOut(Schema):
    question_id: int
    helpful: bool


class ErrorOut(Schema):
    detail: str


class InvalidField(Schema):
    falt: str
    typ: str | None


class InvalidOut(Schema):
    detail: str
    fel: list[InvalidField]


ERRORS = {401: ErrorOut, 403: ErrorOut, 422: InvalidOut}


class SearchOut(Schema):
    query: str
    suggestion: str
    hits: list[SourceOut]


def _source(ref) -> SourceOut:
    return SourceOut(
        page_title=ref.page_title,
        heading=ref.heading,
        url=ref.href,
        last_reviewed_on=ref.last_reviewed_on,
        snippet=ref.snippet,
    )


def _message(error: DjangoValidationError) -> str:
    return " ".join(error.messages)


# -- operations ----------------------------------------------------------------
@api.post(
    "/doris/ask",
    response={200: AskOut, 400: ErrorOut, 429: ErrorOut, **ERRORS},
    summary="Fråga Doris",
)
def ask(request: HttpRequest, payload: AskIn):
    try:
        asked = services.question_ask(
            user=request.auth, text=payload.question, request=request
        )
    except DjangoValidationError as error:
        status = 429 if getattr(error, "code", None) == "rate_limit" else 400
        return Status(status, {"detail": _message(error)})
    result = asked.result
    return AskOut(
        question_id=asked.question.pk,
        status=result.status,
        answer=result.text,
        message=result.message,
        source=_source(result.source) if result.source else None,
        suggestions=[_source(s) for s in result.suggestions],
        curated=result.curated,
        as_of=result.as_of_note or "",
    )


@api.post(
    "/doris/feedback",
    response={200: FeedbackOut, 404: ErrorOut, **ERRORS},
    summary="Var svaret till hjälp?",
)
def feedback(request: HttpRequest, payload: FeedbackIn):
    if not Question.objects.filter(pk=payload.question_id, user=request.auth).exists():
        return Status(404, {"detail": "Frågan finns inte bland dina frågor."})
    question = services.question_feedback(
        user=request.auth,
        question_id=payload.question_id,
        helpful=payload.helpful,
        comment=payload.comment,
    )
    return FeedbackOut(question_id=question.pk, helpful=question.helpful)


@api.get(
    "/search",
    response={200: SearchOut, 400: ErrorOut, 429: ErrorOut, **ERRORS},
    summary="Sök i handläggarstödet",
)
def search(
    request: HttpRequest,
    q: str = Query(..., max_length=200, description="Sökord"),
    omrade: str | None = Query(None, max_length=100, description="Processområde"),
):
    from guru.handbook.models import ProcessAreaPage

    query = q.replace("\x00", " ").strip()
    if not query:
        return Status(400, {"detail": "Skriv vad du söker efter."})
    area = None
    if omrade:
        area = ProcessAreaPage.objects.live().filter(slug=omrade).first()
        if area is None:
            return Status(400, {"detail": "Processområdet finns inte."})
    try:
        services.search_allow(user=request.auth)
    except DjangoValidationError as error:
        return Status(429, {"detail": _message(error)})
    found = selectors.sections_search(
        query=query, user=request.auth, request=request, area=area, limit=50
    )
    return SearchOut(
        query=query,
        suggestion=found.suggestion,
        hits=[_source(h) for h in found.hits],
    )


def urls():
    """The API's URLs; the operations authenticate themselves (session or token).

    The schema and the docs stay behind Guru's log-in like every other page.
    """
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if str(pattern.pattern) in OPERATION_PATHS:
            pattern.callback = _public(pattern.callback)
            # Unnamed: reversed by nobody, and not an HTML page behind the log-in.
            pattern.name = None
    return patterns, app_name, namespace


def _public(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        return view(*args, **kwargs)

    return login_not_required(wrapper)


__all__ = ["api", "timezone"]
