from django.urls import path

from .views import assignments, exports, meetings, news, plans

app_name = "meetings"

urlpatterns = [
    path("", meetings.home, name="home"),
    path("moten/nytt/", meetings.meeting_create, name="meeting_create"),
    path("moten/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("moten/<int:pk>/andra/", meetings.meeting_edit, name="meeting_edit"),
    path("moten/<int:pk>/ta-bort/", meetings.meeting_delete, name="meeting_delete"),
    path("moten/<int:pk>/punkter/ny/", meetings.item_form, name="item_create"),
    path(
        "moten/<int:pk>/punkter/<int:item_pk>/andra/",
        meetings.item_form,
        name="item_edit",
    ),
    path(
        "punkter/<int:item_pk>/protokoll/", meetings.item_minutes, name="item_minutes"
    ),
    path("punkter/<int:item_pk>/flytta/", meetings.item_move, name="item_move"),
    path(
        "punkter/<int:item_pk>/beslut/<int:decision_pk>/ta-bort/",
        meetings.decision_delete,
        name="decision_delete",
    ),
    path("punkter/<int:item_pk>/rattelse/", meetings.correction, name="correction"),
    path(
        "punkter/<int:item_pk>/beslut/<int:decision_pk>/rattelse/",
        meetings.correction,
        name="decision_correction",
    ),
    path("moten/<int:pk>/justera/", meetings.minutes_lock, name="lock"),
    path(
        "moten/<int:pk>/dagordning.pdf",
        exports.meeting_pdf,
        {"part": "dagordning"},
        name="agenda_pdf",
    ),
    path(
        "moten/<int:pk>/protokoll.pdf",
        exports.meeting_pdf,
        {"part": "protokoll"},
        name="minutes_pdf",
    ),
    path("moten/<int:pk>/nyhet/", news.news_compose, name="news_compose"),
    path("kalender/", exports.calendar_info, name="calendar_info"),
    path("kalender/ledningsgruppen.ics", exports.calendar, name="calendar"),
    path("kalender/ny-lank/", exports.calendar_renew, name="calendar_renew"),
    path(
        "kalender/<str:token>/ledningsgruppen.ics",
        exports.calendar_by_token,
        name="calendar_token",
    ),
    path("uppdrag/", assignments.assignment_list, name="assignments"),
    path("uppdrag/mina/", assignments.my_assignments, name="my_assignments"),
    path("uppdrag/forsenade/", assignments.overdue, name="overdue"),
    path("uppdrag/nytt/", assignments.assignment_create, name="assignment_create"),
    path("uppdrag/<int:pk>/", assignments.assignment_detail, name="assignment"),
    path(
        "uppdrag/<int:pk>/andra/", assignments.assignment_edit, name="assignment_edit"
    ),
    path(
        "uppdrag/<int:pk>/status/",
        assignments.assignment_status,
        name="assignment_status",
    ),
    path(
        "uppdrag/<int:pk>/ta-bort/",
        assignments.assignment_delete,
        name="assignment_delete",
    ),
    path(
        "leveranser/<int:pk>/klar/",
        assignments.deliverable_done,
        name="deliverable_done",
    ),
    path(
        "leveranser/<int:pk>/angra/",
        assignments.deliverable_undo,
        name="deliverable_undo",
    ),
    path("nyheter/", news.news_archive, name="news_archive"),
    path("nyheter/flode/", news.NewsFeed(), name="news_feed"),
    path("nyheter/flode/<str:token>/", news.news_feed_by_token, name="news_feed_token"),
    path("nyheter/<int:pk>/", news.news_detail, name="news"),
    path("nyheter/<int:pk>/andra/", news.news_edit, name="news_edit"),
    path("nyheter/<int:pk>/publicera/", news.news_publish, name="news_publish"),
    path("planer/", plans.plan_overview, name="plans"),
    path("planer/ny/", plans.plan_form, name="plan_create"),
    path("planer/<int:pk>/", plans.plan_detail, name="plan"),
    path("planer/<int:pk>/andra/", plans.plan_form, name="plan_edit"),
    path("planer/<int:pk>/versioner/", plans.plan_diff, name="plan_diff"),
]
