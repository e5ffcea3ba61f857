from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "guru.documents"
    label = "documents"
    verbose_name = "Dokumentrum"
