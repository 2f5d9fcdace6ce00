"""Settings shared by every environment, read from the environment with django-environ.

With nothing set, the platform runs on a SQLite file with Celery tasks executed eagerly
and a local-memory cache. ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and to
Redis as Celery broker, result backend and cache.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The platform's own apps, in dependency order (see ARCHITECTURE.md).
PLATFORM_APPS = ["ecosystem", "initiatives", "communities", "partnerships", "indicators", "loop"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "template_partials",
    "simple_history",
    *PLATFORM_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "ecosystem.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records who made each change kept in the change history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "ecosystem.urls"
WSGI_APPLICATION = "ecosystem.wsgi.application"

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
                "ecosystem.context_processors.platform",
            ],
        },
    },
]
# Project templates can override Django's form templates (accessible field groups).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Data stores -------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A dead database must fail a request quickly, not hang it.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
    # The JIT compiler costs more than it saves on the short queries of a web request (a
    # permission-scoped list took 1.1 s with it, 0.2 s without: see bench/).
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")

# Short socket timeouts: a dead or silent Redis must not hang a web request.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=2.0)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ecosystem",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": REDIS_SOCKET_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_SOCKET_TIMEOUT,
                # A Redis outage degrades the platform (no cache, no rate-limit counters)
                # instead of turning every page into a 500.
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions live in the database: any web process can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Uploaded files go through the storage API so that an S3-compatible store can replace
# the file system in production (STORAGES["default"]).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- Identity and accounts ---------------------------------------------------------------

AUTH_USER_MODEL = "ecosystem.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "ecosystem.forms.SignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Écosystème apprenant] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
# Signing in with a code sent by e-mail: no password to remember (WCAG 2.2, 3.3.8).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https")

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Écosystème apprenant <ne-pas-repondre@ecosysteme-apprenant.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Privacy (Law 25): the person in charge of personal information ------------------------

PRIVACY_OFFICER_NAME = env("PRIVACY_OFFICER_NAME", default="Direction générale")
PRIVACY_OFFICER_TITLE = env(
    "PRIVACY_OFFICER_TITLE", default="Responsable de la protection des renseignements personnels"
)
PRIVACY_OFFICER_EMAIL = env("PRIVACY_OFFICER_EMAIL", default="vie-privee@ecosysteme-apprenant.localhost")

# Public figures: counts under this threshold are suppressed (PRODUCT.md §4).
SMALL_COUNT_THRESHOLD = 5

# Files of measurements that indicator stewards import (CSV or XLSX).
INDICATORS_IMPORT_MAX_BYTES = env.int("INDICATORS_IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
# Recompute the syntheses of the years an import wrote values in (the nightly run does it
# anyway). The test suite turns it off; the tests of that hook turn it back on.
SYNTHESIS_AFTER_IMPORT = env.bool("SYNTHESIS_AFTER_IMPORT", default=True)
# How long a public dashboard page, rendered once, is served to visitors from the cache. A
# synthesis run or a decision renders the pages again at once; 0 turns the cache off.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=600)

# Where the platform is reached, for links in e-mails sent by background tasks.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- Languages ---------------------------------------------------------------------------

LANGUAGE_CODE = "fr-ca"
LANGUAGES = [("fr-ca", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["ecosystem.formats"]
USE_I18N = True
TIME_ZONE = "America/Toronto"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "langue"

# --- API ---------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="120/minute"),
        "user": env("API_THROTTLE_USER", default="600/minute"),
    },
    "EXCEPTION_HANDLER": "ecosystem.exceptions.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Écosystème apprenant en santé — API",
    "DESCRIPTION": (
        "Open data and contributions of the learning health ecosystem platform. Reading public data needs "
        "no account. To write, send your personal API token in the `Authorization: Token <key>` header; "
        "create or revoke it on [your API token page](/compte/jeton-api/) ([in English](/en/account/api-token/))."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Choice sets that share a field name get their own component name.
    "ENUM_NAME_OVERRIDES": {
        "InitiativeKindEnum": "initiatives.models.InitiativeKind",
        "LearningKindEnum": "initiatives.models.LearningKind",
        # Initiatives' keep the names they had before the co-learning spaces had their own.
        "VisibilityEnum": "initiatives.models.Visibility",
        "RoleEnum": "initiatives.models.PartnerRole",
        "StatusEnum": "initiatives.models.LearningStatus",
        "CommunityVisibilityEnum": "communities.models.CommunityVisibility",
        # The diversity questions answered yes / no / prefer not to answer share one set.
        "YesNoEnum": "partnerships.models.YesNo",
        # Indicators' own "level", "status" and "format" must not take the others' names.
        "LevelEnum": "partnerships.models.Level",
        "TargetLevelEnum": "indicators.models.GovernanceLevel",
        "ImportStatusEnum": "indicators.models.ImportBatch.Status",
        "ImportFormatEnum": "indicators.models.ImportBatch.Format",
        # The learning loop's own "kind", "status" and "granularity".
        "SignalKindEnum": "loop.models.SignalKind",
        "SignalStatusEnum": "loop.models.SignalStatus",
        "DecisionKindEnum": "loop.models.DecisionKind",
        "SynthesisGranularityEnum": "loop.models.SynthesisGranularity",
        "GranularityEnum": "indicators.models.Granularity",
    },
}

# --- Celery ------------------------------------------------------------------------------
# Without a broker, tasks run eagerly in the calling process. The beat schedule lives in
# ecosystem/celery.py.

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    "max_retries": 0,
}
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_SOCKET_TIMEOUT
# Publishing from a web request fails fast instead of retrying against a dead broker.
CELERY_TASK_PUBLISH_RETRY = False

# --- Security headers --------------------------------------------------------------------

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "ecosystem.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
