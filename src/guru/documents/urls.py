from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.home, name="home"),
    path("sok/", views.search, name="search"),
    path("mapp/<int:pk>/", views.folder_detail, name="folder"),
    path("mapp/<int:pk>/ladda-upp/", views.document_upload, name="upload"),
    path("mapp/<int:pk>/ny-mapp/", views.folder_create, name="folder_create"),
    path("dokument/<int:pk>/", views.document_detail, name="document"),
    path("dokument/<int:pk>/ny-version/", views.version_upload, name="version_upload"),
    path("dokument/<int:pk>/ladda-ner/", views.download, name="download"),
    path(
        "dokument/<int:pk>/version/<int:number>/ladda-ner/",
        views.download,
        name="download_version",
    ),
    path("dokument/<int:pk>/vagledning/", views.guidance_toggle, name="guidance"),
    path("dokument/<int:pk>/ta-bort/", views.document_delete, name="delete"),
    path("dokument/<int:pk>/aterstall/", views.document_restore, name="restore"),
]
