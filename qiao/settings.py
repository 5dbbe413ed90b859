"""Qiao's one settings module, configured from the environment.

QIAO_ENV=production turns on the hardened mode that `manage.py check --deploy` accepts;
anything else is development. Every variable is listed in README.md.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("QIAO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("QIAO_ENV", "development") == "production"
DEBUG = env_bool("QIAO_DEBUG", not PRODUCTION)

SECRET_KEY = os.environ.get("QIAO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("QIAO_SECRET_KEY must be set when QIAO_ENV=production.")
    SECRET_KEY = "django-insecure-qiao-development-only-key-do-not-use-in-production-0123456789"

ALLOWED_HOSTS = env_list("QIAO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("QIAO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "phonenumber_field",
    "qiao.core",
    "qiao.accounts",
    "qiao.taxonomy",
    "qiao.directory",
    "qiao.inbox",
    "qiao.onboarding",
    "qiao.market",
    "qiao.matching",
    "qiao.pipeline",
    "qiao.intel",
    "qiao.events",
    "qiao.lab",
    "qiao.policies",
    "qiao.servicedesk",
    "qiao.reporting",
    "qiao.chain",
    "qiao.attraction",
    "qiao.experts",
    "qiao.calls",
    "qiao.alliances",
    "qiao.insights",
    "qiao.home",
]
if not PRODUCTION:
    # Demo data and synthetic clusters are for development and benchmarks, never production.
    INSTALLED_APPS.append("qiao.devtools")

SILENCED_SYSTEM_CHECKS = [
    # Covering indexes (Index.include) are a PostgreSQL feature; SQLite builds the index on
    # its key columns alone, which is all the embedded database needs.
    "models.W040",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # An /api/ request with "Authorization: Bearer <token>" acts as the token's owner.
    "qiao.core.api_auth.ApiTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Refuses oversized bodies (413) and NUL bytes or lone surrogates (400) before any view.
    "qiao.core.input_guard.InputGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "qiao.core.middleware.ConflictMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qiao.urls"
WSGI_APPLICATION = "qiao.wsgi.application"
ASGI_APPLICATION = "qiao.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "qiao" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qiao.inbox.context_processors.inbox",
            ],
        },
    }
]

# --- Cache ----------------------------------------------------------------------------
# "default" is a database table (created by `migrate`), so every app server and worker
# shares it without another service: it holds small shared values such as the insights'
# version number. "insights" keeps computed dashboard figures in each process's memory
# (qiao/insights/cache.py explains the pair).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "qiao_cache",
    },
    "insights": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "qiao-insights",
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
    # Directory searches: ranked ids and facet counts per query (qiao/directory/search.py).
    "search": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "qiao-search",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
QIAO_SEARCH_CACHE_SECONDS = int(os.environ.get("QIAO_SEARCH_CACHE_SECONDS", "300"))
QIAO_INSIGHTS_CACHE_SECONDS = int(os.environ.get("QIAO_INSIGHTS_CACHE_SECONDS", "300"))
# Conflicts of interest: collaboration (agreements, introductions, joint projects, ended
# relations) within this many years excludes an expert from reviewing (qiao/experts).
QIAO_CONFLICT_YEARS = int(os.environ.get("QIAO_CONFLICT_YEARS", "3"))

# --- Database -------------------------------------------------------------------------
DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'qiao.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("QIAO_DATABASE_URL", DEFAULT_SQLITE_URL),
        conn_max_age=int(os.environ.get("QIAO_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
            # BEGIN so two writers queue instead of failing half-way with "database is locked".
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend must come first so a locked-out address is refused early.
    "axes.backends.AxesStandaloneBackend",
    "qiao.inbox.backends.InboxMembershipBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "qiao.accounts.validators.CharacterClassValidator"},
]
# Phone numbers are read as Chinese numbers unless they start with +, and stored as E.164.
PHONENUMBER_DEFAULT_REGION = "CN"
PHONENUMBER_DB_FORMAT = "E164"

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "directory:organisation_list"

# Sign-in is locked for 15 minutes after QIAO_LOGIN_FAILURE_LIMIT wrong passwords for one
# account from any number of addresses, or QIAO_LOGIN_ADDRESS_FAILURE_LIMIT from one address
# for any accounts (qiao/accounts/lockout.py).
QIAO_LOGIN_FAILURE_LIMIT = int(os.environ.get("QIAO_LOGIN_FAILURE_LIMIT", "5"))
QIAO_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("QIAO_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_FAILURE_LIMIT = "qiao.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "qiao.accounts.lockout.username_of"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "qiao.core.http.client_ip"
# X-Forwarded-For is believed only from these addresses or networks (qiao/core/http.py).
if "QIAO_TRUSTED_PROXIES" in os.environ:
    raise ImproperlyConfigured(
        "QIAO_TRUSTED_PROXIES (a count) is replaced by QIAO_TRUSTED_PROXY_IPS, the addresses "
        "of the reverse proxies, e.g. QIAO_TRUSTED_PROXY_IPS=127.0.0.1,::1."
    )
QIAO_TRUSTED_PROXY_IPS = env_list("QIAO_TRUSTED_PROXY_IPS", "127.0.0.1,::1" if PRODUCTION else "")
# Password reset requests answered with an e-mail, per address asked for and per client,
# in an hour; more get the same page and no e-mail (qiao/accounts/throttle.py).
QIAO_PASSWORD_RESETS_PER_EMAIL = int(os.environ.get("QIAO_PASSWORD_RESETS_PER_EMAIL", "3"))
QIAO_PASSWORD_RESETS_PER_IP = int(os.environ.get("QIAO_PASSWORD_RESETS_PER_IP", "10"))
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3  # seconds a reset link stays valid

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# ISO first among the input formats of every language, so date inputs keep their values.
FORMAT_MODULE_PATH = ["qiao.core.formats"]
TIME_ZONE = os.environ.get("QIAO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [
    BASE_DIR / "qiao" / "static",
    # Apache ECharts, fetched from npm by `make install` (package.json), served as
    # /static/vendor/echarts/echarts.min.js: nothing is loaded from a CDN.
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
STATIC_ROOT = Path(os.environ.get("QIAO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("QIAO_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "QIAO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("QIAO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("QIAO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("QIAO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("QIAO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("QIAO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("QIAO_DEFAULT_FROM_EMAIL", "qiao@localhost")

QIAO_BACKUP_DIR = Path(os.environ.get("QIAO_BACKUP_DIR", VAR_DIR / "backups"))

# --- Security -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp; docs/security/inject.md): scripts only from Qiao's
# own static files, never inline or evaluated. Inline styles stay allowed: ECharts writes
# style attributes into its tooltips, some templates carry one, and a style runs no script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("QIAO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("QIAO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("QIAO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Background work (matching a published listing, digests) runs through django-tasks. The
# database backend needs no broker: `manage.py db_worker` claims queued rows on SQLite and
# PostgreSQL alike. QIAO_TASKS_BACKEND=immediate runs tasks in the request instead.
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[os.environ.get("QIAO_TASKS_BACKEND", "database")]
    }
}

# Matching: the bilingual glossary is editable data; a cluster may point at its own copy.
QIAO_GLOSSARY_PATH = os.environ.get(
    "QIAO_GLOSSARY_PATH", str(BASE_DIR / "qiao" / "matching" / "data" / "glossary.tsv")
)
# An optional local sentence-embedding model (a directory on disk); never downloaded.
QIAO_EMBEDDING_MODEL = os.environ.get("QIAO_EMBEDDING_MODEL", "")
# Where Qiao is reached, for links in e-mails sent outside a request (digests).
QIAO_BASE_URL = os.environ.get("QIAO_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# The broker's work queue flags published needs nobody has introduced for this many days.
QIAO_UNANSWERED_DAYS = int(os.environ.get("QIAO_UNANSWERED_DAYS", "14"))
# Minutes without opening the home after which the next view starts a new visit (its
# "since your last visit" counts from the visit before).
QIAO_HOME_VISIT_GAP_MINUTES = int(os.environ.get("QIAO_HOME_VISIT_GAP_MINUTES", "30"))
# News pages are fetched only from public addresses on ports 80 and 443 (qiao/core/outbound.py).
# An intranet news mirror may be opened by name or network ("mirror.lan,10.8.0.0/16").
QIAO_FETCH_ALLOWED_HOSTS = env_list("QIAO_FETCH_ALLOWED_HOSTS", "")
QIAO_FETCH_ALLOWED_PORTS = [int(p) for p in env_list("QIAO_FETCH_ALLOWED_PORTS", "")]
# Largest document attached to an agreement, in megabytes.
QIAO_MAX_DOCUMENT_MB = int(os.environ.get("QIAO_MAX_DOCUMENT_MB", "20"))
# Largest photo of a lab instrument, in megabytes.
QIAO_MAX_PHOTO_MB = int(os.environ.get("QIAO_MAX_PHOTO_MB", "5"))
# How long a slot freed from the waitlist is kept for the next in line, in hours.
QIAO_LAB_OFFER_HOURS = int(os.environ.get("QIAO_LAB_OFFER_HOURS", "12"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest upload request (multipart), in megabytes: the largest document plus the form.
QIAO_MAX_REQUEST_MB = int(os.environ.get("QIAO_MAX_REQUEST_MB", str(QIAO_MAX_DOCUMENT_MB + 1)))
# Partnering events: at most this many days, and this many meeting slots per event.
QIAO_EVENT_MAX_DAYS = int(os.environ.get("QIAO_EVENT_MAX_DAYS", "14"))
QIAO_EVENT_MAX_SLOTS = int(os.environ.get("QIAO_EVENT_MAX_SLOTS", "2000"))
