"""Django settings for newsdesk, all driven by ``NEWSDESK_*`` environment variables.

See the README's "Settings" table for each variable. The embedded default is SQLite in the data folder.
"""

from __future__ import annotations

import os
from datetime import timedelta

import csp.constants as csp

from newsdesk import config
from newsdesk.core import client_address

DATA_DIR = config.data_dir()
SECRET_KEY = config.secret_key(DATA_DIR)
DEBUG = config.env_bool("DEBUG", False)
ALLOWED_HOSTS = config.env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = config.env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",  # admin login lockout: its attempts and lockouts are listed in the admin
    "ninja",  # the API's browsable docs are served from its bundled static files, not a CDN
    "newsdesk.core",
    "newsdesk.sources",
    "newsdesk.articles",
    "newsdesk.stories",
    "newsdesk.comments",
    "newsdesk.ingest",
    "newsdesk.tasks",
    "newsdesk.entities",
    "newsdesk.demo",
    "newsdesk.search",
    "newsdesk.web",  # the reader's pages: front page, sitemaps, page cache, error pages, base template
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every GET answer and 304 for a client that already has it (pages, feeds, the API).
    "django.middleware.http.ConditionalGetMiddleware",
    # Cache-Control: public for anonymous pages, private for pages with a CSRF token or a session (see module).
    "newsdesk.web.http_cache.CacheControlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

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
                "newsdesk.web.context_processors.site",
            ],
        },
    },
]

