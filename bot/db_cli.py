"""``cchc db migrate`` and ``cchc db copy``: the database commands (docs/storage.md).

``migrate`` brings a database to this version's schema before the workers start (they
would do it themselves, one at a time, but an operator may want it done and checked
first). ``copy`` moves an office from the embedded SQLite to PostgreSQL (or back).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated, Optional

import typer

from bot import messages
from bot.config import Settings
from bot.storage.copy import copy_database
from bot.storage.database import Storage, StorageError

db_app = typer.Typer(help="Cơ sở dữ liệu: nâng cấp lược đồ, sao chép sang PostgreSQL.", no_args_is_help=True)


def _target(url: str | None) -> str:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return url if url else str(Settings().database_target)


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(messages.DB_ERROR.format(reason=exc), err=True)
    return typer.Exit(2)


@db_app.command()
def migrate(
    url: Annotated[Optional[str], typer.Option(help="Database (default CCHC_DATABASE_URL, else the SQLite file).")] = None,
) -> None:
    """Apply pending schema migrations and print the version."""

    async def run() -> tuple[str, int]:
        storage = await Storage.open(_target(url))
        try:
            return storage.location, await storage.schema_version()
        finally:
            await storage.close()

    try:
        location, version = asyncio.run(run())
    except (StorageError, OSError) as exc:
        raise _fail(exc) from exc
    typer.echo(messages.DB_MIGRATED.format(location=location, version=version))


@db_app.command()
def copy(
    source: Annotated[str, typer.Option("--from", help="sqlite:///data/cchc.sqlite3 or postgresql://…")],
    target: Annotated[str, typer.Option("--to", help="An empty database: postgresql://… or sqlite:///…")],
) -> None:
    """Copy every table from one database into an empty other (stop the bot first)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    async def run() -> tuple[dict[str, int], str, str]:
        src = await Storage.open(source)
        try:
            dst = await Storage.open(target)
            try:
                report = lambda table, rows: typer.echo(messages.DB_COPY_TABLE.format(table=table, rows=rows))  # noqa: E731
                return await copy_database(src, dst, progress=report), src.location, dst.location
            finally:
                await dst.close()
        finally:
            await src.close()

    try:
        copied, src_location, dst_location = asyncio.run(run())
    except (StorageError, OSError, ValueError) as exc:
        raise _fail(exc) from exc
    typer.echo(messages.DB_COPY_DONE.format(rows=sum(copied.values()), tables=len(copied), source=src_location,
                                            target=dst_location))
