"""Settings shared by every environment; environment files override them.

Values that differ between machines come from the environment, never from code:
see ``docs/operations.md`` for the list.
"""

import datetime
import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PROJECT_DIR.parent.parent
VAR_DIR = Path(os.environ.get("GURU_VAR_DIR", REPO_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no flag from the environment ("1", "true", "yes", "on")."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list from the environment."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "guru.accounts",
    "guru.handbook",
    "guru.feedback",
    "guru.changes",
    "guru.assistant",
    "guru.followup",
    "guru.documents",
    "guru.meetings",
    "guru.demo",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "guru.accounts.apps.GuruUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_htmx",
    "mailer",
    "django.contrib.auth",
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, so static files keep their long cache lifetime.
    "guru.middleware.NoBrowserCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Guru is an intranet: every view needs a logged-in user unless it is
    # explicitly marked with @login_not_required (log-in page, health check).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out log-in into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "guru.urls"
WSGI_APPLICATION = "guru.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "guru.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'guru.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Log-in throttling (django-axes): after five failed log-ins from one address for
# one username, that pair is refused for 15 minutes (HTTP 429, a page that says so).
# Only failures are stored (username, IP address, user agent; never the password)
# and a successful log-in clears them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("GURU_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("GURU_LOGIN_LOCKOUT_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_CLIENT_IP_CALLABLE = "guru.accounts.client_ip.client_ip"
# Reverse proxies in front of Guru that append to X-Forwarded-For (0: none).
GURU_TRUSTED_PROXIES = int(os.environ.get("GURU_TRUSTED_PROXIES", "0"))

# A link to choose a new password (accounts:password_reset) works for one day.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
# A restricted page sends anonymous visitors to Guru's log-in, not Wagtail's.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from hx-headers instead

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PROJECT_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o640

# E-mail goes through an outbox (django-mailer): a request only stores its
# messages in the database, and `manage.py send_mail`, run every minute, sends them
# with the real backend, which the EMAIL_BACKEND variable names (SMTP by default).
# A failed delivery is deferred; `retry_deferred` puts it back in the queue.
# GURU_EMAIL_QUEUE=0 sends from the request instead, as Guru did before.
GURU_EMAIL_QUEUE = env_bool("GURU_EMAIL_QUEUE", True)
MAILER_EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_BACKEND = "mailer.backend.DbBackend" if GURU_EMAIL_QUEUE else MAILER_EMAIL_BACKEND
# A sent message leaves the queue at once; its log entry keeps no copy of the
# message (what staff wrote), only the result, and `purge_mail_log` deletes it.
MAILER_EMAIL_LOG_MESSAGE_DATA = False
# No lock file: PostgreSQL's row locks already keep two `send_mail` runs from
# sending one message twice, and a lock file left by a killed run would stop all
# mail until someone deleted it.
MAILER_USE_FILE_LOCK = False
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# Seconds before a relay that does not answer counts as failed (the e-mail is then
# deferred) rather than holding up `send_mail` for ever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Guru <guru@example.se>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Guru"
WAGTAILADMIN_BASE_URL = os.environ.get("GURU_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska"), ("en", "English")]
# Everyone works in Swedish time; the admin's list of every zone the system knows
# also held "localtime", which the browser rejects (a script error on "Konto").
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
# Page addresses in plain letters, as the imported handbook's ("ansokan-och-beredning"):
# "Förskott" becomes "forskott", which survives e-mail and chat without %-escapes.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: they would send a hash of every editor's e-mail
# address to a third party on each admin page (and show broken images offline).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = (
    "guru.handbook.workflow_actions.publish_approved_revision"
)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "md"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Used on PostgreSQL (stemming, Swedish stop words); ignored on SQLite.
        "SEARCH_CONFIG": "swedish",
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_personal_data": {"()": "guru.privacy.PersonalDataMaskingFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_personal_data"],
            "formatter": "plain",
        },
        # runserver's request lines hold query strings (a search for a
        # personnummer, say): Django's own handler for them does not mask.
        "server": {
            "class": "logging.StreamHandler",
            "filters": ["mask_personal_data"],
            "formatter": "server",
        },
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # Django's own handlers for "django" (a console copy when DEBUG, tracebacks
        # with the request's data mailed to ADMINS) do not mask: its records go to
        # the root's masked console instead.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # One line per search-index update is noise, not information.
        "django_tasks": {"level": "WARNING"},
        # WeasyPrint logs every layout step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Guru
GURU_HANDBOOK_REVIEW_WARNING_DAYS = int(
    os.environ.get("GURU_HANDBOOK_REVIEW_WARNING_DAYS", "30")
)
# Sections changed by a saklig change are marked "Ändrat <datum>" for this many days.
GURU_CHANGE_MARK_DAYS = int(os.environ.get("GURU_CHANGE_MARK_DAYS", "60"))
# The document space (/dokumentrum/): largest file accepted, in bytes.
GURU_DOCUMENTS_MAX_SIZE = int(
    os.environ.get("GURU_DOCUMENTS_MAX_SIZE", str(25 * 1024 * 1024))
)
CSRF_FAILURE_VIEW = "guru.views.csrf_failure"
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Doris (guru.assistant): questions per user and minute, and how long the
# question log is kept before `purge_doris_log` deletes it.
GURU_DORIS_QUESTIONS_PER_MINUTE = int(
    os.environ.get("GURU_DORIS_QUESTIONS_PER_MINUTE", "10")
)
# Searches (/sok/ and /api/search) per user and minute.
GURU_SEARCHES_PER_MINUTE = int(os.environ.get("GURU_SEARCHES_PER_MINUTE", "30"))
GURU_DORIS_LOG_DAYS = int(os.environ.get("GURU_DORIS_LOG_DAYS", "180"))
# Optional generated answers (guru.assistant.generate): an OpenAI-compatible
# chat endpoint, e.g. a local vLLM or Ollama. Off while the base URL is empty.
GURU_DORIS_LLM_BASE_URL = os.environ.get("GURU_DORIS_LLM_BASE_URL", "")
GURU_DORIS_LLM_MODEL = os.environ.get("GURU_DORIS_LLM_MODEL", "")
GURU_DORIS_LLM_API_KEY = os.environ.get("GURU_DORIS_LLM_API_KEY", "")
GURU_DORIS_LLM_TIMEOUT = float(os.environ.get("GURU_DORIS_LLM_TIMEOUT", "8"))
# A streamed answer (the panel) must be complete within this many seconds; a
# pause longer than GURU_DORIS_LLM_TIMEOUT also ends it.
GURU_DORIS_LLM_STREAM_TIMEOUT = float(
    os.environ.get("GURU_DORIS_LLM_STREAM_TIMEOUT", "60")
)
# Optional dense retrieval for Doris: a local ONNX model directory (model.onnx +
# tokenizer.json), never downloaded. Rebuild the index after setting it.
GURU_DORIS_ENCODER_DIR = os.environ.get("GURU_DORIS_ENCODER_DIR", "")
# The confidence calibration to use instead of the shipped one (fitted on lexical
# rankings): a file written by `python -m doris.bench --encoder DIR
# --fit-calibration --calibration FILE`, for the hybrid's own rankings.
GURU_DORIS_CALIBRATION = os.environ.get("GURU_DORIS_CALIBRATION", "")
