"""Admin commands for enrolment: ``cchc units invite --unit X [--count N]`` and ``cchc units list``.

Tokens are printed once (only their hash is stored): the admin hands each one to the
person it enrols, as a ``t.me`` link for Telegram or a code to type on Zalo and the web.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from typing import Annotated, Optional, TypeVar

import typer

from bot import messages
from bot.config import Settings
from bot.quiz.bank import load_units
from bot.quiz.enrolment import Enrolment
from bot.quiz.errors import BankError
from bot.quiz.models import UnitList
from bot.storage.database import LOCAL_TZ, Storage

units_app = typer.Typer(help="Đơn vị và ghi danh: cấp mã tham gia, xem số người đã ghi danh.", no_args_is_help=True)
T = TypeVar("T")


def _settings() -> Settings:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return Settings()


def _units(settings: Settings) -> UnitList:
    try:
        return load_units(settings.units_path)
    except BankError as exc:
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(2) from exc


def _with_enrolment(settings: Settings, units: UnitList, work: Callable[[Enrolment], Awaitable[T]]) -> T:
    async def run() -> T:
        storage = await Storage.open(settings.database_path)
        try:
            return await work(Enrolment(storage, lambda: units))
        finally:
            await storage.close()

    return asyncio.run(run())


@units_app.command()
def invite(
    unit: Annotated[str, typer.Option(help="Unit id from units.yaml.")],
    count: Annotated[int, typer.Option(min=1, max=1000, help="Tokens to issue, one per person.")] = 1,
    uses: Annotated[int, typer.Option(min=1, max=10_000, help="People one token may enrol (1: personal).")] = 1,
    days: Annotated[Optional[int], typer.Option(min=1, max=3650, help="Days valid (default CCHC_INVITE_DAYS).")] = None,
) -> None:
    """Issue invite tokens for a unit and print them with their Telegram links and Zalo/web codes."""
    settings = _settings()
    units = _units(settings)
    valid_days = days or settings.invite_days
    try:
        tokens = _with_enrolment(settings, units, lambda e: e.issue(unit, count=count, uses=uses, days=valid_days))
    except ValueError as exc:
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(2) from exc
    expires = (datetime.now(timezone.utc) + timedelta(days=valid_days)).astimezone(LOCAL_TZ).strftime("%d/%m/%Y")
    found = units.get(unit)
    typer.echo(messages.INVITE_HEADER.format(count=len(tokens), unit=found.name if found else unit, unit_id=unit,
                                             uses=uses, expires=expires))
    for token in tokens:
        if settings.telegram_bot_username:
            telegram = messages.INVITE_TELEGRAM_LINK.format(bot=settings.telegram_bot_username.lstrip("@"), token=token)
        else:
            telegram = messages.INVITE_TELEGRAM_COMMAND.format(token=token)
        typer.echo(messages.INVITE_LINE.format(token=token, telegram=telegram))


@units_app.command("list")
def list_units() -> None:
    """Each unit with the people enrolled (invites), allowlisted (units.yaml) and invites still usable."""
    settings = _settings()
    units = _units(settings)
    if not units.units:
        typer.echo(messages.UNITS_NONE)
        return
    summary = {row.unit: row for row in _with_enrolment(settings, units, lambda e: e.store.summary())}
    for unit in units.units:
        row = summary.get(unit.id)
        typer.echo(messages.UNITS_LINE.format(
            unit_id=unit.id, name=unit.name, enrolled=row.enrolled if row else 0,
            allowed=sum(len(ids) for ids in unit.allow.values()), open=row.open_invites if row else 0,
        ))
