"""
Settings for the 特別区全国連携ポータル.

One module, configured by environment variables (see `.env.example`). Production differs from
development only by the environment: DEBUG is off unless set, and integrations default to off.
https://docs.djangoproject.com/en/5.2/ref/settings/
"""

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local `.env` is read when present (development only; never committed).
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=env.bool("DEBUG", default=False))
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=env.str("SECRET_KEY", default=""))
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 - dev only
    else:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or SECRET_KEY) when DEBUG is off.")
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1

# --- Applications -----------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django_filters",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "import_export",
    "portal",
    "municipalities",
    "agreements",
    "events",
    "disaster_support",
    "board",
    # Last, as its documentation asks: deletes a replaced or deleted record's file after the commit.
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # django-csp's, with the site's (fixed) policy built once (core/csp.py).
    "core.csp.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body or looks a value up (the session, the views): their refusals
    # come back through the headers above.
    "core.request_guards.RequestBodyLimitMiddleware",
    "core.request_guards.UnstorableInputMiddleware",
    # An anonymous visitor's public page is answered here from the page cache, before the
    # middleware below that only matter for sessions, forms and messages (see its docstring).
    "portal.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's AuthenticationMiddleware, with the signed-in user kept between requests.
    "portal.authentication.CachedAuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.AdminAccessMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Innermost: the view of a POST/PUT/PATCH/DELETE runs in one transaction (ATOMIC_REQUESTS for writes).
    "core.transactions.AtomicWritesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "portal.context_processors.site",
            ],
            "builtins": ["core.templatetags.wareki"],
            # core is no app (no models): its tag libraries are named here.
            "libraries": {"page_links": "core.templatetags.page_links", "parts": "core.templatetags.parts"},
        },
    }
]

# --- Database ---------------------------------------------------------------------------------
# SQLite is the embedded default; production sets DATABASE_URL=postgres://…
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# No ATOMIC_REQUESTS: core.transactions.AtomicWritesMiddleware (the innermost middleware) gives the
# requests that write one transaction each and spares the pages that only read BEGIN and COMMIT.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Reconnect after a PostgreSQL restart instead of failing every request on a dead socket.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Short OLTP queries: JIT compilation and parallel workers (triggered by the search function's
    # declared cost) take longer to start than the queries themselves take to run.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caching ------------------------------------------------------------------------------------
