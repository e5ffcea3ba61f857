"""`make run`'s second step: the whole demo loads, and loading it again adds nothing."""

import datetime

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from guru.assistant.models import Question, QuestionStatus

# Models whose rows the demo creates; a second run must leave every count alone.
COUNTED = [
    "accounts.User",
    "handbook.GuidancePage",
    "changes.PageVersion",
    "feedback.Comment",
    "followup.Value",
    "followup.Action",
    "meetings.Meeting",
    "meetings.Assignment",
    "meetings.AgendaItemAttachment",
    "meetings.PlanAttachment",
    "documents.Document",
    "assistant.Question",
    "assistant.Synonym",
]


def _counts() -> dict[str, int]:
    return {name: apps.get_model(name).objects.count() for name in COUNTED}


def test_the_whole_demo_loads_twice_without_duplicates(db, settings, capsys):
    settings.DEBUG = True
    call_command("load_demo", "--url", "http://127.0.0.1:8123/")
    first = _counts()
    assert all(first.values()), first
    assert "Guru: http://127.0.0.1:8123/" in capsys.readouterr().out
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://127.0.0.1:8123"

    call_command("load_demo")
    assert _counts() == first


def test_the_demo_questions_show_doris_answering_hesitating_and_masking(db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    statuses = set(Question.objects.values_list("status", flat=True))
    assert {QuestionStatus.ANSWERED, QuestionStatus.UNSURE} <= statuses
    assert Question.objects.filter(sent_to_editors_at__isnull=False).exists()
    assert not Question.objects.filter(text__contains="198501012382").exists()
    # every follow-up action is on the management group's list of assignments
    assert (
        apps.get_model("meetings.Assignment")
        .objects.filter(
            origin_id__in=apps.get_model("followup.Action").objects.values("pk")
        )
        .count()
        == apps.get_model("followup.Action").objects.count()
    )


def test_the_demo_note_taker_sees_the_attachments_of_the_meeting_they_minute(
    db, settings
):
    from guru.meetings.models import Meeting
    from guru.meetings.selectors import attachments_visible

    settings.DEBUG = True
    call_command("load_demo")
    meeting = Meeting.objects.filter(items__attachments__isnull=False).first()
    attachments = [a for item in meeting.items.all() for a in item.attachments.all()]
    assert attachments

    # the note-taker is no member of the group, yet sees what the members see
    assert not meeting.note_taker.groups.filter(name="Ledningsgrupp").exists()
    assert attachments_visible(user=meeting.note_taker, attachments=attachments) == (
        attachments_visible(user=meeting.created_by, attachments=attachments)
    )
    # and a caseworker outside the group still does not
    caseworker = apps.get_model("accounts.User").objects.get(username="handlaggare")
    assert attachments_visible(user=caseworker, attachments=attachments) == []


def test_a_demo_page_with_history_was_last_changed_when_its_history_says(db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    page = apps.get_model("handbook.GuidancePage").objects.get(slug="komplettering")
    latest = (
        apps.get_model("changes.PageVersion")
        .objects.filter(page_key=page.pk)
        .order_by("-number")
        .first()
    )
    assert latest.number == 2
    assert page.last_published_at == latest.published_at
    assert page.last_published_at.date().isoformat() == "2026-10-20"


def test_demo_comments_and_questions_were_written_in_office_hours(db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    now = timezone.now()
    moments = [
        *apps.get_model("feedback.Comment").objects.values_list(
            "created_at", flat=True
        ),
        *Question.objects.values_list("created_at", flat=True),
    ]

    assert len(moments) > 20
    for moment in moments:
        local = timezone.localtime(moment)
        assert moment <= now
        # (before 08:00 the newest is clamped to the moment the demo was loaded)
        assert (local.weekday() < 5 and 8 <= local.hour < 16) or (
            now - moment < datetime.timedelta(minutes=5)
        ), local
