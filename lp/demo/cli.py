"""`flask --app app lp demo`: write a fictional extract, load it through the importer, make sign-ins."""
from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import exists, select

from lp.demo.plan import SCALES
from lp.extensions import db
from lp.models import Claim

DEVELOPMENT = {"development", "test"}


@click.command("demo")
@with_appcontext
@click.option("--scale", type=click.Choice(SCALES), default="small", show_default=True,
              help="small: a few landlords to browse; council: 200,000 claims for benchmarks.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same data.")
@click.option("--as-at", "as_at", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date the data runs up to, YYYY-MM-DD (default: today).")
@click.option("--if-empty", is_flag=True, help="Load only when no claims are loaded; sign-ins are made anyway.")
@click.option("--progress/--no-progress", default=None, help="Show the importer's progress bars.")
def demo_command(scale: str, seed: int, as_at, if_empty: bool, progress: bool | None) -> None:
    """Load demo data (docs/data-format.md, made up) and print the development sign-ins."""
    from lp.demo.extract import cached_extract
    from lp.demo.signins import ensure_sign_ins, link_organisations

    env = current_app.config["LP_ENV"]
    if env not in DEVELOPMENT:
        raise click.ClickException(
            f"lp demo makes sign-ins with known passwords, so it runs only in development; LP_ENV is {env!r}. "
            "Set LP_ENV=development on a machine of your own to use it.")
    if if_empty and db.session.scalar(select(exists().where(Claim.id.isnot(None)))):
        click.echo("Claims are already loaded; not loading the demo data (run without --if-empty to load it).")
    else:
        as_at_date = as_at.date() if as_at else date.today()
        base = Path(current_app.config.get("LP_DEMO_DIR") or Path(current_app.instance_path) / "demo")
        started = time.monotonic()
        folder = cached_extract(base, scale=scale, seed=seed, as_at=as_at_date,
                                council=current_app.config["LP_COUNCIL_NAME"], progress=click.echo)
        click.echo(f"Extract ready in {time.monotonic() - started:.1f}s: {folder / 'extract'}")
        _load(folder / "extract", progress)
        created = link_organisations(folder / "organisations.csv")
        click.echo(f"Organisations: {created} created and linked to their accounts.")
        from lp.demo.properties import annotate_a_property

        if (annotated := annotate_a_property()) is not None:
            click.echo(f"Property {annotated}: the landlord's own reference and a note added.")

    for line in ensure_sign_ins(current_app.config.get("LP_DEMO_PASSWORD")):
        click.echo(line)
    from lp.demo.rent_changes import write_samples

    for line in write_samples(Path(current_app.config.get("LP_DEMO_DIR") or Path(current_app.instance_path) / "demo")):
        click.echo(line)


def _load(extract: Path, progress: bool | None) -> None:
    from lp.imports import load_extract

    started = time.monotonic()
    batch = load_extract(extract, run_by="demo", progress=bool(progress))
    if batch.status in ("refused", "failed"):
        for error in batch.errors[:50]:
            click.echo(f"{error['file']}:{error['line']}:{error['column']}: {error['reason']}", err=True)
        click.echo(f"The importer {batch.status} the demo extract (batch {batch.id}); this is a bug in lp.demo.",
                   err=True)
        sys.exit(1)
    click.echo(f"Import batch {batch.id} {batch.status} in {time.monotonic() - started:.1f}s.")
