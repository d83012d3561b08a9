"""`flask lp remind` (overdue requests, by e-mail) and `flask lp export-answers` (to LP_EXPORT_DIR)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("remind")
@with_appcontext
def remind_command() -> None:
    """E-mail the users who chose alerts about their organisation's overdue requests (once a day)."""
    from lp.tasks.reminders import queue_overdue_reminders

    click.echo(f"remind: {queue_overdue_reminders()} e-mail(s) queued")


@click.command("export-answers")
@with_appcontext
def export_answers_command() -> None:
    """Write the answers not yet exported to a new CSV in LP_EXPORT_DIR, for the benefits system."""
    from lp.tasks.answers import export_answers

    path, count = export_answers(current_app.config["LP_EXPORT_DIR"])
    click.echo(f"export-answers: {count} answer(s)" + (f" written to {path}" if path else ", nothing to write"))
