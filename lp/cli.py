"""The `flask lp ...` commands, registered by create_app. Each feature defines its command next to its
code as a plain click command; this module gathers them into the `lp` group (the features never
import it, so no command module and this one import each other)."""
from __future__ import annotations

from flask import Flask
from flask.cli import AppGroup


def init_app(app: Flask) -> None:
    from lp.demo.cli import demo_command
    from lp.imports.cli import import_command
    from lp.notify.cli import send_command
    from lp.purge import purge_command
    from lp.tasks.cli import export_answers_command, remind_command

    group = AppGroup("lp", help="lp's own commands: import, demo, purge, send, remind, export-answers.")
    for command in (import_command, demo_command, purge_command, send_command, remind_command,
                    export_answers_command):
        group.add_command(command)
    app.cli.add_command(group)
