from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.index, name="index"),
    path("tertial/<int:year>/<int:tertial>/", views.report, name="report"),
    path("nyckeltal/<str:code>/", views.key_figure, name="key_figure"),
    path("nyckeltal/<str:code>/anteckning/", views.annotate, name="annotate"),
    path("varden/ny/", views.value_create, name="value_create"),
    path("varden/<int:pk>/ta-bort/", views.value_delete, name="value_delete"),
    path("import/", views.import_upload, name="import"),
    path("import/historik/", views.import_history, name="import_history"),
    path("import/<int:batch_id>/", views.import_preview, name="import_preview"),
    path("import/<int:batch_id>/angra/", views.import_undo, name="import_undo"),
    path(
        "import/mall/<int:year>-T<int:tertial>.<str:fmt>",
        views.import_template,
        name="import_template",
    ),
    path("oppna/", views.follow_up_open, name="follow_up_open"),
    path("<int:pk>/", views.follow_up, name="follow_up"),
    path(
        "<int:pk>/analys/<str:department_code>/",
        views.analysis_edit,
        name="analysis_edit",
    ),
    path("<int:pk>/slutsatser/", views.conclusions_edit, name="conclusions_edit"),
    path("<int:pk>/atgarder/", views.action_create, name="action_create"),
    path("atgard/<int:action_id>/", views.action_status, name="action_status"),
    path("<int:pk>/publicera/", views.follow_up_publish, name="publish"),
    path(
        "<int:pk>/tertialuppfoljning.<str:fmt>",
        views.follow_up_download,
        name="download",
    ),
    path("remiss/", views.rounds, name="rounds"),
    path("remiss/<int:pk>/", views.round_detail, name="round"),
    path("remiss/<int:pk>/stang/", views.round_close, name="round_close"),
    path("remiss/<int:pk>/sista-dag/", views.round_closes_on, name="round_closes_on"),
    path("remiss/<int:pk>/oppna-igen/", views.round_reopen, name="round_reopen"),
    path("remiss/forslag/<int:pk>/", views.proposal_detail, name="proposal"),
    path("remiss/forslag/<int:pk>/andra/", views.proposal_edit, name="proposal_edit"),
    path(
        "remiss/forslag/<int:pk>/aterkalla/",
        views.proposal_withdraw,
        name="proposal_withdraw",
    ),
    path("meddelanden/", views.notifications, name="notifications"),
]
