"""Orchard settings: one file, every value from the environment.

Each helper below fails loudly, naming the variable, so a bad value stops start-up
instead of surfacing later as a puzzling error.
"""

import ipaddress
import os
import zoneinfo
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ORCHARD_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} is required.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no, on/off), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_url(name: str, default: str, schemes: set[str]) -> str:
    value = os.environ.get(name, default)
    parsed = urlparse(value)
    if parsed.scheme not in schemes or (parsed.scheme not in {"sqlite", "console"} and not parsed.netloc):
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(f"{name} must be a URL with one of the schemes {allowed}, not {value!r}.")
    return value


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Comma-separated addresses or networks (10.0.0.5, 10.0.0.0/24, fd00::/8); empty means none."""
    networks = []
    for item in env_list(name, ""):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks such as 10.0.0.5 or 10.0.0.0/24, not {item!r}."
            ) from None
    return networks


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(sorted(choices))}, not {value!r}.")
    return value


DEBUG = env_bool("DEBUG", False)

if DEBUG:
    SECRET_KEY = os.environ.get("SECRET_KEY") or "orchard-debug-only-key-never-use-in-production-0123456789"
else:
    # `make install` writes a random key to var/secret_key for the embedded default; production sets SECRET_KEY.
    _key_file = VAR_DIR / "secret_key"
    SECRET_KEY = os.environ.get("SECRET_KEY") or (
        _key_file.read_text().strip() if _key_file.is_file() else ""
    )
    if not SECRET_KEY:
        raise ImproperlyConfigured("The environment variable SECRET_KEY is required.")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long when DEBUG is off.")

SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", {"http", "https"}).rstrip("/")
SERVED_OVER_HTTPS = urlparse(SITE_URL).scheme == "https"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", f"127.0.0.1,localhost,{urlparse(SITE_URL).hostname}")
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "accounts",
    "risk",
    "planning",
    "meetings",
    "assistant",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kam.http.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kam.http.UserPreferencesMiddleware",
    "kam.http.LoginRequiredMiddleware",
    "kam.http.HtmxVaryMiddleware",
    "kam.http.NoStoreForAuthenticatedMiddleware",
]

ROOT_URLCONF = "kam.urls"
WSGI_APPLICATION = "kam.wsgi.application"

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
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "accounts.context_processors.navigation",
            ],
        },
    }
]

# Django's form renderer with the common widgets written in Python (same HTML, no template per option).
FORM_RENDERER = "kam.renderers.FormRenderer"

# --- Database -----------------------------------------------------------------------------
DATABASE_URL = env_url(
    "DATABASE_URL", f"sqlite:///{VAR_DIR / 'orchard.sqlite3'}", {"sqlite", "postgres", "postgresql"}
)
_db = dj_database_url.parse(DATABASE_URL)
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 600)
if _db["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections with health checks: a dropped connection is replaced, not reused.
    _db["CONN_MAX_AGE"] = CONN_MAX_AGE
    _db["CONN_HEALTH_CHECKS"] = True
    _db.setdefault("OPTIONS", {})["connect_timeout"] = 5
else:
    # SQLite: wait for a writer rather than failing at once; the worker and web share the file.
    _db.setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery -------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    env_url("REDIS_URL", REDIS_URL, {"redis", "rediss"})
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Short timeouts: a frozen Redis must not hang a request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}
else:
    # The embedded default: a file cache and a file broker, shared by web, worker and beat.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
    CELERY_BROKER_URL = "filesystem://"
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
# Whole pages (accounts.pagecache) live apart, so they never push sessions or throttle counters out.
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "page-cache"),
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Users, login, sessions -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOL_OFF_SECONDS = env_int("LOGIN_COOL_OFF_SECONDS", 15 * 60)
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 3)
PASSWORD_RESET_WINDOW_SECONDS = env_int("PASSWORD_RESET_WINDOW_SECONDS", 3600)
# The load balancers or reverse proxies whose X-Forwarded-For is believed; none by default.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
# The request's user is read with whether they lead a team (one query). Django's backend stays
# listed so sessions started before this backend keep working until they end.
AUTHENTICATION_BACKENDS = ["accounts.backends.UserBackend", "django.contrib.auth.backends.ModelBackend"]
SESSION_COOKIE_AGE = 14 * 24 * 3600
# Every page reads the session: from the cache (Redis in production, the file cache in the embedded
# default), the database only when the cache has lost it or cannot be reached (kam.sessions: a
# cache that is down slows pages, it never breaks them). Logout and a password change still end
# sessions: the cached copy is deleted with the row, and the password hash is checked per request.
SESSION_ENGINE = "kam.sessions"
PASSWORD_RESET_TIMEOUT = 3 * 3600

# --- Security headers (all on when the site is served over HTTPS) -------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SERVED_OVER_HTTPS)
SESSION_COOKIE_SECURE = SERVED_OVER_HTTPS
CSRF_COOKIE_SECURE = SERVED_OVER_HTTPS
LANGUAGE_COOKIE_SECURE = SERVED_OVER_HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SERVED_OVER_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SERVED_OVER_HTTPS
SECURE_HSTS_PRELOAD = SERVED_OVER_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
CSRF_FAILURE_VIEW = "accounts.views.core.csrf_failure"

# --- Languages, time, money ---------------------------------------------------------------------
LANGUAGES = [("en", "English"), ("nb", "Norsk bokmål"), ("sv", "Svenska")]
LANGUAGE_CODE = env_choice("LANGUAGE_CODE", "en", {code for code, _name in LANGUAGES})
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Oslo")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"TIME_ZONE must be an IANA time zone such as Europe/Oslo, not {TIME_ZONE!r}."
    ) from None
# Grouping is applied where a figure is shown (the money filter, |intcomma); a global setting would
# also group years and ids in links and form values.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["kam.formats"]
REPORTING_CURRENCY = os.environ.get("REPORTING_CURRENCY", "NOK")
if len(REPORTING_CURRENCY) != 3 or not REPORTING_CURRENCY.isalpha() or not REPORTING_CURRENCY.isupper():
    raise ImproperlyConfigured(
        f"REPORTING_CURRENCY must be a three-letter ISO code, not {REPORTING_CURRENCY!r}."
    )
MONEY_PLACES = Decimal("0.01")

# --- E-mail -------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Orchard <orchard@localhost>")
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    _email = urlparse(env_url("EMAIL_URL", EMAIL_URL, {"smtp", "smtps", "console"}))
    if _email.scheme == "console":
        EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    else:
        EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        EMAIL_HOST = _email.hostname or "localhost"
        EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 587)
        EMAIL_HOST_USER = _email.username or ""
        EMAIL_HOST_PASSWORD = _email.password or ""
        EMAIL_USE_SSL = _email.scheme == "smtps"
        EMAIL_USE_TLS = _email.scheme == "smtp" and EMAIL_PORT == 587
        EMAIL_TIMEOUT = 10
else:
    # Embedded default: each message is written as a file under var/mail for people to open.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")

# --- Optional assistant (an OpenAI-compatible endpoint; never required) ------------------------
ASSISTANT_URL = os.environ.get("ASSISTANT_URL", "")
if ASSISTANT_URL:
    env_url("ASSISTANT_URL", ASSISTANT_URL, {"http", "https"})
ASSISTANT_MODEL = os.environ.get("ASSISTANT_MODEL", "")
ASSISTANT_API_KEY = os.environ.get("ASSISTANT_API_KEY", "")
ASSISTANT_TIMEOUT = env_int("ASSISTANT_TIMEOUT", 60)
if ASSISTANT_TIMEOUT < 1:
    raise ImproperlyConfigured(f"ASSISTANT_TIMEOUT must be at least 1 second, not {ASSISTANT_TIMEOUT}.")

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Product rules ------------------------------------------------------------------------------
# Names exported for templates and for the README table of variables.
PRODUCT_NAME = _("Orchard")
# Key accounts are few: above these counts a selection decision warns (it never refuses).
SELECTION_KEY_ACCOUNTS_PER_KAM = env_int("SELECTION_KEY_ACCOUNTS_PER_KAM", 5)
SELECTION_KEY_ACCOUNTS_TOTAL = env_int("SELECTION_KEY_ACCOUNTS_TOTAL", 20)
# Portfolio concentration: shares of revenue (in %) above which the risk pages flag the figure.
CONCENTRATION_TOP1_PCT = env_int("CONCENTRATION_TOP1_PCT", 20)
CONCENTRATION_TOP3_PCT = env_int("CONCENTRATION_TOP3_PCT", 40)
CONCENTRATION_TOP10_PCT = env_int("CONCENTRATION_TOP10_PCT", 60)
for _name in ("CONCENTRATION_TOP1_PCT", "CONCENTRATION_TOP3_PCT", "CONCENTRATION_TOP10_PCT"):
    if not 1 <= globals()[_name] <= 100:
        raise ImproperlyConfigured(f"{_name} must be a percentage from 1 to 100, not {globals()[_name]}.")
# Days from one risk review of an account to the next.
RISK_REVIEW_INTERVAL_DAYS = env_int("RISK_REVIEW_INTERVAL_DAYS", 90)
if RISK_REVIEW_INTERVAL_DAYS < 1:
    raise ImproperlyConfigured(
        f"RISK_REVIEW_INTERVAL_DAYS must be at least 1, not {RISK_REVIEW_INTERVAL_DAYS}."
    )
