"""The province, district or office a question names must be in the evidence that answers it.

Why: the plans are one office's each, and many questions name another ("Sở Y tế Sóc
Trăng", "tỉnh Bình Dương", "huyện Châu Thành"). Retrieval then finds the same subject in
the plan of an office that *is* loaded, and quoting it would answer for the wrong office. A
question is answered only when every place and office it names occurs in the quoted body
or in the cited chunks and their documents' identities, as a year it names must.
"""

from __future__ import annotations

import re

from indexer.lexical import expanded_syllables
from indexer.textnorm import fold

# The 63 provinces before the 2025 merger (folded); the merged provinces kept these names.
# "Hồ Chí Minh" alone is the person ("phong cách Hồ Chí Minh"): only the city's forms count.
_PROVINCES = (
    "an giang", "ba ria", "vung tau", "bac lieu", "bac giang", "bac kan", "bac ninh", "ben tre", "binh duong",
    "binh dinh", "binh phuoc", "binh thuan", "ca mau", "cao bang", "can tho", "da nang", "dak lak", "dak nong",
    "dien bien", "dong nai", "dong thap", "gia lai", "ha giang", "ha nam", "ha noi", "ha tinh", "hai duong",
    "hai phong", "hau giang", "hoa binh", "hung yen", "khanh hoa", "kien giang", "kon tum", "lai chau", "lam dong",
    "lang son", "lao cai", "long an", "nam dinh", "nghe an", "ninh binh", "ninh thuan", "phu tho", "phu yen",
    "quang binh", "quang nam", "quang ngai", "quang ninh", "quang tri", "soc trang", "son la", "tay ninh",
    "thai binh", "thai nguyen", "thanh hoa", "thua thien hue", "tien giang", "tra vinh", "tuyen quang",
    "vinh long", "vinh phuc", "yen bai", "tp ho chi minh", "thanh pho ho chi minh", "sai gon", "tphcm",
)
PROVINCE_RE = re.compile(r"\b(" + "|".join(p.replace(" ", r"\s") for p in _PROVINCES) + r")\b")
# A district, commune or town named as written: the unit word, then capitalised syllables
# ("huyện Châu Thành", "xã Tân Hưng"). Typed without capitals it cannot be told from text.
_UNIT_NAME = re.compile(
    r"\b(?:[Hh]uyện|[Qq]uận|[Tt]hị xã|[Xx]ã|[Pp]hường|[Tt]hị trấn) ((?:[A-ZĐÂĂÊÔƠƯ][^\s,.;:?!()]*\s?){1,3})"
)
# Provincial departments (folded), after "sở": the office a plan belongs to.
_OFFICES = (
    "y te", "giao duc", "tu phap", "noi vu", "tai chinh", "cong thuong", "xay dung", "giao thong", "nong nghiep",
    "tai nguyen", "van hoa", "thong tin", "khoa hoc", "lao dong", "ke hoach", "ngoai vu", "du lich", "dan toc",
)
_OFFICE_RE = re.compile(r"\bso (" + "|".join(_OFFICES) + r")\b")
# Ministries (folded), after "bộ": "Chỉ thị 23 giao Bộ Tài chính …" is answered only from
# a passage that names that ministry.
_MINISTRIES = (
    "noi vu", "tai chinh", "cong an", "tu phap", "y te", "giao duc", "xay dung", "cong thuong", "ngoai giao",
    "quoc phong", "nong nghiep", "khoa hoc", "van hoa", "thong tin", "lao dong", "ke hoach", "giao thong",
    "tai nguyen", "dan toc",
)
_MINISTRY_RE = re.compile(r"\bbo (" + "|".join(_MINISTRIES) + r")\b")
# Management boards of zones ("Ban Quản lý Khu kinh tế Dung Quất"): the kind of zone must match.
_ZONE_RE = re.compile(r"\bban quan l[iy] (?:cac )?(khu (?:kinh te|cong nghiep|che xuat|cong nghe cao))\b")
# A document the question names by its number ("Thông tư 16/2025", "118/2025/NĐ-CP", "23/CT-TTg");
# not the tail of a date ("từ 1/7/2025" names no document) nor a month ("tháng 10/2025").
REFERENCE = re.compile(r"(?<![\d/])(?<!thang )\b\d+[a-z]?/(?:\d{4}|[a-z]{2,})\b")


def _expanded(text: str) -> str:
    """Folded syllables with abbreviations written out ("Sở LĐTBXH" → "so lao dong thuong binh va xa hoi")."""
    return f" {' '.join(expanded_syllables(text))} "


def named_places(question: str) -> list[str]:
    """The provinces, districts or communes, departments and ministries ``question`` names (folded, expanded)."""
    expanded = _expanded(question)
    places = [m.group(1) for m in PROVINCE_RE.finditer(expanded)]
    places += [f"so {m.group(1)}" for m in _OFFICE_RE.finditer(expanded)]
    places += [f"bo {m.group(1)}" for m in _MINISTRY_RE.finditer(expanded)]
    places += [m.group(1) for m in _ZONE_RE.finditer(expanded)]
    places += [" ".join(expanded_syllables(m.group(1))) for m in _UNIT_NAME.finditer(question)]
    return [p for p in dict.fromkeys(places) if p]


def province_words(question: str) -> frozenset[str]:
    """The folded syllables of the provinces ``question`` names ("binh", "duong" for "ở Bình Dương").

    Why: where the asker lives or works is their circumstance; a procedure matcher must not
    read it as a word qualifying a procedure's name.
    """
    return frozenset(w for m in PROVINCE_RE.finditer(f" {fold(question)} ") for w in m.group(1).split())


def missing_place(question: str, around: str) -> str | None:
    """The first place or office ``question`` names that ``around`` (body and evidence) lacks, or None."""
    places = named_places(question)
    if not places:
        return None  # most questions name none: the evidence is not tokenised for nothing
    text = _expanded(around)
    return next((place for place in places if f" {place} " not in text), None)


def missing_reference(question: str, around: str) -> str | None:
    """The first document number ``question`` gives ("16/2025") that ``around`` lacks, or None.

    "Mức thu mới theo Thông tư 16/2025" is not answered by the fee of Thông tư 244/2016.
    """
    refs = REFERENCE.findall(fold(question))
    text = fold(around) if refs else ""
    return next((ref for ref in refs if ref not in text), None)
