from .base import *  # noqa: F403

DEBUG = True
# Obviously fake: dev only, never used in production (production.py refuses to start without one).
SECRET_KEY = "dev-insecure-kansen-not-a-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
KANSEN_DEMO_DATA_ALLOWED = True
