"""Settings, read from environment variables so that one code base serves the demo, the tests and production.

The embedded default is a SQLite file under ``var/``; ``DATABASE_URL`` switches to PostgreSQL (psycopg 3).
``BCSALES_PRODUCTION=1`` turns on the production mode: DEBUG off, secure cookies, HSTS, sandbox off.
"""

from pathlib import Path

import dj_database_url

from bcsales.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("BCSALES_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env_bool("BCSALES_PRODUCTION", False)
DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else "insecure-demo-key-change-me-for-any-real-use")
if PRODUCTION and not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when BCSALES_PRODUCTION=1.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Key that encrypts connection secrets at rest (Fernet). Kept apart from SECRET_KEY so that rotating one
# does not lose the other; generated into var/ on the first run when not given.
SECRETS_KEY = env_str("BCSALES_SECRETS_KEY", "")
SECRETS_KEY_FILE = VAR_DIR / "secrets.key"

# The sandbox emulators (Dataverse, BC API, identity). Never reachable in production mode.
SANDBOX_ENABLED = env_bool("BCSALES_SANDBOX", True) and not PRODUCTION

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_q",
    "bcsales",
    "connection_setup",
    "mappings",
    "synclog",
    "sandbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "bcsales.urls"
WSGI_APPLICATION = "bcsales.wsgi.application"
ASGI_APPLICATION = "bcsales.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bcsales.context_processors.shell",
            ],
        },
    },
]


def _database(url: str, sqlite_path: Path) -> dict:
    """One DATABASES entry: the URL when given, else the embedded SQLite file tuned for several processes."""
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        # Kept open between requests, as the URL's are: opening a SQLite file runs the PRAGMAs below each time.
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(sqlite_path), "CONN_MAX_AGE": 60}
    if config["ENGINE"].endswith("sqlite3"):
        # WAL lets the web server, the worker and the sandbox read while one writes; IMMEDIATE transactions
        # take the write lock up front instead of failing half-way with "database is locked". A page of a sync
        # writes its couplings and change log at random places of their id indexes, so each commit dirties most of
        # their pages: a 16 MB page cache keeps them between pages instead of reading them back, and a checkpoint
        # every 10,000 WAL pages (not 1,000) copies a page rewritten by several commits into the file once. Both
        # halve the CPU of those inserts.
        config["OPTIONS"] = {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA cache_size=-16384; PRAGMA wal_autocheckpoint=10000;"
            ),
        }
    return config


def _sandbox_url(default_url: str) -> str:
    """The sandbox keeps its own database: beside the app's on the same PostgreSQL server, else a SQLite file."""
    explicit = env_str("SANDBOX_DATABASE_URL", "")
    if explicit or not default_url.startswith(("postgres://", "postgresql://")):
        return explicit
    base, _, name = default_url.rpartition("/")
    name, sep, query = name.partition("?")
    return f"{base}/{name}_sandbox{sep}{query}"


DATABASE_URL = env_str("DATABASE_URL", "")
DATABASES = {
    "default": _database(DATABASE_URL, VAR_DIR / "bcsales.sqlite3"),
    "sandbox": _database(_sandbox_url(DATABASE_URL), VAR_DIR / "sandbox.sqlite3"),
}
DATABASE_ROUTERS = ["sandbox.routers.SandboxRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# Background work: django-q2 with the ORM broker, or Redis for scale-out. A task's timeout stays below its
# retry so that the broker never hands a running task to a second worker.
REDIS_URL = env_str("REDIS_URL", "")
Q_CLUSTER = {
    "name": "bcsales",
    "workers": env_int("Q_WORKERS", 2),
    "timeout": env_int("Q_TIMEOUT", 1800),
    "retry": env_int("Q_RETRY", 2100),
    "max_attempts": 2,
    "catch_up": False,
    "save_limit": 500,
    "ack_failures": True,
    "poll": 0.5,
    "label": "Job queue",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "bcsales.logging.RedactSecretsFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_secrets"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        "msal": {"level": "WARNING"},
        "waitress": {"level": "WARNING"},
    },
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False

# Server addresses a connection may point at, besides the https Dynamics hosts (issue 11.5): the demo's
# sandbox lives on loopback, so loopback is allowed only while the sandbox is.
ALLOWED_SERVER_HOSTS = env_list("BCSALES_ALLOWED_SERVER_HOSTS", ["localhost", "127.0.0.1"] if SANDBOX_ENABLED else [])
