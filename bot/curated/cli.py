"""``cchc curated list|export|import`` and ``cchc admin hash-password``.

Imports and exports from the command line are admin actions like the console's: each is
written to the audit log (actor ``cli:<name>``, ``--by`` naming the person).
"""

from __future__ import annotations

import asyncio
import getpass
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer

from bot import messages
from bot.config import Settings
from bot.console.passwords import hash_password
from bot.curated.service import local_today
from bot.curated.yaml_io import CuratedImportError, dump_yaml, parse_yaml
from bot.storage.console import ConsoleStore
from bot.storage.curated import CuratedStore
from bot.storage.database import Storage

curated_app = typer.Typer(help="Câu trả lời biên soạn: xem, xuất, nhập (YAML).", no_args_is_help=True)
admin_app = typer.Typer(help="Tài khoản quản trị của trang /admin.", no_args_is_help=True)
T = TypeVar("T")
# The list shows this much of the first question: one terminal line.
LIST_CHARS = 90


def _settings() -> Settings:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return Settings()


def _with_storage(settings: Settings, work: Callable[[Storage], Awaitable[T]]) -> T:
    async def run() -> T:
        storage = await Storage.open(settings.database_target)
        try:
            return await work(storage)
        finally:
            await storage.close()

    return asyncio.run(run())


def _actor(by: str | None) -> str:
    return f"cli:{by or getpass.getuser()}"


@curated_app.command("list")
def list_answers() -> None:
    """Every curated answer: id, state, hits, first question."""
    settings = _settings()

    async def rows(storage: Storage) -> list[str]:
        store = CuratedStore(storage)
        hits, today = await store.hits(), local_today()
        lines = []
        for answer in await store.all():
            state = "bật" if answer.active(today) else ("hết hạn" if answer.enabled else "tắt")
            count = hits[answer.id].count if answer.id in hits else 0
            lines.append(f"#{answer.id:<4} [{state}] {count:>5} lượt  {answer.questions[0][:LIST_CHARS]}")
        return lines

    for line in _with_storage(settings, rows):
        typer.echo(line)


@curated_app.command()
def export(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="YAML file (default: stdout).")] = None,
    by: Annotated[Optional[str], typer.Option(help="Who exports (for the audit log).")] = None,
) -> None:
    """Write every curated answer as YAML (ids included, so that a re-import updates them)."""
    settings = _settings()

    async def run(storage: Storage) -> tuple[str, int]:
        answers = await CuratedStore(storage).all()
        await ConsoleStore(storage).audit(actor=_actor(by), action="curated_export", detail=str(len(answers)))
        return dump_yaml(answers), len(answers)

    text, count = _with_storage(settings, run)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(messages.CURATED_EXPORTED.format(count=count, path=output), err=True)


@curated_app.command("import")
def import_answers(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="YAML from `cchc curated export`.")],
    by: Annotated[Optional[str], typer.Option(help="Who imports (for the audit log).")] = None,
) -> None:
    """Create or update curated answers from YAML; one bad entry and nothing is imported."""
    settings = _settings()
    try:
        items = parse_yaml(file.read_text(encoding="utf-8-sig"))
    except CuratedImportError as exc:
        typer.echo(messages.CURATED_IMPORT_REFUSED.format(count=len(exc.reasons)), err=True)
        for reason in exc.reasons:
            typer.echo(f"  {reason}", err=True)
        raise typer.Exit(2) from exc

    async def run(storage: Storage) -> str:
        created, updated = await CuratedStore(storage).replace_many(items, by=_actor(by))
        summary = messages.CURATED_IMPORTED.format(created=created, updated=updated)
        await ConsoleStore(storage).audit(actor=_actor(by), action="curated_import", target=file.name, detail=summary)
        return summary

    typer.echo(_with_storage(settings, run))


@admin_app.command("hash-password")
def hash_password_command(
    name: Annotated[str, typer.Argument(help="The admin's name (letters, digits, . _ -).")],
) -> None:
    """Ask for a password twice and print the ``name:hash`` entry for CCHC_ADMIN_USERS."""
    from bot.console.passwords import check_account

    password = typer.prompt(messages.ADMIN_PASSWORD_PROMPT, hide_input=True, confirmation_prompt=True)
    entry = f"{name}:{hash_password(password)}"
    try:
        check_account(entry)
    except ValueError as exc:
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(entry)
