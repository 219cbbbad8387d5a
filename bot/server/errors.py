"""Error responses that never echo the input.

FastAPI's default 422 returns each error's ``input`` (and ``ctx``): a 300 MB request got a
300 MB response, and an input holding a lone surrogate (``\\ud800``) could not even be
encoded, so the client got a 500. Here an error says where (``loc``) and what (``msg``,
``type``) only, and text that is not valid Unicode is a malformed request: 400.
"""

from __future__ import annotations

import logging

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

log = logging.getLogger(__name__)

# Field names are ours, but a location can hold a key from the input (a dict's key, a list
# index); messages are pydantic's, short. Both are cut so no error can grow with the input.
LOC_ITEM_CHARS = 64
MSG_CHARS = 200
# pydantic's type for a str that cannot be encoded (lone surrogates): malformed, not invalid.
MALFORMED_TYPES = frozenset({"string_unicode", "json_invalid"})


def _short(value: object, limit: int) -> str | int:
    if isinstance(value, int):
        return value
    text = str(value).encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 (400 for text that is not valid Unicode or not JSON) with location and message only."""
    errors = [
        {
            "loc": [_short(item, LOC_ITEM_CHARS) for item in error.get("loc", ())],
            "msg": _short(error.get("msg", ""), MSG_CHARS),
            "type": _short(error.get("type", ""), LOC_ITEM_CHARS),
        }
        for error in exc.errors()
    ]
    malformed = any(error["type"] in MALFORMED_TYPES for error in errors)
    if malformed:
        log.warning("Refused a malformed body on %s: %s", request.url.path, errors[0]["msg"])
    return JSONResponse({"detail": errors}, status_code=400 if malformed else 422)
