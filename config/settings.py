"""Kōshō settings: one module, read from the environment through small typed helpers.

Defaults give the embedded SQLite run with DEBUG off; `make run` asks for DJANGO_DEBUG=1.
Production sets DATABASE_URL, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (a run that names its
hosts must have a secret key) and, behind an HTTPS proxy, DJANGO_SECURE_PROXY_SSL_HEADER, which
turns on the SSL redirect, HSTS and secure cookies. See docs/operations.md.
"""

import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    if not value.isdigit() or int(value) < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number ≥ {minimum}, not {value!r}.")
    return int(value)


# Off unless asked for: a forgotten variable must not serve tracebacks to the public.
DEBUG = env_bool("DJANGO_DEBUG", False)
# Only a run that serves named hosts needs a real key; one reachable as localhost alone (the
# tests, `make run`, management commands on a laptop) may use the development key, which
# `check --deploy` reports (W009) should it ever reach production.
_DEV_SECRET = "django-insecure-kosho-development-key-never-use-in-production"
_LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", _LOCAL_HOSTS)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and "DJANGO_ALLOWED_HOSTS" in os.environ:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_ALLOWED_HOSTS is (a served site)."
        )
    SECRET_KEY = _DEV_SECRET
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "simple_history",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "axes",
    "csp",
    "core",
    "catalogue",
    "negotiations",
    "research",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304 for every GET; Cache-Control for anonymous reads (core.caching).
    "django.middleware.http.ConditionalGetMiddleware",
    # Outside PublicReadCacheMiddleware: it keeps the answers that one marks public.
    "core.caching.ResponseCacheMiddleware",
    "core.caching.PublicReadCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.ApiInEnglishMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.limits.ReadTimeoutMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"


DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Seconds a worker keeps its connection (0: one per request); checked before reuse.
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=env_bool("DJANGO_CONN_HEALTH_CHECKS", True),
    )
}
# Milliseconds of database work one statement of a read request may take on PostgreSQL before
# the server cancels it and the request answers 503 (0: no limit). See core.limits.
DB_READ_TIMEOUT_MS = env_int("DJANGO_DB_READ_TIMEOUT_MS", 5000)
# Seconds browsers and shared caches may keep an anonymous read before revalidating it.
HTTP_CACHE_MAX_AGE = env_int("DJANGO_HTTP_CACHE_MAX_AGE", 60)
# Seconds the server keeps an anonymous API or OAI-PMH answer, and the sources page's facet
# counts, while the data do not change (core.caching, core.changes; 0: off). Each process keeps
# its own unless DJANGO_CACHE_BACKEND names a shared one.
RESPONSE_CACHE_SECONDS = env_int("DJANGO_RESPONSE_CACHE_SECONDS", 600)
RESPONSE_CACHE_ALIAS = "responses"
RESPONSE_CACHE_PATHS = ("/api/", "/oai")
CACHES = {
    # Rate-limit counters.
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kosho"},
    "responses": {
        "BACKEND": env_str("DJANGO_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": env_str("DJANGO_CACHE_LOCATION", "kosho-responses"),
        # An API page of 50 sources is ~100 KB: ~50 MB per process at most.
        "OPTIONS": {"MAX_ENTRIES": env_int("DJANGO_CACHE_MAX_ENTRIES", 500, minimum=1)},
    },
    # Each source's public API record, kept until something it shows changes (research.records;
    # its keys change then, so the time is only how long an unread record takes up room).
    "records": {
        "BACKEND": env_str(
            "DJANGO_RECORD_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"
        ),
        "LOCATION": env_str("DJANGO_RECORD_CACHE_LOCATION", "kosho-records"),
        "KEY_PREFIX": "record",
        # An API record is ~2 KB at 100k sources: ~40 MB per process at most.
        "OPTIONS": {"MAX_ENTRIES": env_int("DJANGO_RECORD_CACHE_MAX_ENTRIES", 20_000, minimum=1)},
    },
}
RECORD_CACHE_ALIAS = "records"
RECORD_CACHE_SECONDS = env_int("DJANGO_RECORD_CACHE_SECONDS", 86_400)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time: a write transaction takes the lock when it begins
    # (IMMEDIATE) and waits up to `timeout` seconds for it, instead of failing with "database
    # is locked" halfway through. Several archivists at once belong on PostgreSQL.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": env_int("DJANGO_SQLITE_TIMEOUT", 20),
        "transaction_mode": "IMMEDIATE",
        **DATABASES["default"].get("OPTIONS", {}),
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the catalogue's costly queries (facet counts over every source) are
    # short, and compiling them took longer than running them (150 ms of JIT for a 500 ms
    # count at 100,000 sources; docs/performance.md). No parallel workers either, by default:
    # starting them cost a search's first page 36 ms against 10 ms without, and a web server's
    # cores already serve other requests. A random page read priced near a sequential one
    # (1.1, not PostgreSQL's 4, which models spinning disks): on SSDs, or with the catalogue in
    # memory, reading the 22,000 sources that hold 露 through the gram index takes 40 ms and
    # scanning the table 330; at 4 the planner chose the scan. Set once per connection.
    parallel = env_int("DJANGO_DB_PARALLEL_WORKERS", 0, minimum=0)
    page_cost = env_str("DJANGO_DB_RANDOM_PAGE_COST", "1.1")
    if not re.fullmatch(r"\d+(\.\d+)?", page_cost):
        raise ImproperlyConfigured(
            f"DJANGO_DB_RANDOM_PAGE_COST must be a number such as 1.1, not {page_cost!r}."
        )
    DATABASES["default"]["OPTIONS"] = {
        "options": f"-c jit=off -c max_parallel_workers_per_gather={parallel} "
        f"-c random_page_cost={page_cost}",
        **DATABASES["default"].get("OPTIONS", {}),
    }

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user or address is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin logins: after AXES_FAILURE_LIMIT failures for one username from one address, that pair
# is refused for AXES_COOLOFF_TIME hours (the right password included).
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Proxies in front of the site (DJANGO_NUM_PROXIES): only then is X-Forwarded-For believed.
_PROXIES = env_int("DJANGO_NUM_PROXIES", 0)
AXES_IPWARE_PROXY_COUNT = _PROXIES or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if _PROXIES else ["REMOTE_ADDR"]
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ja", "日本語"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names once `collectstatic` has run (the image); the files as they
        # are in a checkout (tests, `make run`).
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if (STATIC_ROOT / "staticfiles.json").exists()
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django 6 behaviour now: a URL typed without a scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "config.exceptions.AutoSchema",
    # Token first: an anonymous write is then answered 401 with `WWW-Authenticate: Token`
    # (a logged-in user without rights gets 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON first: a client that asks for nothing in particular gets JSON, not JSON-LD.
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "research.linked_data.JSONLDRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "config.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "config.exceptions.exception_handler",
    # 429 with Retry-After past these rates (DRF's form: 120/minute); per address for anonymous
    # clients, per account for signed-in ones. Counted in the cache (one per process unless
    # CACHES is shared).
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.AnonRateThrottle",
        "core.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("DJANGO_API_THROTTLE_ANON", "120/minute"),
        "user": env_str("DJANGO_API_THROTTLE_USER", "600/minute"),
    },
    # Proxies in front of the site: the client address is then read from X-Forwarded-For.
    "NUM_PROXIES": _PROXIES or None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Kōshō API",
    "DESCRIPTION": (
        "Primary sources on the 1923–1925 Japanese–Soviet normalisation talks, with the events "
        "they document, the claims they back and the negotiation stages those claims are about. "
        "Reading is open (published records only); archivists write with a token "
        "(`Authorization: Token …`) or a session. Errors are JSON: a 400 names each bad "
        "parameter. See docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Tags and operation ids after the version (`sources`, `sources_list`), so that generated
    # clients group operations by resource rather than file every one under "v1".
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "research.linked_data.jsonld_schema_hook",
        "research.schema.tidy_schema",
        "config.schema_links.add_links",
        "config.exceptions.error_components",
    ],
    "ENUM_NAME_OVERRIDES": {
        "SourceKindEnum": "catalogue.models.Source.Kind",
        "SeriesKindEnum": "catalogue.models.Series.Kind",
        "AgentKindEnum": "catalogue.models.Agent.Kind",
        "WorkKindEnum": "catalogue.models.Work.Kind",
        "PublicationStatusEnum": "core.models.PublicationStatus",
        "DatePrecisionEnum": "core.models.DatePrecision",
        "EvidenceRelationEnum": "negotiations.models.Evidence.Relation",
        "StagePhaseEnum": "negotiations.models.Stage.Phase",
        "SourceAgentRoleEnum": "catalogue.models.SourceAgent.Role",
        "SourceDateRoleEnum": "catalogue.models.SourceDate.Role",
        "IdentifierTypeEnum": "catalogue.identifiers.IdentifierType",
        "SourceRelationTypeEnum": "catalogue.models.SourceRelation.Type",
    },
}

