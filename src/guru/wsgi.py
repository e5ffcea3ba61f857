"""WSGI entry point for gunicorn: ``gunicorn guru.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guru.settings.production")

application = get_wsgi_application()
