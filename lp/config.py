"""Every setting lp has, read from LP_* environment variables, with embedded defaults."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"

SYSTEM_FONT = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"Noto Sans", "Liberation Sans", sans-serif'
)


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _str(name: str, default: str | None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def from_environment() -> dict:
    """Read the settings now (not at import time), so tests and CLIs can set the environment first."""
    env = _str("LP_ENV", "development")
    upload_limit = _int("LP_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
    return {
        "LP_ENV": env,
        "SECRET_KEY": _str("LP_SECRET_KEY", None),
        "SQLALCHEMY_DATABASE_URI": _str(
            "LP_DATABASE_URL", f"sqlite:///{INSTANCE / 'lp.sqlite3'}"
        ),
        # Council identity and look. No crown, no GOV.UK logo: those belong to gov.uk services only.
        "LP_COUNCIL_NAME": _str("LP_COUNCIL_NAME", "Anytown Borough Council"),
        "LP_SERVICE_NAME": _str("LP_SERVICE_NAME", "Landlord Portal"),
        "LP_BRAND_COLOUR": _str("LP_BRAND_COLOUR", "#1d4f91"),
        "LP_FONT_FAMILY": _str("LP_FONT_FAMILY", SYSTEM_FONT),
        # Unset: this machine at the port lp serves on (`make run PORT=8080` links to :8080).
        "LP_BASE_URL": _str("LP_BASE_URL", f"http://127.0.0.1:{_int('PORT', 8000)}"),
        # Data rules.
        "LP_HORIZON_DAYS": _int("LP_HORIZON_DAYS", 730),
        "LP_PURGE_MARGIN_DAYS": _int("LP_PURGE_MARGIN_DAYS", 90),
        "LP_AUDIT_RETENTION_DAYS": _int("LP_AUDIT_RETENTION_DAYS", 6 * 365),
        "LP_REGISTRATION_WORKING_DAYS": _int("LP_REGISTRATION_WORKING_DAYS", 10),
        "LP_MAX_USERS": _int("LP_MAX_USERS", 10),
        # Calls per API token (Flask-Limiter syntax); counted in Redis when LP_REDIS_URL is set.
        "LP_API_RATE_LIMIT": _str("LP_API_RATE_LIMIT", "1200 per minute"),
        "LP_BENEFITS_EMAIL": _str("LP_BENEFITS_EMAIL", "benefits@anytown.example"),
        # The Contact and Help pages: the council's own details and words.
        "LP_CONTACT_PHONE": _str("LP_CONTACT_PHONE", "01632 960 000"),
        "LP_CONTACT_EMAIL": _str("LP_CONTACT_EMAIL", _str("LP_BENEFITS_EMAIL", "benefits@anytown.example")),
        "LP_CONTACT_HOURS": _str("LP_CONTACT_HOURS", "Monday to Friday, 9am to 5pm (except bank holidays)"),
        "LP_HELP_PAYMENT_TIMING": _str("LP_HELP_PAYMENT_TIMING", (
            "A payment usually reaches your bank account within 3 working days of the date it left the council.")),
        "LP_HELP_ENTITLEMENT_NOTE": _str("LP_HELP_ENTITLEMENT_NOTE", (
            "Future payments and entitlement are what we know today: they may change if your tenant's "
            "circumstances change, and we will send a letter when they do.")),
        # Delivery of e-mail and SMS.
        "LP_NOTIFY_BACKEND": _str("LP_NOTIFY_BACKEND", "files"),
        "LP_OUTBOX_DIR": _str("LP_OUTBOX_DIR", str(INSTANCE / "outbox")),
        # Where `flask lp export-answers` writes the to-do list's answers for the benefits system to pick up.
        "LP_EXPORT_DIR": _str("LP_EXPORT_DIR", str(INSTANCE / "exports")),
        "LP_OUTBOX_SENDER_THREAD": _bool("LP_OUTBOX_SENDER_THREAD", env == "development"),
        "LP_MAIL_FROM": _str("LP_MAIL_FROM", "landlord-portal@anytown.example"),
        "LP_SMTP_HOST": _str("LP_SMTP_HOST", "127.0.0.1"),
        "LP_SMTP_PORT": _int("LP_SMTP_PORT", 25),
        "LP_SMTP_USERNAME": _str("LP_SMTP_USERNAME", None),
        "LP_SMTP_PASSWORD": _str("LP_SMTP_PASSWORD", None),
        "LP_SMTP_STARTTLS": _bool("LP_SMTP_STARTTLS", False),
        "LP_NOTIFY_API_KEY": _str("LP_NOTIFY_API_KEY", None),
        "LP_NOTIFY_EMAIL_TEMPLATE_ID": _str("LP_NOTIFY_EMAIL_TEMPLATE_ID", None),
        "LP_NOTIFY_SMS_TEMPLATE_ID": _str("LP_NOTIFY_SMS_TEMPLATE_ID", None),
        "LP_NOTIFY_BASE_URL": _str("LP_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"),
        "LP_NOTIFY_TIMEOUT": _int("LP_NOTIFY_TIMEOUT", 30),
        "LP_SMTP_TIMEOUT": _int("LP_SMTP_TIMEOUT", 30),
        "LP_OUTBOX_POLL_SECONDS": _int("LP_OUTBOX_POLL_SECONDS", 5),
        # A claim older than this is from a crashed sender; see lp/notify/sender.py for what follows.
        "LP_OUTBOX_CLAIM_MINUTES": _int("LP_OUTBOX_CLAIM_MINUTES", 10),
        # Scale.
        "LP_REDIS_URL": _str("LP_REDIS_URL", None),
        # Reverse proxies in front of lp whose X-Forwarded-* lp believes (0: none, forwarded headers ignored).
        "LP_PROXY_HOPS": _int("LP_PROXY_HOPS", 0),
        "LP_DB_POOL_SIZE": _int("LP_DB_POOL_SIZE", _int("LP_THREADS", 8)),
        "LP_THREADS": _int("LP_THREADS", 8),
        # Limits. The body limit is small for pages; the data-load upload raises it for itself.
        "MAX_CONTENT_LENGTH": _int("LP_MAX_CONTENT_LENGTH", 1024 * 1024),
        "LP_MAX_UPLOAD_BYTES": upload_limit,
        "LP_RENT_CHANGE_MAX_BYTES": _int("LP_RENT_CHANGE_MAX_BYTES", 5 * 1024 * 1024),  # ~80,000 lines
        "LP_DEMO_PASSWORD": _str("LP_DEMO_PASSWORD", None),
    }


def finalise(config: dict, overrides: dict | None = None) -> dict:
    """Settings that follow from others (unless given in `overrides`); refuses unsafe production settings."""
    overrides = overrides or {}

    def default(key, value):
        if key not in overrides:
            config[key] = value

    env = config["LP_ENV"]
    development = env in {"development", "test"}
    if not config.get("SECRET_KEY"):
        if not development:
            raise RuntimeError(
                "LP_SECRET_KEY is not set. Outside development lp refuses to start without it: "
                'generate one with: python -c "import secrets; print(secrets.token_hex(32))"'
            )
        config["SECRET_KEY"] = _development_secret()
    default("SESSION_COOKIE_SECURE", not development)
    default("SESSION_COOKIE_HTTPONLY", True)
    default("SESSION_COOKIE_SAMESITE", "Lax")
    default("SESSION_COOKIE_NAME", "lp_session")
    default("REMEMBER_COOKIE_DURATION", 0)
    default("WTF_CSRF_TIME_LIMIT", None)  # the token lives as long as the session
    default("SQLALCHEMY_ENGINE_OPTIONS", _engine_options(config))
    default("RATELIMIT_STORAGE_URI", config.get("LP_REDIS_URL") or "memory://")
    # Redis down is degraded, never closed: Flask-Limiter counts in this process's memory (it logs a
    # warning as it falls back) and goes back to Redis once Redis answers again.
    default("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    if config["RATELIMIT_STORAGE_URI"].startswith(("redis", "rediss")):
        # An unreachable Redis costs a request at most a second, not a hung thread.
        default("RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 1, "socket_timeout": 1})
    default("RATELIMIT_HEADERS_ENABLED", False)
    default("COMPRESS_MIMETYPES", ["text/html", "text/csv", "application/json", "text/css"])
    default("COMPRESS_ALGORITHM", ["br", "gzip"])
    default("COMPRESS_MIN_SIZE", 500)
    # Brotli at quality 2, not flask-compress's 4: half the CPU on every page (0.27 ms, not 0.59, for a
    # 33 KB claims list) for 5-8% more bytes (5.3 KB, not 4.9; every page stays far under its 14 KB).
    default("COMPRESS_BR_LEVEL", 2)
    # Streamed responses (the CSV exports) pass uncompressed: flask-compress holds a stream's chunks
    # in its compressor and re-wraps its context, so a download stalls or breaks (issue 12.5).
    default("COMPRESS_STREAMS", False)
    return config


def _engine_options(config: dict) -> dict:
    url = config["SQLALCHEMY_DATABASE_URI"]
    # A database error's text ends in the log: never with the statement's values (tenants' names).
    hidden = {"hide_parameters": True}
    if url.startswith("sqlite"):
        options: dict = {"connect_args": {"timeout": 15}, **hidden}
        if not _in_memory(url):
            # A connection per waitress thread, kept: one opened per request would repeat the pragmas.
            options.update(pool_size=config["LP_DB_POOL_SIZE"], max_overflow=4)
        return options
    # One connection per waitress thread, plus the outbox sender and a little headroom.
    return {"pool_size": config["LP_DB_POOL_SIZE"] + 2, "max_overflow": 4, "pool_pre_ping": True, **hidden}


def _in_memory(url: str) -> bool:
    return url.rstrip("/") in {"sqlite:", "sqlite+pysqlite:"} or ":memory:" in url or "mode=memory" in url


def _development_secret() -> str:
    """A random key kept under instance/, so development sessions survive a restart."""
    INSTANCE.mkdir(exist_ok=True)
    path = INSTANCE / "secret_key"
    if not path.exists():
        import secrets

        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
