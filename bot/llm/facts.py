"""The checkable facts of a text: numbers, percentages, dates, money, time limits, document numbers.

Each fact becomes a canonical key, so that the forms Vietnamese writers mix compare equal:
``50.000`` = ``50,000`` = ``50 000`` (``num:50000``), ``84,38%`` = ``84,38 phần trăm``
(``pct:84.38``), ``07 ngày`` = ``7 ngày`` (``dur:7:ngay``), ``1/7/2025`` = ``01/07/2025`` =
``ngày 1 tháng 7 năm 2025`` (``date:2025-07-01``), ``76/NQ-CP`` = ``76/nq-cp`` = ``76 / NQ-CP``
(``doc:76/nq-cp``). Everything runs on folded text (no diacritics, lower case).

A *draft* yields one key per fact, as precise as it was written. A *passage* yields those
keys plus the weaker forms its facts imply, so that a draft may shorten but not change
them: ``01/7/2025`` also allows ``1/7``, ``7/2025`` and ``2025``; ``1,5 triệu`` allows
``1.500.000`` and ``1,5``; ``76/NQ-CP`` allows the bare ``76``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from indexer.textnorm import fold

# Document numbers: 76/NQ-CP, 30c/NQ-CP, 118/2025/NĐ-CP, 18/KH-UBND, 49/2019/QH14, 10-NQ/TU.
_DOCREF = re.compile(
    r"(?<![\w/])(\d{1,5}[a-z]?(?:/\d{4})?/(?:[a-z]{1,6}(?:-[a-z0-9]{1,10})+|qh\d{1,2})|\d{1,5}-[a-z]{1,4}/[a-z]{1,6})(?![\w-])"
)
# Dates: "ngày 9 tháng 6 năm 2025", "09/6/2025", "9-6-2025", "9.6.2025"; then month-year and day-month.
_DATE_WORDS = re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})\b")
_DATE = re.compile(r"(?<![\w./-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\w/-])")
_DAY_MONTH_WORDS = re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\b")
_MONTH_YEAR_WORDS = re.compile(r"\bthang\s+(\d{1,2})\s*(?:nam\s+|/\s*)(\d{4})\b")
_MONTH_YEAR = re.compile(r"(?<![\w./-])(\d{1,2})/(\d{4})(?![\w/-])")
_DAY_MONTH = re.compile(r"(?<![\w./-])(\d{1,2})/(\d{1,2})(?![\w/]|[.-]\d)")
_MONTH = re.compile(r"\bthang\s+(\d{1,2})\b")
# A number: digit groups of three after 1-3 digits, joined by "." "," or a (narrow)
# space, with an optional decimal part; or plain digits with an optional decimal part.
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:(?:[.,]|[ \u00a0\u202f])\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\w]|[.,]\d)"
)
_PERCENT = re.compile(r"\s*(?:%|phan tram)")
_SCALES = {"nghin": 1000, "ngan": 1000, "trieu": 10**6, "ty": 10**9, "ti": 10**9}
_SCALE = re.compile(r"\s*(nghin|ngan|trieu|ty|ti)\b")
# Time-limit units; the longest first so that "ngày làm việc" is not read as "ngày".
_UNIT = re.compile(r"\s*(ngay lam viec|ngay|gio|phut|tuan|thang|nam)\b")
# "1 / NQ - CP" and "01 / 7 / 2025": spaces around "/" and "-" between letters or digits.
_LOOSE_SEPARATOR = re.compile(r"(?<=[\w])\s*([/-])\s*(?=[\w])")


@dataclass(frozen=True)
class Fact:
    """One checkable fact: its canonical ``key`` and the ``text`` as written (for the log)."""

    key: str
    text: str


def draft_facts(text: str) -> list[Fact]:
    """The facts of a draft, each as precisely as it was written."""
    return [fact for fact, _ in _scan(text)]


def passage_keys(text: str) -> set[str]:
    """Every key a faithful draft may use for the facts of ``text`` (see the module doc)."""
    keys: set[str] = set()
    for fact, implied in _scan(text):
        keys.add(fact.key)
        keys.update(implied)
    return keys


def _scan(text: str) -> list[tuple[Fact, tuple[str, ...]]]:
    """Facts in reading order of kind: documents, dates, then numbers (each masked once read)."""
    folded = _LOOSE_SEPARATOR.sub(r"\1", fold(text))
    found: list[tuple[Fact, tuple[str, ...]]] = []

    def take(pattern: re.Pattern[str], make: Callable[[re.Match[str]], tuple[str, tuple[str, ...]] | None]) -> None:
        nonlocal folded
        def replace(match: re.Match[str]) -> str:
            made = make(match)
            if made is None:
                return match.group(0)
            found.append((Fact(made[0], match.group(0)), made[1]))
            return " " * len(match.group(0))
        folded = pattern.sub(replace, folded)

    take(_DOCREF, _docref)
    take(_DATE_WORDS, lambda m: _date(m.group(1), m.group(2), m.group(3)))
    take(_DATE, lambda m: _date(m.group(1), m.group(3), m.group(4)))
    take(_DAY_MONTH_WORDS, lambda m: _day_month(m.group(1), m.group(2)))
    take(_MONTH_YEAR_WORDS, lambda m: _month_year(m.group(1), m.group(2)))
    take(_MONTH_YEAR, lambda m: _month_year(m.group(1), m.group(2)))
    take(_DAY_MONTH, lambda m: _day_month(m.group(1), m.group(2)))
    take(_MONTH, lambda m: (f"m:{int(m.group(1))}", ()) if 1 <= int(m.group(1)) <= 12 else None)
    for match in _NUMBER.finditer(folded):
        value = _value(match.group(1))
        if value is None:
            continue
        rest = folded[match.end():]
        found.append(_number_fact(match.group(1), value, rest))
    return found


def _docref(match: re.Match[str]) -> tuple[str, tuple[str, ...]]:
    """``doc:118/2025/nd-cp``, implying its number (118) and its year (2025)."""
    ref = match.group(1)
    implied = {f"num:{int(n)}" for n in [*re.findall(r"^\d+", ref), *re.findall(r"(?<=/)\d{4}(?=/)", ref)]}
    return f"doc:{ref}", tuple(sorted(implied))


def _date(day: str, month: str, year: str) -> tuple[str, tuple[str, ...]] | None:
    d, m, y = int(day), int(month), int(year)
    if not (1 <= d <= 31 and 1 <= m <= 12):
        return None
    return f"date:{y:04d}-{m:02d}-{d:02d}", (f"dm:{d}-{m}", f"my:{y:04d}-{m:02d}", f"m:{m}", f"num:{y}")


def _month_year(month: str, year: str) -> tuple[str, tuple[str, ...]] | None:
    m, y = int(month), int(year)
    if not 1 <= m <= 12:
        return None
    return f"my:{y:04d}-{m:02d}", (f"m:{m}", f"num:{y}")


def _day_month(day: str, month: str) -> tuple[str, tuple[str, ...]] | None:
    d, m = int(day), int(month)
    if not (1 <= d <= 31 and 1 <= m <= 12):
        return None
    return f"dm:{d}-{m}", (f"m:{m}",)


def _number_fact(written: str, value: Decimal, rest: str) -> tuple[Fact, tuple[str, ...]]:
    """A number with what follows it: a percent sign, a scale word (money), or a time unit."""
    plain = f"num:{_canonical(value)}"
    if _PERCENT.match(rest):
        return Fact(f"pct:{_canonical(value)}", written + "%"), (plain,)
    scale = _SCALE.match(rest)
    if scale:
        scaled = f"num:{_canonical(value * _SCALES[scale.group(1)])}"
        return Fact(scaled, f"{written} {scale.group(1)}"), (plain,)
    unit = _UNIT.match(rest)
    if unit:
        return Fact(f"dur:{_canonical(value)}:{unit.group(1)}", f"{written} {unit.group(1)}"), (plain,)
    return Fact(plain, written), ()


def _value(written: str) -> Decimal | None:
    """The value of a written number, reading "." and "," as Vietnamese and English writers do.

    Spaces only group digits. With both marks, the last one is the decimal mark. With one
    mark: repeated, or followed by exactly three digits, it groups thousands ("50.000",
    "50,000", "1.500.000"); otherwise it is the decimal mark ("84,38", "1,5", "0.5").
    Drafts and passages are read by the same rule, so an ambiguous "2,500" compares
    equal to itself whichever way it is read.
    """
    digits = re.sub(r"[ \u00a0\u202f]", "", written)
    marks = [c for c in digits if c in ".,"]
    if len(set(marks)) == 2:
        decimal = digits[max(digits.rfind("."), digits.rfind(","))]
        grouping = "," if decimal == "." else "."
        digits = digits.replace(grouping, "").replace(decimal, ".")
    elif marks:
        mark = marks[0]
        if len(marks) > 1 or re.fullmatch(rf"\d+\{mark}\d{{3}}", digits):
            digits = digits.replace(mark, "")
        else:
            digits = digits.replace(mark, ".")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _canonical(value: Decimal) -> str:
    """"7", "84.38", "1500000": no exponent, no trailing zeros, no leading zeros."""
    return format(value.normalize(), "f")
