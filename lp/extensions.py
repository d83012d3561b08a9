"""The extensions, created once here and bound to the app in create_app()."""
from flask import Flask
from flask_compress import Compress
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData

from lp.security import client_address

# Named constraints, so Alembic can alter them on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
# Only sign-in, registration and resets are limited; see lp/auth. No default limit on pages.
limiter = Limiter(key_func=lambda: client_address() or "unknown", default_limits=[])
compress = Compress()


def limit_only_limited_routes(app: Flask) -> None:
    """Flask-Limiter checks every request for limits in a before_request hook (working out the view's
    name, its blueprint's limits and exemptions: ~0.13 ms), though only a few routes have one. A view
    with @limiter.limit checks its own limits in its wrapper, so the app-wide hook is needed only for
    blueprints limited as a whole (the API): it runs there, first among their hooks, and nowhere else.
    Called once every blueprint is registered."""
    manager, hooks = limiter.limit_manager, app.before_request_funcs.get(None, [])
    if limiter._check_request_limit not in hooks or manager.default_limits or manager.application_limits:
        return  # limits off (RATELIMIT_ENABLED), or a limit on every route
    hooks.remove(limiter._check_request_limit)
    with app.app_context():
        limited = [name for name in app.blueprints if manager.blueprint_limits(app, name)]
    for name in limited:
        if not any(name.startswith(f"{other}.") for other in limited):  # a parent's hook runs for its children
            app.before_request_funcs.setdefault(name, []).insert(0, limiter._check_request_limit)
