"""Settings read from the environment, and the production mode's guarantees."""

import json
import os
import subprocess
import sys

from django.conf import settings


def _settings_in_subprocess(**environment: str) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/sandbox/'); routed = True\nexcept Resolver404:\n    routed = False\n"
        "print(json.dumps({'debug': settings.DEBUG, 'sandbox': settings.SANDBOX_ENABLED, 'routed': routed,"
        " 'secure_cookie': getattr(settings, 'SESSION_COOKIE_SECURE', False), 'hsts': getattr(settings, 'SECURE_HSTS_SECONDS', 0),"
        " 'engine': settings.DATABASES['default']['ENGINE'], 'sandbox_db': settings.DATABASES['sandbox'].get('NAME'),"
        " 'broker': 'redis' in settings.Q_CLUSTER and 'redis' or 'orm'}))"
    )
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="bcsales.settings", **environment)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_mode_turns_debug_and_sandbox_off_and_cookies_secure():
    values = _settings_in_subprocess(BCSALES_PRODUCTION="1", SECRET_KEY="x" * 50, ALLOWED_HOSTS="sales.example.com")
    assert values["debug"] is False
    assert values["sandbox"] is False
    assert values["routed"] is False
    assert values["secure_cookie"] is True
    assert values["hsts"] > 0


def test_embedded_default_is_sqlite_with_the_orm_broker():
    values = _settings_in_subprocess()
    assert values["engine"].endswith("sqlite3")
    assert values["broker"] == "orm"


def test_database_url_selects_postgresql_and_a_sibling_sandbox_database():
    values = _settings_in_subprocess(
        DATABASE_URL="postgresql://u:p@db.internal:5432/bcsales", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["sandbox_db"] == "bcsales_sandbox"
    assert values["broker"] == "redis"


def test_q_cluster_timeout_is_shorter_than_retry():
    assert settings.Q_CLUSTER["timeout"] < settings.Q_CLUSTER["retry"]
    assert settings.Q_CLUSTER["catch_up"] is False
    assert settings.Q_CLUSTER["max_attempts"] >= 1
