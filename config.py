"""Configuration, read from the environment. One class; tests subclass it."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres://"):  # Heroku-style URLs name the dialect differently
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url or f"sqlite:///{BASE_DIR / 'instance' / 'vangnet.sqlite'}"


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-change-me")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk")
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    # Two catalogues in one folder: the residents' (every language) and the back office's (nl, en).
    # Residents' pages read `messages`; staff pages add `staff` to it (app/i18n.py says why).
    BABEL_DOMAIN = "messages"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    STAFF_LANGUAGES = ("nl", "en")
    TIMEZONE = "Europe/Amsterdam"
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # When Redis does not answer, residents are still served: the limits count in each process's memory
    # until it is back, and Flask-Limiter logs the failure (logger "flask-limiter").
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "") == "1"
    TRUST_PROXY = os.environ.get("TRUST_PROXY", "") == "1"  # one reverse proxy (nginx) in front
    # Where the open data of ../shared/data lives (demo loader, tests).
    SHARED_DATA_DIR = os.environ.get("SHARED_DATA_DIR", str(BASE_DIR.parent / "shared" / "data"))
    # The address printed in kiosk activation links.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    # How long a rendered finder result page may be served again (0: never). See app/page_cache.py.
    FINDER_CACHE_SECONDS = int(os.environ.get("FINDER_CACHE_SECONDS", "60"))
    KIOSK_COUNTDOWN_SECONDS = 30
    # E-mail to coordinators when a request waits (app/notify.py); no MAIL_SERVER: no e-mail is sent.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"  # STARTTLS
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "vangnet@localhost")
    # Prometheus reads /metrics with "Authorization: Bearer <METRICS_TOKEN>"; empty: no /metrics at all.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
    MAX_CONTENT_LENGTH = 1024 * 1024  # no form of ours comes near; a larger body is refused (413)


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test"
    SQLALCHEMY_DATABASE_URI = _database_url() if os.environ.get("DATABASE_URL") else "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    FINDER_CACHE_SECONDS = 0
    MAIL_SERVER = ""  # a MAIL_SERVER in the developer's environment must not get test mail
