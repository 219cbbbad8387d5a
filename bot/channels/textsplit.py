"""Splitting long replies into messages a channel accepts: paragraphs, then lines, then words.

Telegram counts UTF-16 code units (4096 per message), Zalo characters (2,000); the
packing logic is the same and lives here once, parameterised by the length measure.
"""

from __future__ import annotations

from collections.abc import Callable

_SEPARATORS = ("\n\n", "\n", " ")


def utf16_units(text: str) -> int:
    """Length as Telegram counts it (characters outside the BMP count twice)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int, length: Callable[[str], int] = len) -> list[str]:
    """Split ``text`` into stripped, non-empty parts of at most ``limit`` (as ``length`` measures)."""
    return [part.strip() for part in _split(text.strip(), limit, 0, length) if part.strip()]


def _split(text: str, limit: int, level: int, length: Callable[[str], int]) -> list[str]:
    """Greedily pack pieces split on ``_SEPARATORS[level]``, recursing into big ones."""
    if length(text) <= limit:
        return [text]
    if level == len(_SEPARATORS):
        return _hard_cut(text, limit, length)
    separator = _SEPARATORS[level]
    parts: list[str] = []
    current = ""
    for piece in text.split(separator):
        candidate = f"{current}{separator}{piece}" if current else piece
        if length(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        smaller = _split(piece, limit, level + 1, length)
        parts.extend(smaller[:-1])
        current = smaller[-1]
    if current:
        parts.append(current)
    return parts


def _hard_cut(text: str, limit: int, length: Callable[[str], int]) -> list[str]:
    """Cut text with no separator left into pieces of at most ``limit``."""
    pieces: list[str] = []
    current = ""
    for char in text:
        if current and length(current + char) > limit:
            pieces.append(current)
            current = ""
        current += char
    if current:
        pieces.append(current)
    return pieces
