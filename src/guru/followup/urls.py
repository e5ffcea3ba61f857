from django.urls import path

from .views import follow_ups, report, rounds, uploads

app_name = "followup"

urlpatterns = [
    path("", report.index, name="index"),
    path("tertial/<int:year>/<int:tertial>/", report.report, name="report"),
    path("nyckeltal/<str:code>/", report.key_figure, name="key_figure"),
    path("nyckeltal/<str:code>/anteckning/", report.annotate, name="annotate"),
    path("varden/ny/", report.value_create, name="value_create"),
    path("varden/<int:pk>/ta-bort/", report.value_delete, name="value_delete"),
    path("import/", uploads.import_upload, name="import"),
    path("import/historik/", uploads.import_history, name="import_history"),
    path("import/<int:batch_id>/", uploads.import_preview, name="import_preview"),
    path("import/<int:batch_id>/angra/", uploads.import_undo, name="import_undo"),
    path(
        "import/mall/<int:year>-T<int:tertial>.<str:fmt>",
        uploads.import_template,
        name="import_template",
    ),
    path("oppna/", follow_ups.follow_up_open, name="follow_up_open"),
    path("<int:pk>/", follow_ups.follow_up, name="follow_up"),
    path(
        "<int:pk>/analys/<str:department_code>/",
        follow_ups.analysis_edit,
        name="analysis_edit",
    ),
    path("<int:pk>/slutsatser/", follow_ups.conclusions_edit, name="conclusions_edit"),
    path("<int:pk>/atgarder/", follow_ups.action_create, name="action_create"),
    path("atgard/<int:action_id>/", follow_ups.action_status, name="action_status"),
    path("<int:pk>/publicera/", follow_ups.follow_up_publish, name="publish"),
    path(
        "<int:pk>/tertialuppfoljning.<str:fmt>",
        follow_ups.follow_up_download,
        name="download",
    ),
    path("remiss/", rounds.rounds, name="rounds"),
    path("remiss/<int:pk>/", rounds.round_detail, name="round"),
    path("remiss/<int:pk>/stang/", rounds.round_close, name="round_close"),
    path("remiss/<int:pk>/sista-dag/", rounds.round_closes_on, name="round_closes_on"),
    path("remiss/<int:pk>/oppna-igen/", rounds.round_reopen, name="round_reopen"),
    path("remiss/forslag/<int:pk>/", rounds.proposal_detail, name="proposal"),
    path("remiss/forslag/<int:pk>/andra/", rounds.proposal_edit, name="proposal_edit"),
    path(
        "remiss/forslag/<int:pk>/aterkalla/",
        rounds.proposal_withdraw,
        name="proposal_withdraw",
    ),
    path("meddelanden/", rounds.notifications, name="notifications"),
]
