"""Settings of the NSP portal, read from environment variables (see portal/env.py).

Laptop defaults: no DATABASE_URL starts the embedded PostgreSQL; no REDIS_URL keeps the
channel layer in memory; no SECRET_KEY generates one and keeps it under .nsp-data/
(only with DEBUG on). Production mode (DEBUG off) requires SECRET_KEY and ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from portal import env as envconf

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = dict(os.environ)

DEBUG = envconf.env_bool(ENV, "DEBUG", default=False)
SECRET_KEY = envconf.secret_key(ENV, debug=DEBUG, keep_file=BASE_DIR / ".nsp-data" / "secret_key")
# Free text and health answers are sealed with these (portal/crypto.py); first one seals.
FIELD_ENCRYPTION_KEYS = envconf.field_encryption_keys(ENV, debug=DEBUG, keep_file=BASE_DIR / ".nsp-data" / "field_keys")

# Tenants are served on subdomains: <actor>.localhost on a laptop (browsers resolve
# *.localhost to the loopback address by themselves), <actor>.<domain> in production.
ALLOWED_HOSTS = envconf.env_list(
    ENV, "ALLOWED_HOSTS", default=["localhost", ".localhost", "127.0.0.1"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = envconf.env_list(ENV, "CSRF_TRUSTED_ORIGINS", default=[])

if not ENV.get("DATABASE_URL"):
    from portal import embedded_db

    ENV["DATABASE_URL"] = embedded_db.database_url()
DATABASES = {"default": envconf.database_from_url(ENV["DATABASE_URL"], pool=envconf.pool_from_env(ENV))}
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CHANNEL_LAYERS = envconf.channel_layers(ENV.get("REDIS_URL"), ENV)

# --- Tenancy (django-tenants) -------------------------------------------------------
TENANT_MODEL = "tenants.Actor"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "portal.urls_public"
ROOT_URLCONF = "portal.urls_tenants"
TENANT_LIMIT_SET_CALLS = True
# Actors' schemas are cloned from a migrated template (tenants/provisioning), and when
# migrations change, `./nsp migrate` runs them over the actors' schemas in parallel.
TENANT_MULTIPROCESSING_MAX_PROCESSES = envconf.env_int(
    ENV, "MIGRATE_PROCESSES", default=max(2, os.cpu_count() or 2), minimum=1, maximum=64)
TENANT_MULTIPROCESSING_CHUNKS = 8
# How long a process may use what it found for a host (portal/tenancy.py).
TENANT_CACHE_SECONDS = envconf.env_int(ENV, "TENANT_CACHE_SECONDS", default=30, maximum=3600)
SHOW_PUBLIC_IF_NO_TENANT_FOUND = False

SHARED_APPS = [
    "django_tenants",
    "portal",
    "tenants",
    "tenants.referrals",
    # The programme's oversight: the annual report's statistics (and earlier years'
    # imported decisions) and the budget per programme year; public rows only.
    "tenants.statistics",
    "tenants.budget",
    "tenants.certification",
    "tenants.outcomes",
    "tenants.followup",
    "knowledge",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The second factor (TOTP, recovery codes, passkeys) and login throttling: users are
    # programme-wide, so their devices and failed attempts live in the public schema.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "channels",
    "django_htmx",
    "template_partials",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "intake",
    "tenants.certification.documents",
    "intake.documents",
    "intake.followup",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

AUTH_USER_MODEL = "portal.User"
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

MIDDLEWARE = [
    "portal.tenancy.CachedTenantMiddleware",  # django-tenants' host routing, without a query per request
    "portal.request_memo.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.RejectNulCharactersMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.audit.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.accounts.sessions.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.access.AccessPolicyMiddleware",
    # After the access policy: an ended actor's host is read-only (tenants.certification).
    "tenants.certification.middleware.EndedActorReadOnlyMiddleware",
    # The portal's own 404 page with DEBUG on too (the demo), as in production.
    "portal.errors.DebugErrorPagesMiddleware",
    # Last, as django-axes asks: it turns a lockout into the login page with its message.
    "axes.middleware.AxesMiddleware",
]

# Axes first: a locked-out user or address is refused before the password is checked.
# The portal's backend then admits only users who hold a role on the host they log in at.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portal.accounts.backends.HostMembershipBackend",
]

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
                "portal.context_processors.portal",
            ],
        },
    }
]

ASGI_APPLICATION = "portal.asgi.application"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ----------------------------------------------------------------------
# The UI is Swedish and English; the knowledge base and the person's screen have more
# (knowledge/languages.py).
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "nsp_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# English pages use ISO dates and a 24-hour clock (portal/formats/en/formats.py).
FORMAT_MODULE_PATH = ["portal.formats"]

# --- Static files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(ENV.get("STATIC_ROOT") or BASE_DIR / ".nsp-data" / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Security -----------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day; case data must not stay open for weeks
SESSION_COOKIE_NAME = "nsp_session"
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = envconf.env_bool(ENV, "SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preloading binds the whole domain to HTTPS in browsers for good: the operator decides
# (README, "Security"); `check --deploy` warns until then (security.W021).
SECURE_HSTS_PRELOAD = envconf.env_bool(ENV, "SECURE_HSTS_PRELOAD", default=False)
# Trust X-Forwarded-Proto (and the client address in X-Forwarded-For) only when an
# operator says a proxy in front of the portal overwrites them; otherwise any client could
# claim HTTPS or another address.
BEHIND_PROXY = envconf.env_bool(ENV, "BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# CSP: everything from our own origin; no inline scripts or styles; no third parties.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)

# --- Logging in: lockout, second factor, inactivity ----------------------------------
# django-axes counts failures per username and per address; each repeated lockout
# doubles the wait (portal.accounts.lockout.cool_off). The coordinator and the actor's
# administrator can lift a lockout at once.
AXES_FAILURE_LIMIT = envconf.env_int(ENV, "LOGIN_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = "portal.accounts.lockout.cool_off"
AXES_LOCKOUT_CALLABLE = "portal.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "portal.audit.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False
AXES_SENSITIVE_PARAMETERS = []
NSP_LOCKOUT_BASE_MINUTES = envconf.env_int(ENV, "LOGIN_LOCKOUT_MINUTES", default=15)

# A session ends after this many minutes without a request; the coordinator, who sees
# every actor's applications, is logged out sooner.
SESSION_IDLE_MINUTES = envconf.env_int(ENV, "SESSION_IDLE_MINUTES", default=30)
SESSION_IDLE_MINUTES_COORDINATOR = envconf.env_int(ENV, "SESSION_IDLE_MINUTES_COORDINATOR", default=15)

OTP_TOTP_ISSUER = "NSP"
OTP_TOTP_THROTTLE_FACTOR = 1  # 1, 2, 4, 8 … seconds after each wrong code
OTP_STATIC_THROTTLE_FACTOR = 1
# Passkeys belong to the host they were made on (each actor has its own address).
OTP_WEBAUTHN_RP_ID_CALLABLE = "portal.accounts.twofactor.webauthn_rp_id"
OTP_WEBAUTHN_RP_NAME = "NSP"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# The origin a passkey is checked against is the request's own host (each actor's
# address is its own origin: portal.accounts.twofactor.WebAuthnHelper); this list only
# satisfies the library's start-up check.
OTP_WEBAUTHN_HELPER_CLASS = "portal.accounts.twofactor.WebAuthnHelper"
OTP_WEBAUTHN_ALLOWED_ORIGINS = [f"https://{ENV.get('PORTAL_BASE_DOMAIN', 'localhost')}"]

# Years a closed case's personal data is kept before `manage.py retention_erase` erases
# it (the programme decides; the statistics keep only pseudonymous public rows).
NSP_RETENTION_YEARS = envconf.env_int(ENV, "RETENTION_YEARS", default=2)

# Referrals (tenants/referrals): free places older than this many days are marked stale;
# a referral request unanswered for this many hours reminds the actor.
NSP_REFERRAL_STALE_DAYS = envconf.env_int(ENV, "REFERRAL_STALE_DAYS", default=3, minimum=1, maximum=365)
NSP_REFERRAL_REMIND_HOURS = envconf.env_int(ENV, "REFERRAL_REMIND_HOURS", default=4, minimum=1, maximum=24 * 30)
# The programme's secret for the pseudonymous duplicate key of a case (README, "The
# duplicate key"). Changing it changes every key: cases keyed before no longer match.
NSP_DUPLICATE_KEY_SECRET = envconf.kept_secret(ENV, "DUPLICATE_KEY_SECRET", debug=DEBUG,
                                               keep_file=BASE_DIR / ".nsp-data" / "duplicate_key_secret")
# Statistics "for publication": counts below this are shown as "<N" (with secondary
# suppression, tenants/statistics/suppression.py).
NSP_STATISTICS_SUPPRESSION = envconf.env_int(ENV, "STATISTICS_SUPPRESSION", default=3)

# Reminders (intake/followup): a granted period ending within this many days with no
# follow-up application is reminded of, once (`./nsp manage followup_remind`).
FOLLOWUP_REMIND_DAYS = envconf.env_int(ENV, "FOLLOWUP_REMIND_DAYS", default=7, minimum=1, maximum=60)
EMAIL_BACKEND = ENV.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = ENV.get("DEFAULT_FROM_EMAIL", "nsp-portal@localhost")

# The port the laptop server listens on, used in printed URLs and demo domains.
PORTAL_PORT = int(ENV.get("PORT", "8000"))
PORTAL_BASE_DOMAIN = ENV.get("PORTAL_BASE_DOMAIN", "localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Error records keep their traceback but never an exception's message (case text).
    "filters": {"redact": {"()": "portal.logging.RedactExceptionMessages"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": ENV.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Failed logins are in the audit log, with who and from where; not in the logs.
        "axes": {"level": "ERROR"},
    },
}
