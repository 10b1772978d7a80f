"""Django settings for Hallmark, read from the environment (see docs/operations.md)."""

from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from hallmark.lib.env import env_bool, env_int, env_list, env_minutes, env_proxies, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("HALLMARK_DATA_DIR", str(Path.cwd())))

DEBUG = env_bool("HALLMARK_DEBUG", False)
# Secret key: `hallmark serve` refuses to start on the public demo key unless DEBUG is on;
# `hallmark demo` and the tests run on it, and `hallmark check --deploy` flags it.
DEMO_SECRET_KEY = "django-insecure-hallmark-demo-only-key-set-HALLMARK_SECRET_KEY-to-serve"
SECRET_KEY = env_str("HALLMARK_SECRET_KEY") or DEMO_SECRET_KEY
ALLOWED_HOSTS = env_list(
    "HALLMARK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("HALLMARK_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "hallmark.site.views.csrf_failure"  # the refusal in the site's own pages

INSTALLED_APPS = [
    "hallmark.site",  # first, so that its templates (sign-in, password reset) win
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "hallmark.accounts",
    "hallmark.programs",
    "hallmark.jobanalysis",
    "hallmark.itembank",
    "hallmark.exams",
    "hallmark.results",
    "hallmark.certification",
    # Sign-in security: throttling and lockout, a second factor for staff.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Background work (docs/operations.md, "Background work"): the Tasks API and its database
    # queue, which `hallmark worker` takes tasks from.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: a request to the JSON API goes down API_MIDDLEWARE instead of the rest of this.
    "hallmark.lib.apichain.ApiChainMiddleware",
    "hallmark.lib.requestid.RequestIdMiddleware",  # every later log line has the id
    "django.middleware.security.SecurityMiddleware",
    "hallmark.lib.policy.ContentSecurityPolicyMiddleware",  # django-csp
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language: the switcher's cookie, else the browser's Accept-Language (URLs carry
    # no language prefix); a signed-in person's saved choice wins, just after authentication.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hallmark.accounts.language.PersonLanguageMiddleware",
    # Sign-in security: who passed the second factor, and staff who have not are sent to it.
    "django_otp.middleware.OTPMiddleware",
    "hallmark.accounts.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hallmark.accounts.idle.IdleTimeoutMiddleware",  # after auth and messages
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

# The JSON API's answers are the same for everyone: no session, sign-in, CSRF token, message or
# lockout; the layers that write the headers every answer carries (hallmark/lib/apichain.py).
API_MIDDLEWARE = [
    "hallmark.lib.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "hallmark.lib.policy.ContentSecurityPolicyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "hallmark.site.urls"
WSGI_APPLICATION = "hallmark.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",  # LANGUAGE_CODE for <html lang>
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["hallmark.lib.content_language"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'hallmark.sqlite3'}",
        conn_max_age=env_int("HALLMARK_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock at the
    # start of a transaction so that concurrent writers wait (busy timeout) instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DATABASES["default"]["TEST"] = {"NAME": env_str("HALLMARK_TEST_DATABASE_NAME") or None}
# A read replica of the primary (PostgreSQL streaming replication): the public registry's reads
# go there, everything else to the primary (hallmark/lib/replica.py; docs/operations.md).
if REPLICA_URL := env_str("HALLMARK_REPLICA_DATABASE_URL"):
    try:
        DATABASES["replica"] = dj_database_url.parse(
            REPLICA_URL, conn_max_age=env_int("HALLMARK_DB_CONN_MAX_AGE", 0)
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"HALLMARK_REPLICA_DATABASE_URL: {error}") from None
    if DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured(
            "HALLMARK_REPLICA_DATABASE_URL names another kind of database than DATABASE_URL"
        )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # the tests' database is the primary's
DATABASE_ROUTERS = ["hallmark.lib.replica.ReplicaRouter"]

AUTH_USER_MODEL = "accounts.User"
# Django's model backend and database sessions, each read by SQL written once per process.
# django-axes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "hallmark.accounts.backends.AccountBackend",
]
SESSION_ENGINE = "hallmark.accounts.sessions"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Idle sign-out, in minutes without a request (accounts/idle.py): everyone, staff, and a
# device that opened an exam (never before the exam clock of a sitting in progress ends).
HALLMARK_IDLE_MINUTES = env_minutes("HALLMARK_IDLE_MINUTES", 30)
HALLMARK_STAFF_IDLE_MINUTES = env_minutes("HALLMARK_STAFF_IDLE_MINUTES", 15)
HALLMARK_EXAM_IDLE_MINUTES = env_minutes("HALLMARK_EXAM_IDLE_MINUTES", 10)
# The smallest demographic group a scoring run's DIF analyses and shows (results/fairness.py):
# Mantel-Haenszel and logistic regression need about 100 to 200 per group (docs/dif.md); a
# program may set its own (results.DifPolicy), never below 10.
HALLMARK_DIF_MIN_GROUP = env_int("HALLMARK_DIF_MIN_GROUP", 100)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal"
LOGOUT_REDIRECT_URL = "home"

# Candidate and public pages, emails and PDFs in English and Spanish (docs/operations.md,
# "Languages"); each app keeps its catalog in its own locale/ directory. Staff pages stay English.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
# hallmark.lib is not an app: its messages (an upload's refusal) have a catalog of their own.
LOCALE_PATHS = [PACKAGE_DIR / "lib" / "locale"]
FORMAT_MODULE_PATH = ["hallmark.site.formats"]  # each language's DATE_FORMAT and its kin
TIME_ZONE = "UTC"  # stored and computed in UTC; each program has its own display zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Only a deployment that runs collectstatic sets this; the package serves its own files otherwise.
STATIC_ROOT = env_str("HALLMARK_STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True  # serve from the package without a collectstatic step
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded evidence is private: stored outside the web root and served only through views.
PRIVATE_STORAGE_ROOT = Path(env_str("HALLMARK_PRIVATE_DIR", str(DATA_DIR / "private")))
# The role guides shown at /guides/: docs/guides of the source tree unless set (site/guides.py).
HALLMARK_GUIDES_DIR = Path(
    env_str("HALLMARK_GUIDES_DIR") or str(PACKAGE_DIR.parents[1] / "docs" / "guides")
)
# Cache: Redis when CACHE_URL names one; otherwise the database cache, shared by every worker
# with nothing to run. Rate-limit counts are never written to the database: with CACHE_URL they
# are Redis increments shared by every worker; without it each process counts in its own memory
# (docs/operations.md, "Rate limits and HTTP caching").
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"CACHE_URL={CACHE_URL!r} is not a Redis URL (redis://host:6379/0, rediss://, unix://)"
    )
_REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
CACHES: dict[str, dict[str, Any]] = {
    "default": _REDIS
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "hallmark_cache"},
    "ratelimit": _REDIS
    if CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "hallmark-ratelimit",
        # A client counted per window: culling at the default 300 would forget counts.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
# Background work: tasks go to the database queue (SQLite or PostgreSQL; any number of
# `hallmark worker`s, on any machines, take them), or run at once where they are enqueued
# ("immediate": one process, no worker), or to any Tasks API backend named by its class.
_TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "rq": "django_tasks_rq.RQBackend",
}
_tasks_backend = env_str("HALLMARK_TASKS_BACKEND", "database")
if _tasks_backend not in _TASKS_BACKENDS and "." not in _tasks_backend:
    raise ImproperlyConfigured(
        f"HALLMARK_TASKS_BACKEND={_tasks_backend!r} is not one of "
        f"{', '.join(_TASKS_BACKENDS)} nor a backend's dotted class path"
    )
TASKS = {"default": {"BACKEND": _TASKS_BACKENDS.get(_tasks_backend, _tasks_backend)}}
if _tasks_backend == "rq":  # RQ on Redis (pip install 'hallmark[rq]'); `hallmark rqworker`
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {
        "default": {"URL": env_str("HALLMARK_RQ_URL") or CACHE_URL or "redis://127.0.0.1:6379/0"}
    }
# A release issues up to this many credentials in its own transaction; more as a background
# job whose batches the workers share (`hallmark.certification.issuing`).
ISSUE_AT_ONCE_UP_TO = env_int("HALLMARK_ISSUE_AT_ONCE_UP_TO", 100)
# Client address behind proxies: how many are in front, or their addresses/networks; the
# address the nearest trusted one appended to X-Forwarded-For is the client's. 0: REMOTE_ADDR.
HALLMARK_TRUSTED_PROXIES = env_proxies("HALLMARK_TRUSTED_PROXIES")
# Requests per minute per client address.
HALLMARK_RATE_LIMITS = {
    "registry": env_int("HALLMARK_REGISTRY_RATE_PER_MINUTE", 120),
    "verify": env_int("HALLMARK_VERIFY_RATE_PER_MINUTE", 30),
    # Sign-in security: sign-up (and new confirmation links) and password-reset requests.
    "sign-up": env_int("HALLMARK_SIGN_UP_RATE_PER_MINUTE", 5),
    "password-reset": env_int("HALLMARK_PASSWORD_RESET_RATE_PER_MINUTE", 5),
    # The public complaint form and the complaint status lookup.
    "complaints": env_int("HALLMARK_COMPLAINT_RATE_PER_MINUTE", 5),
    # The job-analysis survey's pages (a respondent saves a page every minute or so; an
    # office or a conference's network may hold many respondents).
    "job-analysis": env_int("HALLMARK_JOB_ANALYSIS_RATE_PER_MINUTE", 30),
}

# Sign-in security (docs/accounts.md): failed sign-ins lock an account, and an address, for a
# while; the lockout page says how to get back in; every lockout is in the audit log.
AXES_FAILURE_LIMIT = env_int("HALLMARK_SIGN_IN_FAILURES_PER_ACCOUNT", 5)
HALLMARK_SIGN_IN_FAILURES_PER_ADDRESS = env_int("HALLMARK_SIGN_IN_FAILURES_PER_ADDRESS", 30)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("HALLMARK_SIGN_IN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "hallmark.accounts.throttle.SignInAttempts"
AXES_USERNAME_CALLABLE = "hallmark.accounts.throttle.account_of"
AXES_CLIENT_IP_CALLABLE = "hallmark.accounts.throttle.client_address"  # the rate limits' one
AXES_LOCKOUT_CALLABLE = "hallmark.accounts.throttle.lockout_page"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False  # no banner at start-up; lockouts go to the audit log
OTP_TOTP_ISSUER = env_str("HALLMARK_SITE_NAME", "Hallmark")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Exam delivery: a callable told of every session event (docs/delivery.md), e.g.
# "vendor.module:on_session_event"; empty for none.
HALLMARK_REMOTE_PROCTORING_HOOK = env_str("HALLMARK_REMOTE_PROCTORING_HOOK")

_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = env_str("HALLMARK_EMAIL_BACKEND", "console")
if _email_backend not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"HALLMARK_EMAIL_BACKEND={_email_backend!r} is not one of {', '.join(_EMAIL_BACKENDS)}"
    )
EMAIL_BACKEND = _EMAIL_BACKENDS[_email_backend]
EMAIL_FILE_PATH = env_str("HALLMARK_EMAIL_FILE_PATH", str(DATA_DIR / "sent-mail"))
EMAIL_HOST = env_str("HALLMARK_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("HALLMARK_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("HALLMARK_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("HALLMARK_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("HALLMARK_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("HALLMARK_FROM_EMAIL", "Hallmark <no-reply@example.org>")
# The outbox (docs/operations.md): attempts per message, and the first retry's delay in seconds
# (doubled after each failure).
OUTBOX_MAX_ATTEMPTS = env_int("HALLMARK_OUTBOX_MAX_ATTEMPTS", 6)
OUTBOX_RETRY_SECONDS = env_int("HALLMARK_OUTBOX_RETRY_SECONDS", 60)
if OUTBOX_MAX_ATTEMPTS < 1 or OUTBOX_RETRY_SECONDS < 1:
    raise ImproperlyConfigured(
        "HALLMARK_OUTBOX_MAX_ATTEMPTS and HALLMARK_OUTBOX_RETRY_SECONDS must be 1 or more"
    )

# Behind TLS (any production deployment) every cookie is secure and HTTP is refused.
HTTPS = env_bool("HALLMARK_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("HALLMARK_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("HALLMARK_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts, styles and everything else from this site
# only; no inline script or style anywhere (the pages keep theirs in static files). A view may
# set a stricter header of its own (exam images: default-src 'none'); it is kept.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # QR codes are data: URIs
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

DEFAULT_DISPLAY_TIME_ZONE = env_str("HALLMARK_DISPLAY_TIME_ZONE", "America/New_York")
try:
    ZoneInfo(DEFAULT_DISPLAY_TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"HALLMARK_DISPLAY_TIME_ZONE={DEFAULT_DISPLAY_TIME_ZONE!r} is not a known time zone"
    ) from None

SITE_NAME = env_str("HALLMARK_SITE_NAME", "Hallmark")
PUBLIC_BASE_URL = env_str("HALLMARK_PUBLIC_URL", "http://127.0.0.1:8000")

# Logging: one console handler on the root logger, every line with the request's id (an
# incoming X-Request-ID or a new one); server errors (django.request) with their traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "hallmark.lib.requestid.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Replaces Django's own handlers (console only with DEBUG, mail to no ADMINS).
        "django": {"handlers": [], "level": "WARNING", "propagate": True},
        "django.request": {"level": "ERROR"},  # 5xx with traceback; not every 404
        "hallmark": {"level": env_str("HALLMARK_LOG_LEVEL", "INFO")},
        "hallmark.audit": {"level": "INFO"},
    },
}
# Imports: the largest item file (CSV, QTI package or item) or test vendor's result file taken,
# by upload or on the command line (docs/itembank.md, docs/results.md).
HALLMARK_IMPORT_MAX_BYTES = env_int("HALLMARK_IMPORT_MAX_MB", 20) * 1024 * 1024
# An item file larger than this is imported by a worker as a job, not while the page waits.
HALLMARK_IMPORT_JOB_BYTES = env_int("HALLMARK_IMPORT_JOB_KB", 32) * 1024