# "default" is shared by every worker of every app server: rate-limit counters, the prefecture map,
# the cache versions of core/caching.py (so an edit invalidates pages everywhere at once) and the
# sessions' cached copies. In production it is Redis (DJANGO_CACHE_URL=redis://…, Django's own
# RedisCache; compose.yaml runs it); the embedded default is a database table (created by a
# migration), so `make run` needs no other service. "pages", "fragments" and "fragment_blocks" hold
# rendered pages and page parts in each process's memory, keyed by those versions (portal/page_cache.py,
# core/caching.py). The tests use locmemcache:// and, in tests/core/test_redis.py, a real Redis.
CACHES = {
    "default": env.cache_url("DJANGO_CACHE_URL", default="dbcache://portal_cache"),
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal-pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # Rendered rows of the board's pages (core/fragments.py): per process, keyed by their content.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal-fragments",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    # The board's shared page parts (index pages, thread heads, reply lists) under the board's
    # version (board/cache.py): fewer, larger entries (≤ ~100 KB each).
    "fragment_blocks": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal-fragment-blocks",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Django's backend with one redis-py client per pool (core/redis_cache.py says why).
    CACHES["default"]["BACKEND"] = "core.redis_cache.RedisCache"
    # A connection that hangs (Redis restarting) fails fast instead of holding a worker.
    CACHES["default"].setdefault("OPTIONS", {}).update({"socket_connect_timeout": 2, "socket_timeout": 2})
# Sessions are read from the shared cache and written through to the database: a member's request
# reads no session row, and a cache restart (or eviction) logs no one out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
PORTAL_PAGE_CACHE = env.bool("DJANGO_PAGE_CACHE", default=True)
# bench/run.sh only: adds /bench/baseline/, the minimal view the benchmark compares pages with.
PORTAL_BENCH = env.bool("PORTAL_BENCH", default=False)
PORTAL_PAGE_CACHE_SECONDS = env.int("DJANGO_PAGE_CACHE_SECONDS", default=600)

# --- Authentication (django-allauth) ------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/board/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[特別区全国連携プロジェクト] "
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "portal.forms.SignupExtraForm"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True

# --- Email --------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("DJANGO_EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="no-reply@collabo.example.jp")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks (django-tasks; Django 6's tasks framework) -------------------------------
# Mail is sent by a database-backed worker (`manage.py db_worker`), never inside the request.
TASKS = {
    "default": {
        "BACKEND": env.str("DJANGO_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}
# The board's daily digest (「1日1回まとめて」) goes out at this hour, Japan time.
BOARD_DIGEST_HOUR = env.int("BOARD_DIGEST_HOUR", default=7)
# Daily tasks: dotted path → local time of day (core/scheduling.py queues each for its next time).
PERIODIC_TASKS = {
    "portal.tasks.remove_orphan_files": "03:30",
    # Everything since each member's last digest, one e-mail per member (board/tasks.py).
    "board.tasks.send_digests": f"{BOARD_DIGEST_HOUR:02d}:00",
    # Yearly reconfirmation (from 1 April) and its reminders, hand-over dates, retention: before office hours.
    "portal.tasks.run_account_lifecycle": "07:00",
    # Reminders to wards that have not answered a call or pamphlet request (BOARD_REMINDER_DAYS),
    # before the digest that may carry them.
    "board.tasks.send_deadline_reminders": "06:30",
}
# Stored files no record points to are removed once they are older than this (a file being
# uploaded has no committed record yet).
MEDIA_ORPHAN_GRACE_HOURS = env.int("DJANGO_MEDIA_ORPHAN_GRACE_HOURS", default=24)
# A failed notification e-mail is retried this many times, with growing delays, then marked failed.
BOARD_NOTIFICATION_MAX_ATTEMPTS = env.int("BOARD_NOTIFICATION_MAX_ATTEMPTS", default=5)
# The e-mails' one-click unsubscribe links (board/unsubscribe.py) expire after this many days.
BOARD_UNSUBSCRIBE_MAX_AGE_DAYS = env.int("BOARD_UNSUBSCRIBE_MAX_AGE_DAYS", default=90)

# Officers of targeted wards that have not answered a call or pamphlet request are reminded this
# many days before its deadline (board.services.deadline_reminders_send, run daily by the worker).
BOARD_REMINDER_DAYS = env.int("BOARD_REMINDER_DAYS", default=3)

# Board attachments: size limit per file and number of files (type is checked by content, see
# board/uploads.py).
BOARD_MAX_UPLOAD_MB = env.int("BOARD_MAX_UPLOAD_MB", default=10)
BOARD_MAX_FILES = 5

# --- Request size -------------------------------------------------------------------------------
# A body larger than these is refused by its Content-Length before any of it is read, with a 413
# page that states the limit (core/request_guards.py). Uploads (multipart): a post's most files
# plus 1 MB for its text, 51 MB by default. Other bodies (forms): DATA_UPLOAD_MAX_MEMORY_SIZE,
# which Django also applies to the text fields of an upload. gunicorn limits the request line and
# headers (scripts/entrypoint.sh); a proxy in front should refuse larger bodies too.
REQUEST_BODY_MAX_BYTES = env.int("DJANGO_REQUEST_MAX_MB", default=BOARD_MAX_UPLOAD_MB * BOARD_MAX_FILES + 1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
REQUEST_TOO_LARGE_VIEW = "portal.views_errors.request_too_large"
# A path, query parameter or form field with a character no database column can store (NUL).
UNSTORABLE_INPUT_VIEW = "portal.views_errors.unstorable_input"

# --- Spreadsheet import/export in the admin (django-import-export) -----------------------------
# https://django-import-export.readthedocs.io/en/latest/installation.html#settings
# Importing needs the model's add permission, exporting its view permission (the 事務局 group has both).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# The uploaded file waits for the confirmation in the shared cache, so any app server can confirm it.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True
# A cell starting with "=" is written as text, so an exported file cannot carry a formula.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "ja"
# One language: no LocaleMiddleware (it would negotiate Accept-Language among one choice on every
# request); Django's translations use LANGUAGE_CODE when none is activated.
LANGUAGES = [("ja", "日本語")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- Static and media files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded files: local disk (one app server, or a shared volume), or S3-compatible object storage
# shared by several app servers (DJANGO_MEDIA_STORAGE=s3, through django-storages). Objects stay
# private: members reach attachments only through the board's download view.
MEDIA_STORAGE = env.str("DJANGO_MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("DJANGO_S3_BUCKET"),
            "endpoint_url": env.str("DJANGO_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("DJANGO_S3_REGION", default=None),
            "access_key": env.str("DJANGO_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("DJANGO_S3_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "local":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("DJANGO_MEDIA_STORAGE must be 'local' or 's3'.")
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# --- Security -------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
# Content-Security-Policy (django-csp 4): no inline scripts anywhere; everything from our origin.
from csp.constants import NONE, SELF  # noqa: E402

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
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# The preload flag only declares consent to the browsers' preload list (submission is a separate,
# manual step); turn it off for a domain whose subdomains cannot all serve HTTPS.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Secretariat staff must use two-factor authentication (allauth MFA, TOTP) before the admin.
PORTAL_STAFF_MFA_REQUIRED = env.bool("DJANGO_STAFF_MFA_REQUIRED", default=True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "特別区全国連携ポータル"
# Password guessing is slowed by allauth's rate limits, counted per client address (see the trusted
# proxies below) and per account. Staff of one prefecture often share a few addresses (自治体情報
# セキュリティクラウド), so the per-address limits are generous and the tight one is per account *and*
# address (portal/adapters.py): failures from one address never lock out a correct login from another.
# "login_failed_account" counts an account's failures from every address (a distributed attack); it is
# above what one address can reach in its window (5 per 5 minutes = 60 an hour).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "30/m/ip,5/5m/key",
    "login_failed_account": "100/h/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "5/m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# The client's address behind the load balancer: the number of proxies in front of the app servers
# that append to X-Forwarded-For (0 = use the connecting address). With DJANGO_TRUSTED_PROXY_NETWORKS
# (CIDRs of those proxies) X-Forwarded-For is only read from a connection coming from one of them.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
PORTAL_TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network(n, strict=False) for n in env.list("DJANGO_TRUSTED_PROXY_NETWORKS", default=[])]
# Production is secure without extra variables: plain http is redirected to https and cookies are
# sent over https only. Behind a TLS proxy that redirects http itself, DJANGO_SECURE_SSL_REDIRECT=off
# says so (and silences check --deploy's warning about it); cookies stay secure unless
# DJANGO_SECURE_COOKIES=off (development over plain http only). /healthz answers over plain http,
# for load balancers that check the app servers directly.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG and not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS = ["security.W008"]
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Permissions-Policy (django-permissions-policy): the portal uses no device, sensor or payment
# feature, so none is allowed, for it or for anything it might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "encrypted-media", "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer", "microphone",
        "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}

# --- Logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}

# --- Portal -------------------------------------------------------------------------------------
PORTAL_NAME = "特別区全国連携プロジェクト"
PORTAL_NAME_EN = "Tokyo 23 City All Nippon Collaboration Project"
# The project's account on X, named in every page's card tags (twitter:site); "" leaves it out.
PORTAL_X_ACCOUNT = env.str("PORTAL_X_ACCOUNT", default="@Zenkoku_Renkei")

# Absolute base URL for links in e-mails sent by the worker (no request there). The Sites framework's
# site (SITE_ID) is kept equal to it on every `migrate` (portal/apps.py), so allauth's mails and the
# admin's "view on site" name the portal, never example.com.
PORTAL_SITE_URL = env.str("PORTAL_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(PORTAL_SITE_URL).scheme or "https"

# --- Accounts through their life (sign-up, approval, 人事異動, yearly reconfirmation, leaving) --------
# Shown on the sign-up and pending pages: "the Secretariat approves, usually within N working days".
PORTAL_APPROVAL_WORKING_DAYS = env.int("PORTAL_APPROVAL_WORKING_DAYS", default=5)
# Who is e-mailed on each application and hand-over; empty = the active staff of the 事務局 group.
PORTAL_SECRETARIAT_EMAILS = env.list("PORTAL_SECRETARIAT_EMAILS", default=[])
# A hand-over invitation link works this long (and once).
PORTAL_HANDOVER_INVITATION_DAYS = env.int("PORTAL_HANDOVER_INVITATION_DAYS", default=30)
# From 1 April each 年度 every member is asked to confirm their contact data; reminders after these
# days; a link in those mails works this long.
PORTAL_RECONFIRMATION_REMINDER_DAYS = [int(d) for d in env.list("PORTAL_RECONFIRMATION_REMINDER_DAYS", default=["14", "28"])]
PORTAL_RECONFIRMATION_LINK_DAYS = env.int("PORTAL_RECONFIRMATION_LINK_DAYS", default=42)
# Personal fields of a deactivated account are cleared after this many days (stated on /privacy/).
PORTAL_PERSONAL_DATA_RETENTION_DAYS = env.int("PORTAL_PERSONAL_DATA_RETENTION_DAYS", default=365)

# --- Open data (/opendata/) -------------------------------------------------------------------
# The 団体コード of events that no municipality organises (特別区長会 has no 全国地方公共団体コード):
# 131008 is 東京都特別区部, the area code (JIS X 0402) of the 23 wards together. docs/opendata.md
OPENDATA_ORGANIZER = {
    "code": env.str("PORTAL_OPENDATA_ORGANIZER_CODE", default="131008"),
    "prefecture": "東京都",
    "city": "特別区部",
    "name": "特別区長会",
}

# --- お問い合わせ (/contact/) ---------------------------------------------------------------------
# Where a desk's messages go while its ContactPoint has no e-mail address (set it in the admin).
PORTAL_CONTACT_FALLBACK_EMAIL = env.str("PORTAL_CONTACT_FALLBACK_EMAIL", default="jimukyoku@collabo.example.jp")
# Messages one e-mail address, or one client address, may send within an hour.
PORTAL_CONTACT_LIMIT_PER_HOUR = env.int("PORTAL_CONTACT_LIMIT_PER_HOUR", default=10)
