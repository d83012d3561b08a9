"""`flask --app app lp import PATH`: load the nightly extract from a folder or a zip."""
from __future__ import annotations

import getpass
import sys

import click
from flask.cli import with_appcontext


@click.command("import")
@with_appcontext
@click.argument("path", type=click.Path(exists=True))
@click.option("--progress", is_flag=True,
              help="Show the progress bar even when stderr is not a terminal (it always shows on one).")
def import_command(path: str, progress: bool) -> None:
    """Check the extract at PATH (a folder or a .zip; see docs/data-format.md) and load it.

    Errors are printed grouped by kind, each kind with its count and its first 20 lines as
    file:line:column: reason, and nothing is loaded; the exit code is
    0 when loaded or unchanged, 1 when refused, 2 when it failed.
    """
    from lp.imports import load_extract
    from lp.imports.errors import grouped

    batch = load_extract(path, run_by=f"cli:{_os_user()}", progress=progress)
    if batch.status in ("refused", "failed"):
        for heading, errors in grouped(batch):
            if heading:
                click.echo(heading, err=True)
            for error in errors:
                click.echo(f"  {error['file']}:{error['line']}:{error['column']}: {error['reason']}", err=True)
        total = batch.counts.get("errors", len(batch.errors))
        click.echo(f"Import batch {batch.id} {batch.status}{_in_all(total)}: nothing was loaded.", err=True)
        sys.exit(1 if batch.status == "refused" else 2)
    if batch.status == "unchanged":
        click.echo(f"Import batch {batch.id}: this extract is the same as the last one loaded; nothing to do.")
        return
    click.echo(f"Import batch {batch.id} loaded in {batch.duration_ms / 1000:.1f}s:")
    for table, count in batch.counts.items():
        if isinstance(count, dict) and "inserted" in count:
            click.echo(f"  {table}: {count['inserted']} added, {count['updated']} updated, "
                       f"{count['unchanged']} unchanged")
    click.echo(f"  new letters: {batch.new_letters}")


def _in_all(total: int) -> str:
    return f" for {total:,} errors" if total > 1 else ""


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in a bare container: still say it came from the CLI
        return "unknown"
