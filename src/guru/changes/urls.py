from django.urls import path

from . import views

app_name = "changes"

urlpatterns = [
    path("version/<int:pk>/", views.version_detail, name="version"),
    path("sida/<int:page_key>/", views.page_as_of, name="page_as_of"),
    path("sida/<int:page_key>/jamfor/", views.version_diff, name="diff"),
    path("per-datum/", views.handbook_as_of, name="handbook_as_of"),
    path("bevaka/<int:page_id>/", views.follow_toggle, name="follow"),
    path("bevakningar/", views.following, name="following"),
    path("notis/<int:pk>/", views.notification_open, name="notification"),
    path("flode/<int:area_id>/", views.AreaChangesFeed(), name="area_feed"),
]
