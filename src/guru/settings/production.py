"""Production settings: everything secret or site-specific comes from the environment.

See docs/operations.md. Start with ``gunicorn guru.wsgi``.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("GURU_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS only, unless GURU_SECURE_COOKIES=0 says this is a plain-HTTP test server:
# requests the proxy marks as http are redirected (the load balancer's health check
# excepted), and browsers are told to use https for this host for a year.
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE
SECURE_REDIRECT_EXEMPT = [r"^halsa/$"]
SECURE_HSTS_SECONDS = (
    int(os.environ.get("GURU_HSTS_SECONDS", str(365 * 24 * 3600)))
    if SESSION_COOKIE_SECURE
    else 0
)
# Wagtail shows the preview of a page in a frame of its own admin.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = [
    "security.W019",  # SAMEORIGIN, for that preview
    # HSTS covers Guru's own host only: other intranet services under the agency's
    # domain are not ours to force onto https, and an intranet host is never
    # submitted to the browsers' public preload list.
    "security.W005",
    "security.W021",
]

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
