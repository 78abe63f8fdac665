import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-insecure-kansen-not-a-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The process's memory stands in for production's Redis, sessions included.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
KANSEN_DEMO_DATA_ALLOWED = True
# Tests serve static files through the finders; there is no collected folder.
STATIC_ROOT = None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not SQLite's shared in-memory database: there, parallel
    # connections fail at once with "table is locked" instead of queueing,
    # and the concurrency tests must see what production sees.
    # One file per test process, so that two runs on one machine never share it.
    DATABASES["default"]["TEST"] = {"NAME": Path(tempfile.gettempdir()) / f"kansen-test-{os.getpid()}.sqlite3"}  # noqa: F405
# Tests travel in time between requests (a door shift, closing time at the
# playground) without the requests in between that keep a real session
# alive; tests/website/test_sessions.py puts the real lifetimes back.
SESSION_COOKIE_AGE = 365 * 24 * 60 * 60
KANSEN_SESSION_MAX_AGE = 365 * 24 * 60 * 60
