"""Legal references: "76/NQ-CP", "nghị quyết 76", "nq76", "1847/QĐ-TTg" → one key ("nq:76").

Users write references loosely; documents write them formally. Both sides are reduced to
``<type>:<number>`` keys over folded text so that any form matches any other exactly.
"""

from __future__ import annotations

import re

from indexer.textnorm import fold

# Full names of document types (folded) and their short code.
_TYPE_NAMES = {
    "nghi quyet": "nq",
    "nghi dinh": "nd",
    "quyet dinh": "qd",
    "chi thi": "ct",
    "ke hoach": "kh",
    "thong tu": "tt",
    "cong van": "cv",
    "huong dan": "hd",
    "luat": "luat",
}
_CODES = {"nq", "nd", "qd", "ct", "kh", "tt", "cv", "hd"}
# 76/NQ-CP, 61/2018/NĐ-CP, 18/KH-UBND, 305/HD-STTTT (folded: 76/nq-cp ...).
_FORMAL = re.compile(r"\b(\d{1,5})(?:/\d{4})?/([a-z]{1,6})-[a-z]{1,10}\b")
# 10-NQ/TU (party documents).
_PARTY = re.compile(r"\b(\d{1,5})-([a-z]{1,4})/[a-z]{1,6}\b")
_LOOSE = re.compile(
    # "nghị định 61/2018" (a year, no code) is 61 as well.
    r"\b(" + "|".join(sorted([*_TYPE_NAMES, *_CODES], key=len, reverse=True)) + r")\s*(?:so\s*)?(\d{1,5})(?:/(?:19|20)\d{2})?(?![\d/])"
)


def _key(code: str, number: str) -> str:
    return f"{_TYPE_NAMES.get(code, code)}:{int(number)}"


def formal_refs(text: str) -> set[str]:
    """Keys of formally written references ("76/NQ-CP") in a text."""
    folded = fold(text)
    keys = {_key(code, num) for num, code in _FORMAL.findall(folded)}
    keys |= {_key(code, num) for num, code in _PARTY.findall(folded)}
    return keys


def query_refs(text: str) -> set[str]:
    """Keys of references in a question, formal or loose ("nghị quyết 76", "nq 76", "nq76")."""
    folded = fold(text)
    keys = formal_refs(text)
    keys |= {_key(name, num) for name, num in _LOOSE.findall(folded)}
    return keys


# A type name, or its code, just before a formal number ("Quyết định 19/2014/QĐ-TTg").
_NAMED_FORMAL = re.compile(
    r"\b(?:(?:" + "|".join(sorted([*_TYPE_NAMES, *_CODES], key=len, reverse=True)) + r")\s*(?:so\s*)?)?"
    r"(?:\d{1,5}(?:/\d{4})?/[a-z]{1,6}-[a-z]{1,10}|\d{1,5}-[a-z]{1,4}/[a-z]{1,6})\b"
)


def ref_words(text: str) -> set[str]:
    """The folded words that write the references of ``text`` ("quyet", "dinh", "19", "2014", "qd", "ttg").

    Why: once a reference has found its document, its words are in every line about it;
    the other words of the question say which line answers.
    """
    folded = fold(text)
    spans = [m.group(0) for m in _NAMED_FORMAL.finditer(folded)] + [m.group(0) for m in _LOOSE.finditer(folded)]
    return {w for span in spans for w in re.findall(r"[a-z0-9]+", span)}
