"""Django settings: one readable place, every secret and switch from the environment.

Defaults give the embedded set-up (SQLite under ./var, no other service);
DATABASE_URL=postgresql://… switches to PostgreSQL, the production path.
See .env.example for every variable.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import TypedDict

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF

from duban.core import clock

# Django's generic classes take their type argument at run time too (forms.ModelForm[Model]).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


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

# The audit chain's MAC keys (duban/auditlog/keys.py): a file outside the database and outside
# DUBAN_DATA_DIR, one `<key-id>:<hex or base64 secret>` a line, the last one current. Without it
# new audit rows are only hash-chained and `duban check --deploy` fails. HMAC-SM3 for 国密.
DUBAN_AUDIT_KEY_FILE = env_str("DUBAN_AUDIT_KEY_FILE")
DUBAN_AUDIT_MAC = env_str("DUBAN_AUDIT_MAC", "HMAC-SHA256")
# Daily checkpoints of the chain's head (duban/auditlog/checkpoints.py); best on another disk or host.
DUBAN_AUDIT_CHECKPOINT_DIR = Path(env_str("DUBAN_AUDIT_CHECKPOINT_DIR", str(DATA_DIR / "audit-checkpoints")))
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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "duban.common",
    "duban.auditlog",
    "duban.backup",
    "duban.accounts",
    "duban.units",
    "duban.workdays",
    "duban.intake",
    "duban.plans",
    "duban.buildings",
    "duban.reporting",
    "duban.supervision",
    "duban.verification",
    "duban.assessment",
    "duban.dashboards",
    "duban.web",
    "duban.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "duban.common.middleware.NoStoreForAuthenticatedMiddleware",
    "duban.common.middleware.DownloadReadyMiddleware",  # tells the page a requested file has arrived
    "duban.accounts.middleware.AccountGateMiddleware",  # session cap, second factor, password change
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the login page's answer
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
                "duban.web.inbox.inbox_context",  # 待办: counted only where a page shows it
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
            # secure_delete: deleted rows are overwritten, not left readable in free pages.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                "PRAGMA secure_delete=ON;"
            ),
        },
        # Kept open per thread like PostgreSQL's: the PRAGMAs run once per connection, not per request.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"NAME": env_str("DUBAN_TEST_SQLITE") or None},
    }


DATABASES = {"default": _database()}
# A streaming replica of the PostgreSQL primary: the dashboards read it (duban/web/replica.py).
if _replica := env_str("DUBAN_REPLICA_DATABASE_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(_replica, conn_max_age=60, conn_health_checks=True),
        "TEST": {"MIRROR": "default"},  # tests have no replica: read the test database
    }
DATABASE_ROUTERS = ["duban.common.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# django-axes first: it refuses a locked-out user name before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "duban.accounts.backends.ModelBackendWithUnit",
]

# Directory login (LDAP/AD), only when DUBAN_LDAP_URI is set: duban.accounts.backends.DirectoryBackend
# checks the password by binding as the person, with a DN from DUBAN_LDAP_USER_DN_TEMPLATE or found
# by searching DUBAN_LDAP_SEARCH_BASE with DUBAN_LDAP_SEARCH_FILTER. Role and unit stay granted in
# duban by the 安全管理员; see docs/operations.md.
DUBAN_LDAP_URI = env_str("DUBAN_LDAP_URI")
if DUBAN_LDAP_URI:
    import ldap
    from django_auth_ldap.config import LDAPSearch

    AUTHENTICATION_BACKENDS.append("duban.accounts.backends.DirectoryBackend")
    AUTH_LDAP_SERVER_URI = DUBAN_LDAP_URI
    AUTH_LDAP_START_TLS = env_bool("DUBAN_LDAP_START_TLS")
    AUTH_LDAP_BIND_DN = env_str("DUBAN_LDAP_BIND_DN")
    AUTH_LDAP_BIND_PASSWORD = env_str("DUBAN_LDAP_BIND_PASSWORD")
    AUTH_LDAP_USER_DN_TEMPLATE = env_str("DUBAN_LDAP_USER_DN_TEMPLATE") or None
    if not AUTH_LDAP_USER_DN_TEMPLATE:
        AUTH_LDAP_USER_SEARCH = LDAPSearch(
            env_str("DUBAN_LDAP_SEARCH_BASE"),
            ldap.SCOPE_SUBTREE,
            env_str("DUBAN_LDAP_SEARCH_FILTER", "(uid=%(user)s)"),
        )
    # Read the person's own entry (for the name) with their own bind, not the search account's.
    AUTH_LDAP_BIND_AS_AUTHENTICATING_USER = True
    AUTH_LDAP_CONNECTION_OPTIONS = {
        ldap.OPT_NETWORK_TIMEOUT: env_int("DUBAN_LDAP_TIMEOUT_SECONDS", 5),
        ldap.OPT_TIMEOUT: env_int("DUBAN_LDAP_TIMEOUT_SECONDS", 5),
        ldap.OPT_REFERRALS: 0,  # AD answers searches with referrals the bind cannot follow
    }

# 统一身份认证 (OpenID Connect), only when DUBAN_OIDC_CLIENT_ID is set: the platform checks the
# person (duban.accounts.backends.IdentityPlatformBackend, mozilla-django-oidc, authorization code
# flow with PKCE); role and unit stay granted in duban by the 安全管理员. The endpoints are those of
# the platform's /.well-known/openid-configuration; see docs/operations.md.
DUBAN_OIDC_CLIENT_ID = env_str("DUBAN_OIDC_CLIENT_ID")
DUBAN_OIDC_NAME = env_str("DUBAN_OIDC_NAME", "统一身份认证")  # the login button says 使用…登录
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_RP_SCOPES = "openid profile"
OIDC_USE_PKCE = True
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"
if DUBAN_OIDC_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("duban.accounts.backends.IdentityPlatformBackend")
    OIDC_RP_CLIENT_ID = DUBAN_OIDC_CLIENT_ID
    OIDC_RP_CLIENT_SECRET = env_str("DUBAN_OIDC_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("DUBAN_OIDC_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("DUBAN_OIDC_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("DUBAN_OIDC_USERINFO_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("DUBAN_OIDC_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env_str("DUBAN_OIDC_SIGN_ALGO", "RS256")
    OIDC_TIMEOUT = env_int("DUBAN_OIDC_TIMEOUT_SECONDS", 5)

AUTH_PASSWORD_VALIDATORS = [
    # Django's checks with our Chinese messages (duban/accounts/password_validation.py).
    {"NAME": "duban.accounts.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "duban.accounts.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "duban.accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "duban.accounts.password_validation.NumericPasswordValidator"},
    {"NAME": "duban.accounts.password_validation.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = clock.OFFICE_ZONE.key
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

# Accounts (等保 2.0 三级): see duban/accounts/policy.py and services.py.
# A password is changed at first login and once older than this many days (0: never expires).
DUBAN_PASSWORD_MAX_AGE_DAYS = int(env_str("DUBAN_PASSWORD_MAX_AGE_DAYS", "90"))
# Login failures (duban/accounts/lockout.py), counted per user name and source address, known
# name or not, so the answer never tells which exist. From the DELAY_AFTER-th failure on, the
# name waits DELAY_SECONDS at that address before the next try, doubled after each further
# failure; LIMIT failures, none more than the window after the previous, lock the name at that
# address for the lockout. The account holder and the 安全管理员 are told (mail, or a message
# at their next login). Counted by django-axes.
DUBAN_LOGIN_FAILURE_LIMIT = 5
DUBAN_LOGIN_FAILURE_WINDOW_MINUTES = 15
DUBAN_LOCKOUT_MINUTES = 30
DUBAN_LOGIN_DELAY_AFTER_FAILURES = 3
DUBAN_LOGIN_DELAY_SECONDS = 30
AXES_FAILURE_LIMIT = DUBAN_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = "duban.accounts.lockout.cool_off"
# Name and address together: five failures from a stranger's address do not lock the office's
# 督办员 out of their own desk; rotating addresses meets the delay at every new one.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "duban.accounts.lockout.client_address"  # the peer, as the audit log has it
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock lasts exactly DUBAN_LOCKOUT_MINUTES
AXES_LOCKOUT_CALLABLE = "duban.accounts.views.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # logins and logouts are in our audit log already
# TOTP second factor (django-otp): required for the three administrators and 督办员, optional
# for the others. DUBAN_DEMO_NO_TOTP=true waives the requirement for the local demo only
# (`make run`); `check --deploy` reports it as an error.
DUBAN_DEMO_NO_TOTP = env_bool("DUBAN_DEMO_NO_TOTP")
OTP_TOTP_ISSUER = "重点工作督查督办平台"

# Sessions end after DUBAN_SESSION_IDLE_MINUTES without a request, and DUBAN_SESSION_MAX_HOURS
# after login however active (checked by duban.accounts.middleware against a stamp set at login).
DUBAN_SESSION_IDLE_MINUTES = int(env_str("DUBAN_SESSION_IDLE_MINUTES", "30"))
DUBAN_SESSION_MAX_HOURS = int(env_str("DUBAN_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = DUBAN_SESSION_IDLE_MINUTES * 60
# Not SESSION_SAVE_EVERY_REQUEST: the middleware pushes the idle deadline on at most once a
# minute (duban/accounts/policy.py), so a page view is not a database write.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# HTTPS. DUBAN_SECURE=true behind TLS: secure cookies, HSTS, redirect to https. Off by default so
# the plain-HTTP loopback of `make run` works. Behind a TLS-terminating proxy that sets
# X-Forwarded-Proto, also set DUBAN_TLS_PROXY=true.
DUBAN_SECURE = env_bool("DUBAN_SECURE")
SESSION_COOKIE_SECURE = DUBAN_SECURE
CSRF_COOKIE_SECURE = DUBAN_SECURE
SECURE_SSL_REDIRECT = DUBAN_SECURE
SECURE_HSTS_SECONDS = int(env_str("DUBAN_HSTS_SECONDS", "31536000")) if DUBAN_SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = DUBAN_SECURE
if env_bool("DUBAN_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [
    "security.W021",  # HSTS preload: intranet host names are never on the browsers' preload list
]

# Content-Security-Policy (django-csp 4): our own files only. No inline script or style
# attribute anywhere in the templates; static JS starts the charts. data: images only because
# Bootstrap's CSS draws its form controls (select arrows, check marks) with data: SVGs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_one_line": {"()": "duban.common.logs.ForbiddenAsOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DUBAN_LOG_LEVEL", "WARNING")},
    # A 403 is one warning line (path, user id), not a traceback: refusals are audited already.
    "loggers": {"django.request": {"filters": ["forbidden_one_line"]}},
}


# Supervision: status lights, reminders, ad-hoc deadlines.
class LightOptions(TypedDict):
    """The shape of DUBAN_LIGHTS, so that the code reading it gets an int and a float, not objects."""

    scheme: str
    due_soon_days: int
    behind_margin: float


DUBAN_LIGHTS: LightOptions = {
    "scheme": env_str("DUBAN_LIGHT_SCHEME", "green-yellow-red"),  # or blue-yellow-red (duban/core/lights.py)
    "due_soon_days": env_int("DUBAN_DUE_SOON_DAYS", 7),
    "behind_margin": float(env_str("DUBAN_BEHIND_MARGIN", "0.15")),
}
# Digests start this many days before a round's due date.
DUBAN_REMIND_DAYS_BEFORE = env_int("DUBAN_REMIND_DAYS_BEFORE", 2)
DUBAN_REMIND_HOUR = env_int("DUBAN_REMIND_HOUR", 9)
# 交办: default WORKING days to the deadline, by source (counted with duban/workdays' calendar).
DUBAN_ADHOC_DEADLINE_WORKDAYS = {"instruction": 15, "minutes": 20, "other": 20}
# Day counts (临近 window, 逾期 N 天, reminders) in working days; False counts calendar days.
DUBAN_COUNT_WORKING_DAYS = env_bool("DUBAN_COUNT_WORKING_DAYS", True)
# 签收: items not signed within this many working days go on the office's 未签收 list.
DUBAN_ACK_WORKDAYS = env_int("DUBAN_ACK_WORKDAYS", 3)

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
# With Redis, several app instances share one cache: what one computed (duban/common/memo.py),
# the others reuse. Without it each process keeps its own (Django's local-memory default).
if _REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_URL}}
    # Sessions read from the shared cache, the database written behind it. Never with a cache per
    # process: a session ended in one process (logout, lock) would live on in the others' caches.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
HUEY = {
    "name": "duban",
    "huey_class": "huey.RedisHuey" if _REDIS_URL else "huey.SqliteHuey",
    "immediate": env_bool("DUBAN_HUEY_IMMEDIATE"),
    "consumer": {"workers": 2, "worker_type": "thread"},
    **({"url": _REDIS_URL} if _REDIS_URL else {"filename": str(DATA_DIR / "jobs.sqlite3")}),
}
