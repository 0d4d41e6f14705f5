"""Django settings: one readable place, every secret and switch from the environment.

Defaults give the embedded set-up (SQLite under ./var, no other service);
DATABASE_URL=postgresql://… switches to PostgreSQL, the production path.
See .env.example for every variable.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(env_str("DUBAN_DATA_DIR", str(PROJECT_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)
UPLOAD_DIR = DATA_DIR / "uploads"  # outside any web root; served only through authorised views


def _secret_key() -> str:
    """From the environment, else generated once and kept beside the data."""
    key = env_str("DUBAN_SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DUBAN_DEBUG")
ALLOWED_HOSTS = env_list("DUBAN_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DUBAN_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "huey.contrib.djhuey",
    "duban.auditlog",
    "duban.accounts",
    "duban.units",
    "duban.plans",
    "duban.buildings",
    "duban.reporting",
    "duban.verification",
    "duban.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "duban.web.middleware.NoStoreForAuthenticatedMiddleware",
]

ROOT_URLCONF = "duban.urls"
WSGI_APPLICATION = "duban.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "duban.sqlite3",
        "OPTIONS": {
            # IMMEDIATE: a write transaction takes the lock at BEGIN, so concurrent
            # read-then-write transactions wait instead of failing "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        },
        "TEST": {"NAME": env_str("DUBAN_TEST_SQLITE") or None},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str("DUBAN_STATIC_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
WHITENOISE_USE_FINDERS = DEBUG

SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DUBAN_LOG_LEVEL", "WARNING")},
}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# Supervision: status lights, reminders, ad-hoc deadlines.
DUBAN_LIGHTS = {
    "scheme": env_str("DUBAN_LIGHT_SCHEME", "green-yellow-red"),  # or blue-yellow-red (duban/core/lights.py)
    "due_soon_days": env_int("DUBAN_DUE_SOON_DAYS", 7),
    "behind_margin": float(env_str("DUBAN_BEHIND_MARGIN", "0.15")),
}
# Digests start this many days before a round's due date.
DUBAN_REMIND_DAYS_BEFORE = env_int("DUBAN_REMIND_DAYS_BEFORE", 2)
DUBAN_REMIND_HOUR = env_int("DUBAN_REMIND_HOUR", 9)
# 交办: default days to the deadline, by source.
DUBAN_ADHOC_DEADLINE_DAYS = {"instruction": 15, "minutes": 30, "other": 30}

# Mail for reminders (催办); the console backend until an SMTP host is configured.
EMAIL_HOST = env_str("DUBAN_SMTP_HOST")
EMAIL_PORT = env_int("DUBAN_SMTP_PORT", 25)
EMAIL_HOST_USER = env_str("DUBAN_SMTP_USER")
EMAIL_HOST_PASSWORD = env_str("DUBAN_SMTP_PASSWORD")
EMAIL_USE_TLS = env_bool("DUBAN_SMTP_TLS")
EMAIL_TIMEOUT = 15
_MAIL = "smtp" if EMAIL_HOST else "console"
EMAIL_BACKEND = f"django.core.mail.backends.{_MAIL}.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DUBAN_MAIL_FROM", "duban@localhost")

# Background jobs (huey): a SQLite queue beside the data by default, Redis when configured.
_REDIS_URL = env_str("DUBAN_REDIS_URL")
HUEY = {
    "name": "duban",
    "huey_class": "huey.RedisHuey" if _REDIS_URL else "huey.SqliteHuey",
    "immediate": env_bool("DUBAN_HUEY_IMMEDIATE"),
    "consumer": {"workers": 2, "worker_type": "thread"},
    **({"url": _REDIS_URL} if _REDIS_URL else {"filename": str(DATA_DIR / "jobs.sqlite3")}),
}
