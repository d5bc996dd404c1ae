"""Settings for the two-responsibilities platform, driven by environment variables.

The defaults serve the local demo (SQLite, tasks in-process). With ENVIRONMENT=production
every variable a real deployment needs must be set, or start-up fails with its name.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

# --- Environment ---
ENVIRONMENT = env.str("ENVIRONMENT", default="development")
if ENVIRONMENT not in ("development", "production"):
    raise ImproperlyConfigured(
        f"ENVIRONMENT is {ENVIRONMENT!r}: use 'development' or 'production'."
    )
IS_PRODUCTION = ENVIRONMENT == "production"
PRODUCTION_REQUIRED = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
)
if IS_PRODUCTION:
    missing = [name for name in PRODUCTION_REQUIRED if not env.str(name, default="")]
    if missing:
        raise ImproperlyConfigured(
            "ENVIRONMENT=production needs these variables: " + ", ".join(missing)
        )

# --- Core ---
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="insecure-demo-key-never-use-in-production")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "simple_history",
]
LOCAL_APPS = [
    "core",
    "responsibilities",
    "commitments",
    "inspections",
    "accountability",
]
# The demo city comes last: it builds on every app. Production never installs it, so its
# known passwords cannot be seeded there.
DEMO_APPS = [] if IS_PRODUCTION else ["demo"]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS + DEMO_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RefuseNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.audit.AuditAddressMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

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
                "core.context_processors.notifications",
                "core.context_processors.navigation",
            ],
        },
    },
]

# --- Database ---
# SQLite for the one-command demo and fast tests; PostgreSQL whenever DATABASE_URL is set.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take SQLite's write lock when a transaction begins, not at its first write, so two
    # requests extending the signature chain wait for each other instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# --- Cache ---
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# --- Authentication ---
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Internationalisation ---
# Deadlines are local dates in China; store UTC, show Asia/Shanghai.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Chinese whatever the browser asks for; the switcher's choice is kept for a year.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ---
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# --- Forms ---
CRISPY_ALLOWED_TEMPLATE_PACKS = CRISPY_TEMPLATE_PACK = "bootstrap5"
# Deadlines and planned dates may fall at most this many years after the current one.
PLANNING_HORIZON_YEARS = env.int("PLANNING_HORIZON_YEARS", default=5)

# --- History ---
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Celery ---
# No broker configured: the demo runs every task in-process, so it needs no Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 6 * 60
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# Without a socket timeout redis-py waits forever on a broker that accepts connections
# and never answers, and beat or a worker publishing to it hangs for good. Workers read
# their queues with BRPOP on a one-second server timeout, well inside these. Pages use
# shorter ones still (core.jobs.BROKER_TIMEOUT).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 5, "socket_timeout": 10}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    # Every minute, send the jobs that were started while the broker could not be
    # reached; each is sent once, however many sweeps run.
    "dispatch-queued-jobs": {
        "task": "core.tasks.dispatch_queued_jobs",
        "schedule": 60.0,
    },
    # Every night at 02:30 in Shanghai (beat counts in UTC), delete import sheets that
    # were uploaded for a preview and never confirmed.
    "delete-abandoned-import-sheets": {
        "task": "responsibilities.tasks.delete_abandoned_import_sheets",
        "schedule": crontab(hour=18, minute=30),
    },
    # Every night at 02:40 in Shanghai, forget the one-time claims of create forms
    # posted more than a week ago.
    "forget-old-form-submissions": {
        "task": "core.tasks.forget_old_submissions",
        "schedule": crontab(hour=18, minute=40),
    },
    # Every morning at 08:00 in Shanghai (00:00 UTC; beat counts in UTC while deadlines
    # are Shanghai dates), remind addressees of unsigned letters 7, 3 and 1 days before
    # the deadline and the day after it. Running it again the same day sends nothing.
    "send-letter-reminders": {
        "task": "commitments.tasks.send_letter_reminders",
        "schedule": crontab(hour=0, minute=0),
    },
    # Every morning at 08:05 in Shanghai (00:05 UTC), remind responsible officials of
    # rectification deadlines 7, 3 and 1 days ahead and once overdue, and tell the
    # discipline secretary of overdue ones. Running it again the same day sends nothing.
    "send-rectification-reminders": {
        "task": "inspections.tasks.send_rectification_reminders",
        "schedule": crontab(hour=0, minute=5),
    },
    # Every morning: flag clues left unassigned or undisposed too long, and remind.
    "send-clue-reminders": {
        "task": "accountability.tasks.send_clue_reminders",
        "schedule": crontab(hour=0, minute=10),
    },
}

# --- E-mail ---
# Notifications are copied by e-mail to users with an address. EMAIL_URL names the mail
# server, e.g. smtp+tls://user:password@mail.example.gov.cn:587; unset prints mail on
# the console, so the demo needs no mail server.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")
# The site's address, for links in e-mails and in PDFs made by background jobs, which
# have no request to take it from.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Security ---
# On only behind our own reverse proxy: then the audit trail takes the client address
# from the last X-Forwarded-For hop, the one that proxy appended.
USE_X_FORWARDED_FOR = env.bool("USE_X_FORWARDED_FOR", default=False)
if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    # Joining the browsers' preload list binds a whole registrable domain for months; it is
    # the domain owner's decision, not this application's, so its warning is moot until
    # SECURE_HSTS_PRELOAD is switched on.
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Logging ---
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every page they print at INFO: a campaign export
    # would bury everything else in the log.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Notices ---
# How each kind of notice is numbered (文号): {year} and {number} are filled in when it is
# issued, from a gap-free sequence per kind and year.
NOTICE_NUMBER_FORMATS = {
    "opinion": "中纪监〔{year}〕{number}号",
    "efficiency": "中纪效〔{year}〕{number}号",
    "feedback": "中纪反〔{year}〕{number}号",
    "rectification": "中纪整〔{year}〕{number}号",
    "work_recommendation": "中纪建〔{year}〕{number}号",
}

# --- Enforcement ---
# Register numbers of clues and cases: {year} and {number} are filled in from a
# gap-free sequence per register and year.
CLUE_NUMBER_FORMAT = "中纪线〔{year}〕{number}号"
CASE_NUMBER_FORMAT = "中纪案〔{year}〕{number}号"
# Ordered distribution (有序发放): days a clue may wait for a handler, and for a
# disposal once assigned, before it is flagged and its leaders reminded.
CLUE_ASSIGN_WITHIN_DAYS = env.int("CLUE_ASSIGN_WITHIN_DAYS", default=7)
CLUE_DISPOSE_WITHIN_DAYS = env.int("CLUE_DISPOSE_WITHIN_DAYS", default=30)
# Days each case stage has before it is overdue; a closed case has no deadline.
CASE_STAGE_DAYS = {"filed": 30, "investigation": 90, "trial": 30}
# A unit whose assessment total falls below this fails its annual work-target
# assessment (一票否决).
ASSESSMENT_VETO_LINE = env.int("ASSESSMENT_VETO_LINE", default=80)

# --- Product ---
PRODUCT_NAME = _("Two Responsibilities Platform")
