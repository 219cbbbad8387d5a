"""What kind of value a question asks for, and whether a quoted answer holds one.

Why: retrieval finds the passage about the right *subject*, which is not the same as a
passage that answers. "Bộ phận một cửa làm việc giờ nào?" finds the one-stop shop's
definition and even "không hút thuốc trong giờ làm việc"; neither gives opening hours.
A question that asks for hours, a phone number, an e-mail, an amount of money, a duration,
a percentage or a date is answered only when the quoted body contains a value of that
kind; otherwise the honest reply is a decline with where to ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.textnorm import fold


@dataclass(frozen=True)
class Focus:
    """One kind of asked-for value: the question cue (folded) and the value's shape."""

    name: str
    asks: re.Pattern[str]
    value: re.Pattern[str]


_FOCI: tuple[Focus, ...] = (
    Focus(
        "hours",
        re.compile(r"\b(gio nao|may gio|gio lam viec|gio mo cua|mo cua|dong cua|gio hanh chinh|lam viec (vao )?(luc|gio|ngay) nao"
                   r"|lam viec (thu|ngay) (may|nao)|thoi gian lam viec|lam viec den may)\b"),
        re.compile(r"\b\d{1,2} ?(h|gio)( ?\d{2})?\b|\b\d{1,2}:\d{2}\b|\bthu (hai|2|bay|7)\b|\bsang\b.*\bchieu\b"),
    ),
    Focus(
        "phone",
        re.compile(r"\b(so dien thoai|sdt|hotline|duong day nong|tong dai|goi (dien thoai|so)|dien thoai (lien he|cua))\b"),
        re.compile(r"\b(1900|1800|0\d{2,3})[ .]?\d{3}[ .]?\d{3,4}\b|\b\d{3,4}[ .]\d{3}[ .]\d{3,4}\b|\b(111|113|114|115)\b"),
    ),
    Focus("email", re.compile(r"\b(email|e mail|thu dien tu|hop thu)\b"), re.compile(r"@")),
    Focus(
        "percent",
        re.compile(r"\b(bao nhieu phan tram|bao nhieu %|ty le bao nhieu|muc bao nhieu phan tram)\b"),
        re.compile(r"%|\bphan tram\b"),
    ),
)


def asked_foci(question: str) -> list[Focus]:
    """The value kinds ``question`` asks for (usually none)."""
    folded = fold(question)
    return [focus for focus in _FOCI if focus.asks.search(folded)]


def missing_focus(question: str, body: str) -> str | None:
    """The name of a value kind the question asks for that ``body`` lacks, or None."""
    folded = fold(body)
    for focus in asked_foci(question):
        if not focus.value.search(folded):
            return focus.name
    return None


# Questions that ask for a list ("những việc gì", "gồm những nội dung nào", "các hình thức"):
# the answer is a list, and a list cut after two items answers them wrongly.
_LIST = re.compile(
    r"\bnhung (viec|ai|gi|noi dung|chi so|hinh thuc|nhiem vu|cach|buoc|linh vuc|giai phap|doi tuong|muc tieu"
    r"|chi tieu|yeu cau|noi|co quan|don vi|nguyen tac|quyen|nghia vu)\b|\bgom (nhung )?(gi|nao|cac)\b"
    r"|\bcac (buoc|noi dung|hinh thuc|cach|nhiem vu|giai phap|chi tieu|muc tieu)\b|\bnhung .{1,30} nao\b"
)


def asks_list(question: str) -> bool:
    """Whether ``question`` asks for a list of things rather than one fact."""
    return _LIST.search(fold(question)) is not None
