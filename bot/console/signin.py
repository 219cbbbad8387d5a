"""Console sign-in: who a name and password are, and when repeated failures lock sign-in.

Two lock-outs, both counted from the audit log (``bot.storage.console``):

* per account: ``ACCOUNT_FAILURES`` failures within ``WINDOW`` lock that account until
  ``WINDOW`` after the last failure; 5 tolerates a few typos and stops online guessing;
* per client address: ``ADDRESS_FAILURES`` failures within ``WINDOW`` lock every sign-in
  from that address, so trying many names from one machine does not escape the first
  rule. 20 because an office's staff often share one address behind its router.

A locked attempt is refused before the password is even checked (a correct guess while
locked gets in nothing) and is not counted, so a locked person is not kept locked longer.
"""

from __future__ import annotations

import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

from bot.config import Settings
from bot.console.passwords import TOKEN_ACTOR, burn_time, verify_password
from bot.storage.console import ConsoleStore

ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 20
WINDOW = timedelta(minutes=15)
# Names typed into the form are echoed in the audit log; longer input is cut.
MAX_NAME_CHARS = 64


@dataclass(frozen=True)
class Lock:
    """A refused sign-in: which rule, and for how many more minutes (rounded up)."""

    scope: Literal["account", "address"]
    minutes: int


def account_of(name: str) -> str:
    """The audit name of a sign-in attempt: the typed name, or ``token`` when left blank."""
    name = " ".join(name.split())[:MAX_NAME_CHARS]
    return name or TOKEN_ACTOR


async def lock(store: ConsoleStore, *, account: str, address: str, now: datetime | None = None) -> Lock | None:
    """The lock in force for this account or address, or None."""
    now = now or datetime.now(timezone.utc)
    since = now - WINDOW
    for scope, limit, failures in (
        ("account", ACCOUNT_FAILURES, await store.failures(since=since, actor=account)),
        ("address", ADDRESS_FAILURES, await store.failures(since=since, address=address)),
    ):
        if len(failures) >= limit:
            remaining = failures[-1] + WINDOW - now
            return Lock(scope=scope, minutes=max(1, math.ceil(remaining.total_seconds() / 60)))  # type: ignore[arg-type]
    return None


def check_password(settings: Settings, account: str, password: str) -> bool:
    """Whether ``password`` signs ``account`` in: the admin token for ``token``, else the account's hash.

    CPU-bound (scrypt): call it in a thread. An unknown name costs the same time as a known one.
    """
    if account == TOKEN_ACTOR:
        token = settings.admin_token.get_secret_value() if settings.admin_token is not None else ""
        return bool(token) and hmac.compare_digest(password.encode(), token.encode())
    stored = settings.admin_accounts.get(account)
    if stored is None:
        burn_time(password)
        return False
    return verify_password(password, stored)
