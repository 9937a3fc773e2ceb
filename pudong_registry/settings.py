"""Settings for the Pudong Innovation Registry.

Everything that differs between a laptop and production is read from the
environment (see README.md). Development defaults are harmless; production
fails loudly.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set DJANGO_SECRET_KEY to a long random "
            "value, or set DJANGO_DEBUG=1 for local development."
        )
    # Reached only with DJANGO_DEBUG on; registry.E001 refuses it in production.
    SECRET_KEY = "django-insecure-local-development-only"  # nosec B105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "registry.apps.RegistryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Form widgets render with the site's templates (FORM_RENDERER below).
    "django.forms",
    "rest_framework",
    # knox, axes and django-otp's TOTP devices with Chinese names (registry/apps.py).
    "registry.apps.KnoxConfig",
    "registry.apps.AxesConfig",
    "django_otp",
    "registry.apps.TOTPConfig",
    "csp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "simple_history",
    "registry",
]

MIDDLEWARE = [
    # First: an error answered by any middleware below still gets the CSP and
    # X-Frame-Options (those two middlewares stand late, see the end).
    "registry.ops.middleware.SecurityHeadersMiddleware",
    "registry.logs.RequestLogMiddleware",
    # A HEAD request reads no streamed body (a whole list as CSV).
    "registry.ops.middleware.HeadWithoutBodyMiddleware",
    "registry.ops.routing.ReplicaReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache, so that it decides on every request, cached or
    # not: a Chinese reader's first visit to an English page goes to /zh-hans/.
    "registry.ops.middleware.ChineseReadersMiddleware",
    # Early: a page in the cache is answered before sessions, login and the
    # view are set up, with every header the middleware below gave it when it
    # was stored (CSP included); the security checks above still run.
    "registry.caching.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "registry.ops.middleware.BackOfficeLanguageMiddleware",
    "registry.ops.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The change history records the user of the request (admin, API tokens).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pudong_registry.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "registry.context_processors.main_program",
                "registry.context_processors.site_footer",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so the site's own widget templates
# (templates/registry/widgets/) are found beside Django's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "pudong_registry.wsgi.application"

# SQLite by default; DATABASE_URL selects PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        # A kept connection is checked before reuse, so a server recovers on its
        # own once a restarted PostgreSQL answers again.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several server processes write to one file: write-ahead logging, a busy
    # timeout and immediate transactions keep concurrent writers from failing
    # with "database is locked". Each process keeps its connection open, as on
    # PostgreSQL: opening one reads the whole schema again (milliseconds), and
    # closing the last one checkpoints and deletes the write-ahead log, which
    # makes the other processes wait.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA mmap_size=268435456;"
        ),
    }

# An optional read replica for public reads; every write, and every read inside
# a write, stays on the primary (registry/ops/routing.py).
DATABASE_ROUTERS = []
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["registry.ops.routing.PrimaryReplicaRouter"]

for _database in DATABASES.values():
    if "postgresql" in _database["ENGINE"]:
        _options = _database.setdefault("OPTIONS", {})
        # An unreachable server fails a request in seconds, not a hung worker.
        _options.setdefault("connect_timeout", 5)
        # No JIT compilation: the registry's queries are short, and a download
        # of a whole list is costed high enough to be compiled first, which
        # held its first rows back by a quarter to half a second at 100,000
        # organizations.
        _options.setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # A stopped Redis must cost a request milliseconds, not a hang.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    # Redis is a shared cache, not a store: when it stops, every server keeps
    # serving uncached and logs why; caching resumes when it returns.
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "registry.cache"
else:
    # Each server process keeps its own cache in memory: room for thousands of
    # pages, counts and figures (a few tens of MB), where Django's default
    # keeps 300 and drops a third of them when it is full.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Seconds an anonymous reader's page stays in the cache (0: no page cache).
# Any write to the registry makes cached pages stale at once (registry/caching/).
REGISTRY_PAGE_CACHE_SECONDS = int(os.environ.get("REGISTRY_PAGE_CACHE_SECONDS", "300"))
# Pages not in the cache that one address (an IPv6 /64) may have made per
# minute; a reader over it gets a 429 page. 0: no bound.
REGISTRY_UNCACHED_PAGES_PER_MINUTE = env_int("REGISTRY_UNCACHED_PAGES_PER_MINUTE", 60)

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATORS}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "media/"

# Email: the console by default, SMTP through Django's standard EMAIL_* variables.
CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "")
if not EMAIL_BACKEND:
    EMAIL_BACKEND = (
        "django.core.mail.backends.smtp.EmailBackend"
        if os.environ.get("EMAIL_HOST")
        else CONSOLE_EMAIL_BACKEND
    )
# Mail deliberately off: nothing is sent, and production may run without SMTP.
REGISTRY_EMAIL_DISABLED = env_bool("REGISTRY_EMAIL_DISABLED")
if REGISTRY_EMAIL_DISABLED:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
elif EMAIL_BACKEND == CONSOLE_EMAIL_BACKEND and not DEBUG:
    # The console would print every applicant's email, private link included,
    # into the server's log.
    raise ImproperlyConfigured(
        "Email is not configured: applicants' emails and their private links "
        "would be written to the console log. Set EMAIL_HOST (and EMAIL_PORT, "
        "EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS or EMAIL_USE_SSL) or "
        "EMAIL_BACKEND, or set REGISTRY_EMAIL_DISABLED=1 to run without mail."
    )
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Pudong Innovation Registry <registry@localhost>"
)

# How many reverse proxies stand before the app and append to X-Forwarded-For.
# 0 (the default) trusts no forwarded header: the address is REMOTE_ADDR and the
# scheme is the connection's own. registry.net.client_address reads it.
REGISTRY_TRUSTED_PROXIES = env_int("REGISTRY_TRUSTED_PROXIES", 0)
# The proxies' own addresses (or networks, such as 10.0.0.0/24): the forwarded
# headers are believed only on a connection from one of them, as gunicorn's
# forwarded_allow_ips reads the same variable (deploy/gunicorn.conf.py).
REGISTRY_PROXY_ADDRESSES = env_list("REGISTRY_PROXY_ADDRESSES", "127.0.0.1,::1")

# Production hardening; `manage.py check --deploy` is clean when DEBUG is off.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Load balancers probe the app servers directly, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
if REGISTRY_TRUSTED_PROXIES > 0:
    # Only a proxy of ours may say that the visitor came over HTTPS; without
    # one, anybody could send the header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Sign-in to the back office ------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username and address before
    # the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failures for one username from one address lock that pair out for 15
# minutes. The attempts are rows in the database, so every process agrees.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "registry.net.axes_client_address"
AXES_LOCKOUT_TEMPLATE = "registry/lockout.html"
AXES_RESET_ON_SUCCESS = True
# Sessions end after eight idle hours: every request moves the expiry on.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
# Staff sign in with a TOTP code as well as the password (django-otp). On in
# production unless switched off; off by default with DJANGO_DEBUG so that
# `make run` works without an authenticator app.
REGISTRY_REQUIRE_2FA = env_bool("REGISTRY_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Pudong Innovation Registry"

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# API tokens (django-rest-knox): only a hash is stored; the key is shown once.
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=env_int("REGISTRY_API_TOKEN_DAYS", 90)),
    "AUTH_HEADER_PREFIX": "Token",
}

# One JSON line per record on stdout, for journald or any collector; status
# tokens masked in every line, Django's own included.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_tokens": {"()": "registry.logs.TokenMaskFilter"}},
    "formatters": {
        "json": {"()": "registry.logs.JsonFormatter"},
        # runserver's access lines (`make run`), as Django prints them.
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["mask_tokens"],
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "registry": {"level": os.environ.get("REGISTRY_LOG_LEVEL", "INFO")},
        # Django's default handler for runserver's access lines has no token
        # mask: replaced by one that has, on the logger too.
        "django.server": {
            "handlers": ["django.server"],
            "filters": ["mask_tokens"],
            "level": "INFO",
            "propagate": False,
        },
    },
}

# The registry's own settings.
REGISTRY_SITE_NAME = _("Pudong Innovation Registry")
# The code of the program whose members /members/ lists and whose joining
# dates "year joined" and "joined" sorting mean (Program.objects.main()).
REGISTRY_MAIN_PROGRAM = os.environ.get("REGISTRY_MAIN_PROGRAM", "GOI")

# Registrations of interest (/apply/).
# Every application's personal data is deleted this many days after the
# decision, or after submission if still undecided (`manage.py
# purge_applications`); the privacy notice states the same figure.
REGISTRY_APPLICATION_RETENTION_DAYS = env_int(
    "REGISTRY_APPLICATION_RETENTION_DAYS", 365
)
# At most this many form submissions per address in the window (seconds). The
# attempts are counted in a database table, so every server process agrees.
REGISTRY_APPLY_RATE_LIMIT = env_int("REGISTRY_APPLY_RATE_LIMIT", 10)
REGISTRY_APPLY_RATE_WINDOW = env_int("REGISTRY_APPLY_RATE_WINDOW", 60 * 60)
# At most this many confirmation emails per hour from the form, all addresses
# together; past it applications are stored, but not emailed.
REGISTRY_APPLY_EMAIL_CAP = env_int("REGISTRY_APPLY_EMAIL_CAP", 100)
# The version of the privacy notice the applicant consents to; change it with
# the notice's text.
REGISTRY_PRIVACY_NOTICE_VERSION = "2026-12"
REGISTRY_PRIVACY_CONTACT = os.environ.get(
    "REGISTRY_PRIVACY_CONTACT", "registry@localhost"
)
# The site's ICP filing number as the filing reads (such as "沪ICP备12345678号-1"),
# shown in every page's footer with a link to the filing system; empty shows none.
REGISTRY_ICP_NUMBER = os.environ.get("REGISTRY_ICP_NUMBER", "").strip()
# Links in emails to applicants start with this address. They carry private
# status tokens, so production refuses anything but https.
REGISTRY_SITE_URL = os.environ.get("REGISTRY_SITE_URL", "http://127.0.0.1:8000")
if not DEBUG and not REGISTRY_SITE_URL.lower().startswith("https://"):
    raise ImproperlyConfigured(
        f"REGISTRY_SITE_URL is {REGISTRY_SITE_URL!r}: links emailed to applicants "
        "carry their private status link and must use https. Set REGISTRY_SITE_URL "
        "to the site's https address, e.g. https://registry.example.cn."
    )
# The public API (/api/v1/), its schema and the open-data dumps.
# Rows per API page unless ?page_size= asks otherwise, and the most it may ask.
REGISTRY_API_PAGE_SIZE = 50
REGISTRY_API_MAX_PAGE_SIZE = 200
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous write is answered 401 with WWW-Authenticate.
        # Keys are stored hashed (django-rest-knox); sessions count only once
        # the second factor is passed, where it is required.
        "knox.auth.TokenAuthentication",
        "registry.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "registry.api.renderers.CSVRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "registry.api.filters.FilterBackend",
        "registry.api.filters.UpdatedSinceFilter",
        "registry.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "registry.api.pagination.PageNumberPagination",
    "PAGE_SIZE": REGISTRY_API_PAGE_SIZE,
    "DEFAULT_THROTTLE_CLASSES": [
        "registry.net.AnonReadThrottle",
        "registry.net.UserReadThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "registry.api.schema.RegistryAutoSchema",
    "URL_FORMAT_OVERRIDE": "format",
}
# Anonymous API requests allowed, as "<number>/<second, minute, hour or day>".
REGISTRY_API_ANON_RATE = os.environ.get("REGISTRY_API_ANON_RATE", "1000/hour")
# Requests a signed-in client (API token or session) may make, per user.
REGISTRY_API_USER_RATE = os.environ.get("REGISTRY_API_USER_RATE", "5000/hour")

SPECTACULAR_SETTINGS = {
    "TITLE": "Pudong Innovation Registry API",
    "DESCRIPTION": (
        "Read the published records of the Pudong Innovation Registry: organizations, "
        "programs, sectors, memberships, awards, recognitions, events and reported "
        "figures.\n\n"
        "* Every list takes `page` and `page_size` (default "
        f"{REGISTRY_API_PAGE_SIZE}, at most {REGISTRY_API_MAX_PAGE_SIZE}), "
        "`ordering`, `updated_since` (ISO 8601) where records carry a change time, and "
        "`format=csv` for the whole filtered list, every page of it, as a UTF-8 CSV "
        "file that streams as it is read.\n"
        "* A malformed parameter is answered `400` with the parameter's name as key, "
        "with `format=csv` too.\n"
        "* Responses carry an `ETag`, single records also a `Last-Modified` (the "
        "record's own change time); send `If-None-Match` to get `304 Not Modified` "
        "when nothing changed. A list's CSV has no `ETag`: it is never held whole.\n"
        "* Anonymous clients are throttled (`429` with `Retry-After`).\n"
        "* Officers with the model permission may create and update records with a "
        "token (`Authorization: Token <key>`, keys are issued in the admin) or a "
        "session.\n\n"
        "The registry holds no personal data in this API."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "OrganizationStatusEnum": "registry.models.Organization.Status",
        "MembershipStatusEnum": "registry.models.Membership.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "registry.api.schema.add_error_responses",
        "registry.api.examples.add_examples",
    ],
}

# Where `manage.py export_open_data` writes the dumps that /data/ offers.
REGISTRY_OPEN_DATA_DIR = Path(
    os.environ.get("REGISTRY_OPEN_DATA_DIR", BASE_DIR / "var" / "opendata")
)
# `manage.py backup` writes here and keeps the newest REGISTRY_BACKUP_KEEP.
REGISTRY_BACKUP_DIR = Path(
    os.environ.get("REGISTRY_BACKUP_DIR", BASE_DIR / "var" / "backups")
)
REGISTRY_BACKUP_KEEP = env_int("REGISTRY_BACKUP_KEEP", 14)
# Each /readyz check answers within this many seconds or counts as failing.
REGISTRY_READY_TIMEOUT = float(os.environ.get("REGISTRY_READY_TIMEOUT", "1"))
# Writing a dump deletes all but the newest this many.
REGISTRY_OPEN_DATA_KEEP = env_int("REGISTRY_OPEN_DATA_KEEP", 10)
REGISTRY_OPEN_DATA_LICENCE = "CC BY 4.0"
REGISTRY_OPEN_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

# Spreadsheet imports (admin and `manage.py import_records`): files larger than
# this many bytes are refused before they are read.
REGISTRY_IMPORT_MAX_BYTES = env_int("REGISTRY_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# What one imported file may hold, checked before it is read: rows and columns
# of a spreadsheet, the bytes an XLSX (a zip) expands to, and how much more
# than its compressed size any large member of a zip may expand to.
REGISTRY_IMPORT_MAX_ROWS = env_int("REGISTRY_IMPORT_MAX_ROWS", 20000)
REGISTRY_IMPORT_MAX_COLUMNS = env_int("REGISTRY_IMPORT_MAX_COLUMNS", 100)
REGISTRY_IMPORT_MAX_UNCOMPRESSED_BYTES = env_int(
    "REGISTRY_IMPORT_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024
)
REGISTRY_ARCHIVE_MAX_RATIO = env_int("REGISTRY_ARCHIVE_MAX_RATIO", 100)
# The largest ROR file (JSON, or a zip and what it expands to) read at once.
REGISTRY_ROR_MAX_BYTES = env_int("REGISTRY_ROR_MAX_BYTES", 32 * 1024 * 1024)
# django-import-export: every import runs in one transaction.
IMPORT_EXPORT_USE_TRANSACTIONS = True
