"""lp, the Landlord Portal: create_app() builds the app from settings, extensions and blueprints."""
from __future__ import annotations

import logging

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from lp import config as settings


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, static_folder=None, template_folder=None, instance_path=str(settings.INSTANCE))
    app.config.update(settings.from_environment())
    app.config.update(config or {})
    settings.finalise(app.config, overrides=config)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(settings.ROOT / "templates")),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    _init_extensions(app)
    _register_blueprints(app)
    from lp.extensions import limit_only_limited_routes

    limit_only_limited_routes(app)

    from lp import cli, errors, security, sessions, templating, uploads

    uploads.init_app(app)  # before lp/security.py reads a body: a marked route's limit is raised first

    sessions.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from lp import assets, database
    from lp.extensions import compress, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(settings.ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    assets.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from lp import routing
    from lp.admin import bp as admin
    from lp.api import bp as api
    from lp.api import tokens_bp as api_tokens
    from lp.assets import brand_blueprint
    from lp.auth import admin_bp as admin_auth
    from lp.auth import bp as auth
    from lp.changes import bp as changes
    from lp.claims import bp as claims
    from lp.dashboard import bp as dashboard
    from lp.letters import bp as letters
    from lp.overpayments import bp as overpayments
    from lp.pages import bp as pages
    from lp.payments import bp as payments
    from lp.profile import bp as profile
    from lp.properties import bp as properties
    from lp.register import bp as register
    from lp.rent_changes import bp as rent_changes
    from lp.tasks import bp as tasks
    from lp.team import bp as team

    routing.init_app(app)  # first: each rule takes the bounded int converter as it is added
    for blueprint in (pages, auth, admin_auth, register, admin, profile, claims, letters,
                      dashboard, payments, overpayments, changes, team, api, api_tokens, rent_changes, tasks, properties,
                      brand_blueprint()):
        app.register_blueprint(blueprint)