# The embedded default is SQLite in the data folder; NEWSDESK_DATABASE_URL=postgres://user:pass@host/db moves
# everything (search included) to PostgreSQL.
DATABASES = {"default": config.database(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Rendered pages (newsdesk.web.pagecache): files in the data folder, or NEWSDESK_CACHE_URL (Redis, locmem://).
CACHES = {"default": config.cache(DATA_DIR)}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = config.env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Serve app static files straight from their packages: no collectstatic step on a fresh machine.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Security (see the README's Security section) ---
# Behind HTTPS: secure cookies, HSTS for a year, and the scheme from the proxy's X-Forwarded-Proto. That
# header is believed as sent, so set NEWSDESK_HTTPS only behind a proxy that sets (and overwrites) it.
NEWSDESK_HTTPS = config.env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = NEWSDESK_HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if NEWSDESK_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = config.env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NEWSDESK_HTTPS else None
# Off unless asked: the proxy usually redirects plain HTTP itself, and a loop of redirects is worse.
SECURE_SSL_REDIRECT = NEWSDESK_HTTPS and config.env_bool("HTTPS_REDIRECT", False)

# Proxies whose X-Forwarded-For is believed (addresses or CIDRs): newsdesk.core.client_address.
NEWSDESK_TRUSTED_PROXIES = config.env_list("TRUSTED_PROXIES", [])
client_address.parse_networks(tuple(NEWSDESK_TRUSTED_PROXIES))  # a typo fails at start, with the fix

# Admin login lockout (django-axes): after this many failures for one username from one address, that
# pair is refused for the cool-off, right password or not. Attempts are listed in the admin under Axes.
NEWSDESK_LOGIN_FAILURE_LIMIT = int(config.env_number("LOGIN_FAILURE_LIMIT", 5, minimum=1))
NEWSDESK_LOGIN_COOLOFF_MINUTES = config.env_number("LOGIN_COOLOFF_MINUTES", 15, minimum=1)
AXES_FAILURE_LIMIT = NEWSDESK_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=NEWSDESK_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "newsdesk.core.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "newsdesk.web.lockout.locked_out"  # a page saying why and for how long (429)
AXES_RESET_ON_SUCCESS = True  # a staff member who gets in after a typo starts again from zero
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out pair before checking the password
    "django.contrib.auth.backends.ModelBackend",
]

# Content-Security-Policy (django-csp): our pages load only their own static files; no inline script or
# style anywhere, no plugins, no framing, forms post only to us. The admin works under it as it is; the API
# docs page (Swagger UI) adds data: images only (api.views). Proven in Chromium: tests/security/test_csp_browser.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # A root handler of our own, so a library calling logging.basicConfig(level=INFO) on import changes nothing.
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "httpx": {"level": "WARNING"},
        "newsdesk": {"handlers": ["console"], "level": config.env_str("LOG_LEVEL", "WARNING"), "propagate": False},
        # trafilatura logs every rejected page at WARNING/ERROR; we record the reason on the item instead.
        "trafilatura": {"handlers": ["console"], "level": "CRITICAL"},
    },
}

# --- newsdesk's own settings, each read once here and passed to the pipeline as config objects ---
NEWSDESK_SITE_NAME = config.env_str("SITE_NAME", "newsdesk")
NEWSDESK_ALLOW_PRIVATE_NETWORKS = config.env_bool("ALLOW_PRIVATE_NETWORKS", False)
NEWSDESK_USER_AGENT = config.env_str("USER_AGENT", "")
NEWSDESK_CONTACT_URL = config.env_str("CONTACT_URL", "https://github.com/newsdesk/newsdesk")
NEWSDESK_FETCH_TIMEOUT = config.env_number("FETCH_TIMEOUT", 20, minimum=1)
NEWSDESK_FETCH_MAX_BYTES = int(config.env_number("FETCH_MAX_BYTES", 10 * 1024 * 1024, minimum=1024))
NEWSDESK_POLL_INTERVAL = config.env_number("POLL_INTERVAL", 30 * 60, minimum=60)
# Entries taken from one feed poll, the newest: a feed of 100,000 items is not taken whole.
NEWSDESK_FEED_MAX_ENTRIES = int(config.env_number("FEED_MAX_ENTRIES", 500, minimum=1))
# OPML imports (command line and admin): the largest file read, and the most <outline>s (folders too) in it.
NEWSDESK_OPML_MAX_BYTES = int(config.env_number("OPML_MAX_BYTES", 5 * 1024 * 1024, minimum=1024))
NEWSDESK_OPML_MAX_OUTLINES = int(config.env_number("OPML_MAX_OUTLINES", 10_000, minimum=1))
NEWSDESK_HOST_MAX_IN_FLIGHT = int(config.env_number("HOST_MAX_IN_FLIGHT", 2, minimum=1))
NEWSDESK_HOST_MIN_INTERVAL = config.env_number("HOST_MIN_INTERVAL", 0.5)
NEWSDESK_OBEY_ROBOTS = config.env_bool("OBEY_ROBOTS", True)
# A transient failure (5xx, 429, a timeout, a reset) is tried again this many times within one run, after
# 1, 2, 4 ... s, but not when the server's Retry-After asks for more than RETRY_MAX_WAIT seconds.
NEWSDESK_RETRY_ATTEMPTS = int(config.env_number("RETRY_ATTEMPTS", 3, minimum=0))
NEWSDESK_RETRY_MAX_WAIT = config.env_number("RETRY_MAX_WAIT", 60, minimum=0)
# Threads that wait on the network; many, since each may be waiting out a host's politeness interval.
NEWSDESK_FETCH_WORKERS = int(config.env_number("FETCH_WORKERS", 16, minimum=1))
# Worker processes for extraction and summaries (CPU-bound); 0 runs them on the fetch threads instead.
NEWSDESK_EXTRACT_PROCESSES = int(config.env_number("EXTRACT_PROCESSES", os.cpu_count() or 1))
NEWSDESK_DEMO_NEWSROOM = config.env_bool("DEMO_NEWSROOM", True)
# Hosts the fetcher serves from somewhere other than the network: the dotted path of a function returning
# {host: httpx transport}, or "" for none. The demo outlets live on reserved *.example hosts that never
# resolve, so they are served from the demo's package data, offline, through the same fetcher.
NEWSDESK_FETCH_MOUNTS = "newsdesk.demo.transport.mounts" if NEWSDESK_DEMO_NEWSROOM else ""
# Stories: dedup and clustering of stored articles; embeddings from wordllama's bundled weights.
NEWSDESK_STORIES = config.env_bool("STORIES", True)
NEWSDESK_EMBEDDINGS = config.env_bool("EMBEDDINGS", True)
# Story summaries: "extractive", or "llm" through an OpenAI-compatible endpoint the operator trusts (e.g. a
# llama.cpp / Ollama / vLLM server on loopback); every generated sentence is fact-checked before publication.
NEWSDESK_SUMMARISER = config.env_choice("SUMMARISER", "extractive", ("extractive", "llm"))
NEWSDESK_LLM_URL = config.env_str("LLM_URL", "")
NEWSDESK_LLM_MODEL = config.env_str("LLM_MODEL", "")
NEWSDESK_LLM_API_KEY = config.env_str("LLM_API_KEY", "")
NEWSDESK_LLM_TIMEOUT = config.env_number("LLM_TIMEOUT", 30, minimum=1)
config.require(
    "LLM_URL",
    NEWSDESK_SUMMARISER != "llm" or NEWSDESK_LLM_URL,
    "NEWSDESK_SUMMARISER=llm needs the endpoint's base URL, e.g. http://127.0.0.1:8080/v1",
)
# Scale-out: with a broker URL, ingestion runs as Celery tasks on `newsdesk worker` processes (newsdesk.tasks);
# without one, everything stays in process. The time limit bounds a task, a claim on a piece of work and a lease.
NEWSDESK_BROKER_URL = config.broker_url()
NEWSDESK_TASK_TIME_LIMIT = config.env_number("TASK_TIME_LIMIT", 600, minimum=5)
NEWSDESK_FILING_MAX_DELAY = config.env_number("FILING_MAX_DELAY", 300, minimum=0)
# Entities and key facts (spaCy NER on the title and the body's first characters): a stage of its own, after
# `ingest --once`'s drain and on the scheduler's analyst thread (fetching never waits for it).
NEWSDESK_ENTITIES = config.env_bool("ENTITIES", True)
NEWSDESK_ENTITIES_MAX_CHARS = int(config.env_number("ENTITIES_MAX_CHARS", 6000, minimum=200))

# Caching: how long the server keeps a page that is not keyed by its content, and the public max-age.
NEWSDESK_PAGE_CACHE_SECONDS = config.env_number("PAGE_CACHE_SECONDS", 30)
NEWSDESK_HTTP_MAX_AGE = int(config.env_number("HTTP_MAX_AGE", 30))
# Search: "auto" follows the database (SQLite FTS5, or PostgreSQL full-text search); or sqlite_fts5 / postgres.
NEWSDESK_SEARCH_BACKEND = config.env_choice("SEARCH_BACKEND", "auto", ("auto", "sqlite_fts5", "postgres"))

NEWSDESK_COMMENT_MIN_SECONDS = config.env_number("COMMENT_MIN_SECONDS", 3)
NEWSDESK_COMMENT_RATE_LIMIT = int(config.env_number("COMMENT_RATE_LIMIT", 5, minimum=1))
NEWSDESK_COMMENT_RATE_WINDOW = config.env_number("COMMENT_RATE_WINDOW", 10 * 60, minimum=1)
NEWSDESK_COMMENT_MAX_LINKS = int(config.env_number("COMMENT_MAX_LINKS", 2))
