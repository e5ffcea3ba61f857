from django.urls import path

from . import views

app_name = "assistant"

urlpatterns = [
    path("", views.ask, name="ask"),
    path("fraga/<int:question_id>/svar/", views.feedback, name="feedback"),
    path(
        "fraga/<int:question_id>/formulerat/",
        views.answer_stream,
        name="answer_stream",
    ),
    path(
        "fraga/<int:question_id>/redaktionen/",
        views.send_to_editors,
        name="send_to_editors",
    ),
    path("redaktion/", views.dashboard, name="dashboard"),
    path(
        "redaktion/fraga/<int:question_id>/",
        views.question_detail,
        name="question",
    ),
    path("redaktion/lart/", views.taught, name="taught"),
    path(
        "redaktion/lart/<str:kind>/<int:pk>/andra/",
        views.taught_edit,
        name="taught_edit",
    ),
    path(
        "redaktion/lart/<str:kind>/<int:pk>/ta-bort/",
        views.taught_withdraw,
        name="taught_withdraw",
    ),
    path(
        "redaktion/lart/<str:kind>/<int:pk>/aterstall/",
        views.taught_restore,
        name="taught_restore",
    ),
]
