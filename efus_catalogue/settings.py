"""Settings for efus-catalogue: one file, every deploy-specific value from the environment.

Development defaults are safe only for development: with DEBUG off the site refuses to start
until SECRET_KEY is set.
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from efus_catalogue.caches import cache_settings, public_max_age
from efus_catalogue.database import database_settings
from efus_catalogue.observability import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the catalogue refuses to start without a "
            "secret key: set SECRET_KEY in the environment (for example to the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    SECRET_KEY = "development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "django_countries",
    "simple_history",
    "import_export",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "initiatives",
]

MIDDLEWARE = [
    # Probes first: they are answered before the host check (see health.py).
    "efus_catalogue.health.health_check_middleware",
    "efus_catalogue.observability.request_id_middleware",
    "django.middleware.security.SecurityMiddleware",
    # CORS for the API (GET from any origin), before anything that may answer on its own.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "efus_catalogue.security.permissions_policy_middleware",
    # Static files leave here, already compressed by collectstatic (gzip and brotli).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed for clients that accept gzip (a list page: 48 KB -> 7 KB). Django
    # pads the compressed body at random, its mitigation of BREACH for the admin's CSRF tokens.
    "efus_catalogue.compression.CompressingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Inside LocaleMiddleware, so that its page speaks the visitor's language.
    "efus_catalogue.not_found.designed_not_found_middleware",
    "efus_catalogue.http_cache.PublicPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After locale and CSRF, so that its 400 page speaks the visitor's language and can post.
    "initiatives.views.params.reject_control_characters",
    "simple_history.middleware.HistoryRequestMiddleware",
    "efus_catalogue.observability.DatabaseOutageMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "efus_catalogue.urls"
WSGI_APPLICATION = "efus_catalogue.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {"default": database_settings(BASE_DIR)}

# Each process's own memory, or with CACHE_URL a Redis that app servers share (caches.py).
CACHES = cache_settings(os.environ, debug=DEBUG)
# How long anonymous visitors' pages stay fresh in browsers and proxies (http_cache.py).
PUBLIC_CACHE_MAX_AGE = public_max_age(os.environ)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (favicon.ico), served by WhiteNoise like static files.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production; plain files while developing and testing,
        # so that no collectstatic is needed before `make run` or `make test`.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

LOGIN_URL = "admin:login"

# --- Security (see README, "Deploying") -------------------------------------------------------
# TRUSTED_PROXY=1 declares a reverse proxy that sets X-Forwarded-Proto and X-Forwarded-For,
# replacing what clients send. Without one, those headers are the client's word: believing them
# let any client claim HTTPS, or another address to dodge the login lockout.
TRUSTED_PROXY = env_bool("TRUSTED_PROXY", False)
if TRUSTED_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS=1: the site is served over HTTPS only: plain HTTP is redirected, browsers are told to
# keep to HTTPS (HSTS), cookies travel only over HTTPS.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS or not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (templates, admin): everything comes from our own files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# The overview's map draws country outlines shipped with the site; a tile layer under them is
# optional: MAP_TILE_URL (e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png) with
# MAP_TILE_ATTRIBUTION, whose origin the policy above then allows for images. Without it, the
# map asks nothing of a third party.
MAP_TILES = {
    "url": os.environ.get("MAP_TILE_URL", "").strip(),
    "attribution": os.environ.get("MAP_TILE_ATTRIBUTION", "").strip(),
}


def tile_origin(url: str) -> str:
    """The origin of a tile URL, as the policy's img-src names it ({s}: Leaflet's subdomains)."""
    parts = urlsplit(url.replace("{s}", "*"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(
            f"MAP_TILE_URL must be an absolute https:// address of tiles, not {url!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


if MAP_TILES["url"]:
    SECURE_CSP["img-src"].append(tile_origin(MAP_TILES["url"]))
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a one-way commitment (a submission to browsers' preload lists, slow to
    # undo); the operator opts in with HSTS_PRELOAD=1 once HTTPS is permanent.
    "security.W021",
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account from
# one address, that pair is locked out for the cool-off time, with a 429 page and a warning in
# the log. `manage.py axes_reset_username <name>` (or axes_reset) unlocks; see README.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password"]
# The client's address: the proxy's X-Forwarded-For only when a trusted proxy is declared.
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXY else ["REMOTE_ADDR"]
)
AXES_IPWARE_PROXY_COUNT = 1 if TRUSTED_PROXY else None
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Logs to stderr, one JSON object per line in production; see observability.py.
LOGGING = logging_config(
    os.environ.get("LOG_FORMAT", "text" if DEBUG else "json"),
    os.environ.get("LOG_LEVEL", "INFO").upper(),
)

# The open data (README, "Open data"): its licence, stated by the API, the site and the
# catalogue's DCAT description.
DATA_LICENCE_NAME = os.environ.get("DATA_LICENCE_NAME", "CC BY 4.0").strip()
DATA_LICENCE_URL = os.environ.get(
    "DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
).strip()

# The read-only API (/api/v1/): JSON only, no sessions (nothing to authenticate), one error
# shape, requests per client address limited (429 with Retry-After).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "initiatives.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["initiatives.api.throttling.PerAddressThrottle"],
    "DEFAULT_THROTTLE_RATES": {"address": os.environ.get("API_RATE_LIMIT", "120/minute")},
    # The client's address: REMOTE_ADDR, or the proxy's X-Forwarded-For when one is declared.
    "NUM_PROXIES": 1 if TRUSTED_PROXY else 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Efus catalogue API",
    "DESCRIPTION": (
        "Read-only access to the public catalogue of urban-security initiatives: the same "
        "filters, validation, order and counts as the site's lists. Errors: "
        '{"error": {"status", "code", "message", "fields"}}. Data licence: '
        f"{DATA_LICENCE_NAME} ({DATA_LICENCE_URL})."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "LICENSE": {"name": DATA_LICENCE_NAME, "url": DATA_LICENCE_URL},
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Link", "Retry-After"]

# Named on the about, methodology, accessibility and privacy pages.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "contact@efus.eu").strip()
# How long the server's access logs (IP addresses) are kept: the privacy notice states it; the
# log rotation of the host must match it.
LOG_RETENTION_DAYS = env_int("LOG_RETENTION_DAYS", 30)

# Errors to Sentry as well, when a DSN is given (no personal data is sent).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=0.0,
    )

# --- Upload limits (see README, "Import and export") -------------------------------------------
# A request's form fields (not its files) are read into memory, up to this size; more answers 413
# with a message (views/params.py). The largest valid form, an initiative with every text at its
# limit (models/limits.py) written in accented letters, six bytes each once percent-encoded, is
# 0.6 MB; a manifesto with twenty recommendations at their limit in plain text about 0.5 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 2**20
# An uploaded file beyond this goes to a temporary file rather than memory. The admin's import
# refuses files over 10 MB by itself (transfer.MAX_ADMIN_IMPORT_BYTES), with a message.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, stated

# Imports can publish, so only publishers may import from the admin; anyone who can view may export.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "publish"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True

# --- Participation and e-mail (see README, "Participation") ------------------------------------
# E-mails are printed on the console unless EMAIL_HOST names an SMTP server (`make run` shows
# each message in its terminal). Django 6.1's MAILERS, which replace the EMAIL_* settings.
_smtp_host = os.environ.get("EMAIL_HOST", "").strip()
if _smtp_host:
    _email_port = env_int("EMAIL_PORT", 587)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _smtp_host,
                "port": _email_port,
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", _email_port == 587),
                "use_ssl": env_bool("EMAIL_USE_SSL", _email_port == 465),
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Efus catalogue <noreply@efus.eu>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as readers reach it, for the links in e-mails (a digest sent by cron has
# no request to take it from).
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")
SITE_URL = SITE_URL.strip().rstrip("/")
# Proposals, corrections and subscriptions sent from one address (REST framework's notation);
# beyond, 429. Counted in the default cache: per process unless CACHE_URL names a shared Redis.
PARTICIPATION_RATE_LIMIT = os.environ.get("PARTICIPATION_RATE_LIMIT", "10/hour").strip()
if not re.fullmatch(r"\d+/(s|m|h|d)\w*", PARTICIPATION_RATE_LIMIT):
    # Read at each form sent: a typo would otherwise be a 500 on every proposal.
    raise ImproperlyConfigured(
        "PARTICIPATION_RATE_LIMIT must read like 10/hour or 3/minute, not "
        f"{PARTICIPATION_RATE_LIMIT!r}."
    )
# A form sent sooner than this after it was shown is a robot's (a person reads it first).
PARTICIPATION_MIN_SECONDS = env_int("PARTICIPATION_MIN_SECONDS", 3)
# Days the details of a proposal's or correction's sender are kept after its decision; the
# privacy notice states it, `manage.py purge_participation` applies it.
CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 90)
