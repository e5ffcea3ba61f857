from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("mina/", views.mine, name="mine"),
    path("sida/<int:page_id>/", views.section, name="section"),
    path("sida/<int:page_id>/skriv/", views.comment_create, name="comment_create"),
    path("sida/<int:page_id>/rosta/", views.vote, name="vote"),
    path("sida/<int:page_id>/lage/", views.page_mode, name="page_mode"),
    path("<int:comment_id>/andra/", views.comment_edit, name="comment_edit"),
    path(
        "<int:comment_id>/dra-tillbaka/",
        views.comment_withdraw,
        name="comment_withdraw",
    ),
    path("<int:comment_id>/svara/", views.comment_reply, name="comment_reply"),
]