# Admin uploads: FRUS TEI volumes (about 10 MB each) and CSV imports, refused above these sizes.
# A proxy in front should refuse larger request bodies still (client_max_body_size).
FRUS_UPLOAD_MAX_BYTES = env_int("DJANGO_FRUS_UPLOAD_MAX_MB", 50, minimum=1) * 1_000_000
CSV_UPLOAD_MAX_BYTES = env_int("DJANGO_CSV_UPLOAD_MAX_MB", 10, minimum=1) * 1_000_000
# Rows one admin CSV import may have: its dry run and its import each run inside a request
# (gunicorn's timeout is 30 s); larger files go through `manage.py import_csv`.
CSV_ADMIN_MAX_ROWS = env_int("DJANGO_CSV_ADMIN_MAX_ROWS", 1000, minimum=1)

# The archivists' group: members may edit records in the admin and write through the API.
ARCHIVIST_GROUP = "archivists"

# HTTPS. Behind a proxy that terminates TLS, name the header it sets:
# DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO (value https). The site is then taken to
# be served over HTTPS: plain http is redirected, HSTS is sent and cookies are HTTPS-only, each
# of which its own variable can still turn off.
_proxy_header = env_str("DJANGO_SECURE_PROXY_SSL_HEADER", "")
SECURE_PROXY_SSL_HEADER = (_proxy_header, "https") if _proxy_header else None
_HTTPS = env_bool("DJANGO_HTTPS", bool(_proxy_header))
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", _HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz", r"^livez", r"^readyz"]  # probes speak plain http
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000 if _HTTPS else 0)
# HSTS covers the site's own subdomains and may be preloaded: the site's host name is its own
# (kosho.example.org); set these to 0 when it shares a domain with plain-http hosts.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", _HTTPS)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", _HTTPS)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", _HTTPS)
CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", _HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): scripts and styles from the site itself only. Inline
# <script>/<style> blocks need the request's nonce (the API docs' Swagger UI page has both);
# the few style="" attributes and the one event handler of django-import-export and
# simple-history templates are allowed by their hashes, nothing else inline.
_ADMIN_STYLE_HASHES = [
    "'sha256-mHgUAqxc8GPXM/QhzkHrHujcrQTU9fd6ZjWz+icxKcA='",  # padding: 0;
    "'sha256-+YWRMZ88jMyO7jVlBA52tZADiPobPIUA8LAWee68Fvs='",  # font-weight: bold;
    "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",  # border-top: 0
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # 'unsafe-hashes' lets only the listed handler run: the "select all" box of
        # django-import-export's export page (onchange="onSelectToggleChange(event)").
        "script-src": [
            "'self'",
            NONCE,
            "'unsafe-hashes'",
            "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",
        ],
        "style-src": ["'self'", NONCE, "'unsafe-hashes'", *_ADMIN_STYLE_HASHES],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# OAI-PMH provider at /oai (research.oai): published sources as oai_dc records.


def _env_positive_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    if not value.isdigit() or int(value) < 1:
        raise ImproperlyConfigured(f"{name} must be a positive whole number, not {value!r}.")
    return int(value)


OAI_REPOSITORY_NAME = env_str(
    "OAI_REPOSITORY_NAME",
    "Kōshō 交渉: primary sources on the 1923–1925 Japanese–Soviet normalisation talks",
)
# The namespace part of record identifiers (oai:<this>:source/<id>): a domain the project holds.
OAI_REPOSITORY_IDENTIFIER = env_str("OAI_REPOSITORY_IDENTIFIER", "kosho.example.org")
OAI_ADMIN_EMAILS = env_list("OAI_ADMIN_EMAILS", ["archivists@kosho.example.org"])
# Records (or headers) per ListRecords/ListIdentifiers response; a resumption token gives the rest.
OAI_PAGE_SIZE = _env_positive_int("OAI_PAGE_SIZE", 100)
# Seconds a resumption token stays valid (its expirationDate).
OAI_TOKEN_MAX_AGE = _env_positive_int("OAI_TOKEN_MAX_AGE", 24 * 60 * 60)
