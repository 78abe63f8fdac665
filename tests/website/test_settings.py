import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "website.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "kansen.example",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_manage(*args, env):
    # Only what a server would have: the test run's own switches stay out.
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_variables(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_settings_pass_the_deployment_checklist_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_dates_and_languages_are_belgian():
    assert settings.TIME_ZONE == "Europe/Brussels"
    assert settings.LANGUAGE_CODE == "nl-be"
    assert [code for code, _ in settings.LANGUAGES] == ["nl", "fr", "en"]
    assert [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES] == ["nl", "fr", "en"]
    assert settings.WAGTAIL_I18N_ENABLED


def test_public_pages_send_strict_security_headers(client, home):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy + ";"
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_only_the_admin_loosens_the_content_security_policy(client, home, admin_user):
    client.force_login(admin_user)
    admin_policy = client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin_policy
    assert "frame-ancestors 'self'" in admin_policy
    assert "unsafe-inline" not in client.get("/desk/")["Content-Security-Policy"]


def test_caches_are_shared_between_processes_outside_tests():
    """Feeds and facets are invalidated across workers: never a per-process cache."""
    result = subprocess.run(
        [sys.executable, "-c", "from website.settings import base; print(base.CACHES['default']['BACKEND'])"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "REDIS_URL"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kansen_cache_check"}}
)
def test_migrate_also_creates_the_database_cache_table(db):
    from django.apps import apps
    from django.db import connection

    from website.apps import create_cache_table

    create_cache_table(using="default", app_config=apps.get_app_config("website"))
    assert "kansen_cache_check" in connection.introspection.table_names()
