"""`flask --app app lp send`: the outbox sender as a command (the Procfile's worker runs --forever)."""
from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from lp.extensions import db
from lp.models.base import utcnow


@click.command("send")
@with_appcontext
@click.option("--forever/--once", default=False, help="Keep sending until SIGTERM (default: one round).")
@click.option("--release", "release_ids", type=int, multiple=True, metavar="ID",
              help="Send a `failed` message again (after checking it was not delivered), then exit.")
def send_command(forever: bool, release_ids: tuple[int, ...]) -> None:
    """Deliver the outbox's due messages."""
    from lp.notify import outbox
    from lp.notify.sender import Sender

    app = current_app._get_current_object()
    if release_ids:
        for message_id in release_ids:
            done = outbox.release(db.engine, message_id, utcnow())
            click.echo(f"outbox {message_id}: {'released' if done else 'not failed, left as it is'}")
        return
    sender = Sender(app)
    if not forever:
        click.echo(f"outbox: {sender.run_once()} message(s) tried")
        return
    stop = threading.Event()
    # SIGTERM (the platform stopping the worker) ends the loop after the message in hand.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    sender.run_forever(stop, app.config["LP_OUTBOX_POLL_SECONDS"])
