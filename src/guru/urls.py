from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from guru import views
from guru.assistant import views as assistant_views
from guru.assistant.api import urls as api_urls

urlpatterns = [
    path("halsa/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("konto/", include("guru.accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("dokument/", include(wagtaildocs_urls)),
    path("sok/", assistant_views.search, name="search"),
    path("doris/", include("guru.assistant.urls")),
    path("api/", api_urls()),
    path("synpunkter/", include("guru.feedback.urls")),
    path("andringar/", include("guru.changes.urls")),
    path("uppfoljning/", include("guru.followup.urls")),
    path("dokumentrum/", include("guru.documents.urls")),
    path("ledning/", include("guru.meetings.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
