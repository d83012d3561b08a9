"""The `flask lp ...` commands. Each feature defines its command next to its code; they gather here."""
from __future__ import annotations

from flask import Flask
from flask.cli import AppGroup

lp_group = AppGroup("lp", help="lp's own commands: import, demo, purge, send.")


def init_app(app: Flask) -> None:
    # Importing a feature's command module registers its commands on lp_group.
    from lp import purge as _purge  # noqa: F401
    from lp.demo import cli as _demo_cli  # noqa: F401
    from lp.imports import cli as _imports_cli  # noqa: F401
    from lp.notify import cli as _notify_cli  # noqa: F401
    from lp.tasks import cli as _tasks_cli  # noqa: F401

    app.cli.add_command(lp_group)
