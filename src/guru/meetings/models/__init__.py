"""The management group's records: meetings, assignments, news and plans."""

from .assignments import (
    Assignment,
    AssignmentChange,
    AssignmentStatus,
    Deliverable,
    ReminderSent,
)
from .decisions import Decision
from .feeds import FeedKey
from .meetings import (
    AgendaItem,
    AgendaItemAttachment,
    ItemKind,
    Meeting,
    MinutesCorrection,
)
from .news import NewsArticle, NewsStatus
from .plans import Plan, PlanActivity, PlanAttachment, PlanKind, PlanStatus, PlanVersion

__all__ = [
    "AgendaItem",
    "AgendaItemAttachment",
    "Assignment",
    "AssignmentChange",
    "AssignmentStatus",
    "Decision",
    "Deliverable",
    "FeedKey",
    "ItemKind",
    "Meeting",
    "MinutesCorrection",
    "NewsArticle",
    "NewsStatus",
    "Plan",
    "PlanActivity",
    "PlanAttachment",
    "PlanKind",
    "PlanStatus",
    "PlanVersion",
    "ReminderSent",
]
