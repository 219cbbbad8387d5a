"""Webhook bodies decoded with bounds: a JSON object, not nested deeper than events are, valid Unicode.

Why: ``json.loads`` raises ``RecursionError`` on a few kilobytes of ``[[[[…`` (a 500 with a
traceback on every request, before any signature check), and it happily returns strings
holding lone surrogates (``"\\ud800"``) that cannot be written to SQLite or sent back, so
an event that parsed could still fail later, every time Zalo retried it. Both are refused
here, up front, as a malformed body.
"""

from __future__ import annotations

import json
from typing import Any

# Zalo events nest 3 levels (event → message → attachments → payload), Telegram updates
# about 6 (update → message → reply_to_message → entities → user); 32 leaves room for
# fields added later without letting a hostile body nest without end.
MAX_DEPTH = 32


class MalformedBody(ValueError):
    """The body is not a JSON object an event could be (the reason is safe to log)."""


def parse_object(body: bytes, *, max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """The body as a JSON object, checked for depth and for text that is not valid Unicode.

    Args:
        body: The raw request body.
        max_depth: Deepest nesting of objects and arrays accepted.

    Returns:
        The decoded object.

    Raises:
        MalformedBody: Not UTF-8 JSON, not an object, nested too deeply, or holding a lone
            surrogate in a key or a string.
    """
    try:
        data = json.loads(body)
    except RecursionError:
        raise MalformedBody("JSON nested too deeply") from None
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        raise MalformedBody("not UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise MalformedBody("not a JSON object")
    _check(data, max_depth)
    return data


def _check(data: dict[str, Any], max_depth: int) -> None:
    """Walk the decoded value without recursion: depth, and every key and string encodable."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            items: list[Any] = list(value.values())
            for key in value:
                _encodable(key)
        elif isinstance(value, list):
            items = value
        else:
            if isinstance(value, str):
                _encodable(value)
            continue
        if depth > max_depth:
            raise MalformedBody(f"JSON nested deeper than {max_depth} levels")
        stack.extend((item, depth + 1) for item in items)


def _encodable(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise MalformedBody("text is not valid Unicode (a lone surrogate)") from None
