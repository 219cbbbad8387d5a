"""The procedures page: search the catalogue, open a record as the assistant has it loaded.

Only ``ProcedureMatcher.procedures`` and the ``Procedure`` fields are used (the catalogue's
import and matching belong to ``bot.procedures``). A record also shows the assistant's own
answer to the procedure's name, so an admin sees exactly what a citizen would get.
"""

from __future__ import annotations

import asyncio

from fastapi import Request
from fastapi.responses import Response

from bot import messages
from bot.server.console.auth import ConsoleRefusal, pages
from bot.server.console.templating import render
from bot.server.deps import StateDep
from bot.server.state import ServerState
from indexer.procedures import Procedure
from indexer.textnorm import folded_syllables

# Results shown at once: a national catalogue has thousands; a search narrows it down.
MAX_RESULTS = 100


def _catalogue(state: ServerState) -> list[Procedure]:
    if not state.knowledge.loaded:
        return []
    matcher = state.knowledge.answerer.procedures
    return list(matcher.procedures) if matcher is not None else []


def search(procedures: list[Procedure], query: str) -> list[Procedure]:
    """Procedures whose name, aliases, id or body contain every word of ``query`` (diacritics ignored).

    Names that contain the whole query come first, then the rest in catalogue order.
    """
    words = folded_syllables(query)
    if not words:
        return procedures
    phrase = " ".join(words)
    found = []
    for procedure in procedures:
        haystack = " ".join(folded_syllables(" ".join([procedure.name, *procedure.aliases, procedure.id.replace("-", " "),
                                                        procedure.body or ""])))
        if all(word in haystack.split() for word in words):
            found.append((phrase not in " ".join(folded_syllables(procedure.name)), procedure))
    return [procedure for _, procedure in sorted(found, key=lambda item: item[0])]


@pages.get("/procedures")
async def procedures(request: Request, state: StateDep, q: str = "") -> Response:
    """The catalogue, or the procedures matching ``q``."""
    catalogue = _catalogue(state)
    results = search(catalogue, q[:200])
    return render(request, "procedures.html", page="procedures", q=q[:200], results=results[:MAX_RESULTS],
                  total=len(results), catalogue_size=len(catalogue), limit=MAX_RESULTS)


@pages.get("/procedures/{procedure_id}")
async def procedure(request: Request, state: StateDep, procedure_id: str) -> Response:
    """One record, every field, and the assistant's answer to its name."""
    record = next((p for p in _catalogue(state) if p.id == procedure_id), None)
    if record is None:
        raise ConsoleRefusal(404, messages.CONSOLE_NOT_FOUND)
    answer = await asyncio.to_thread(state.knowledge.answer, record.name)
    return render(request, "procedure.html", page="procedures", record=record, answer=answer)
