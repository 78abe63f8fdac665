"""Settings shared by every environment; values that differ per deployment come
from environment variables (see the configuration table in README.md)."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

SITE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SITE_DIR.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "website",
    "holiday_play",
    "groceries",
    "programmes",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "website.middleware.SessionLifetime",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "website.middleware.AdminContentSecurityPolicy",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite is the embedded default so `make run` needs nothing else; production
# and CI set DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite ignores select_for_update. IMMEDIATE takes the write lock when a
    # transaction begins, so two bookings of one session queue up instead of
    # both counting the same free place (or failing with "database is locked"
    # when a read lock cannot be upgraded); the timeout is how long they queue.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails a request (and the health check,
    # which must answer within 2 seconds) instead of hanging it; libpq's
    # minimum is 2 seconds.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2"))
    # With PostgreSQL's default cost of a random read (4, a spinning disk's)
    # it reads every town's attendance marks rather than look up one town's
    # in their index; our tables fit in memory, where a random read costs
    # about what a sequential one does. The annual report's marks per person:
    # 24 ms read whole, 6 ms through the index. See DATABASE_OPTIONS in the README.
    if options := os.environ.get("DATABASE_OPTIONS", "-c random_page_cost=1.1"):
        DATABASES["default"]["OPTIONS"]["options"] = options
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Several worker processes share what must be invalidated together (feeds,
# facets, rate limits): Redis when there is one, else the database.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "kansen",
        }
    }
    # Sessions read from Redis, written through to the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kansen_cache",
        }
    }

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Each user's permissions are remembered in that cache (programmes.permission_cache).
AUTHENTICATION_BACKENDS = ["programmes.permission_cache.CachedModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "desk:login"
LOGIN_REDIRECT_URL = "desk:home"
LOGOUT_REDIRECT_URL = "desk:login"

# Languages: Dutch (Belgium) first; French and English complete.
LANGUAGE_CODE = "nl-be"
LANGUAGES = [
    ("nl", _("Dutch")),
    ("fr", _("French")),
    ("en", _("English")),
]
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [
    ("nl", "Nederlands"),
    ("fr", "Français"),
    ("en", "English"),
]
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail's page editor can exceed Django's default of 1000 fields per form.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Kansen"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
# No SVG: an SVG is a document that can run script in our origin.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Documents always go through Wagtail's serve view, which checks the
# collection's privacy and sends them with `default-src 'none'`; the web server
# never serves the originals from MEDIA_ROOT (docs/operations.md).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# A shared password is a secret passed around outside any account: pages and
# collections are private to signed-in users or groups only.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
# Private pages and documents ask to sign in on the desk's throttled page.
WAGTAIL_FRONTEND_LOGIN_URL = "desk:login"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kansen@localhost")

# Role groups: created by website/migrations/0002_role_groups.py; code refers
# to a group through these keys, never through its display name.
KANSEN_ROLE_GROUPS = {
    "coordinators": "Coordinators",
    "social_workers": "Social workers",
    "grocery_volunteers": "Grocery volunteers",
    "animators": "Animators",
    "volunteers": "Volunteers",
    "editors": "Editors",
}

# Security headers that hold in every environment; production.py adds the
# HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Nobody frames our pages; Wagtail's preview sets SAMEORIGIN on its own views.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Staff sessions end after 30 minutes idle and 12 hours after signing in at
# most (website.middleware.SessionLifetime). The idle expiry moves at most
# every KANSEN_SESSION_REFRESH seconds, not on every request: a door check
# should not write its session each time.
SESSION_COOKIE_AGE = 30 * 60
KANSEN_SESSION_REFRESH = 5 * 60
KANSEN_SESSION_MAX_AGE = 12 * 60 * 60
# Medical notes, signals and downloads with personal data ask for the
# password again when it was last typed longer ago than this (programmes.reauth).
KANSEN_REAUTH_AFTER = 15 * 60

# Abuse resistance (docs/operations.md): (attempts, seconds) per scope,
# counted in the shared cache by programmes.throttle.
KANSEN_RATE_LIMITS = {
    # failed sign-ins per user name (desk and admin); a success starts again
    "login_account": (5, 15 * 60),
    # failed sign-ins per address, whatever the user name
    "login_address": (20, 15 * 60),
    # registrations and playground bookings stored per address
    "registration_address": (10, 60 * 60),
    # new manage links asked per address, and per e-mail address asked for
    "new_link_address": (5, 60 * 60),
    "new_link_email": (3, 60 * 60),
    # admin password-reset mails asked per address, and per e-mail address
    "password_reset_address": (5, 60 * 60),
    "password_reset_email": (3, 60 * 60),
}
# How many proxies of ours stand in front of the app and append the client's
# address to X-Forwarded-For (nginx: proxy_add_x_forwarded_for). 0: trust
# REMOTE_ADDR only. Behind a proxy, leaving it 0 makes every visitor one
# address for the rate limits.
KANSEN_TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

# No CDN and no inline code on public pages: everything is served from here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Everything goes to the console (production.py makes it JSON lines), and
# only there: the "django" logger loses Django's default mail_admins handler,
# whose mails would carry the request. See website/logging.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"django": {"handlers": [], "level": os.environ.get("LOG_LEVEL", "WARNING"), "propagate": True}},
}
# Error reports show no POST values and, outside DEBUG, no local variables.
DEFAULT_EXCEPTION_REPORTER_FILTER = "website.logging.NoPersonalDataReporterFilter"

# Avatars stay on our server: no user e-mail hashes sent to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# seed_demo creates users with a published password: only dev and test allow it.
KANSEN_DEMO_DATA_ALLOWED = False

# Days after the end of a child's last booked school holiday after which the
# playground erases its medical notes, allergies, diet and the people who may
# pick the child up (a rule of the daily `apply_retention`).
KANSEN_CHILD_DATA_RETENTION_DAYS = int(os.environ.get("KANSEN_CHILD_DATA_RETENTION_DAYS", "60"))
