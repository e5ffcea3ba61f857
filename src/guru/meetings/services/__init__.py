"""What changes state in ledningsgruppen's module; one transaction per change.

Split by subject: meetings and minutes, assignments and reminders, news, plans.
Everything public is re-exported here, so callers write
``from guru.meetings.services import assignment_create``.
"""

from .assignments import (
    assignment_create,
    assignment_delete,
    assignment_set_status,
    assignment_update,
    deliverable_mark_done,
    deliverable_undo_done,
    reminders_send,
)
from .feeds import feed_address_renew
from .meetings import (
    MinutesLocked,
    agenda_item_create,
    agenda_item_move,
    agenda_item_update,
    decision_correct,
    decision_delete,
    decision_record,
    meeting_create,
    meeting_delete,
    meeting_update,
    minutes_and_decision_record,
    minutes_correct,
    minutes_lock,
    minutes_record,
)
from .news import news_compose, news_publish, news_update
from .plans import plan_save

__all__ = [
    "MinutesLocked",
    "agenda_item_create",
    "agenda_item_move",
    "agenda_item_update",
    "assignment_create",
    "assignment_delete",
    "assignment_set_status",
    "assignment_update",
    "decision_correct",
    "decision_delete",
    "decision_record",
    "deliverable_mark_done",
    "deliverable_undo_done",
    "feed_address_renew",
    "meeting_create",
    "meeting_delete",
    "meeting_update",
    "minutes_and_decision_record",
    "minutes_correct",
    "minutes_lock",
    "minutes_record",
    "news_compose",
    "news_publish",
    "news_update",
    "plan_save",
    "reminders_send",
]
