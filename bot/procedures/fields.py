"""Which fields of a procedure a question asks for, and which of its words only ask.

The cues are regular expressions over the shared tokenizer's canonical syllables
(`indexer.vntokens`: no diacritics, "ký" = "kí"), so "lệ phí", "le phi" and "LỆ PHÍ" are one
cue. `content_spans` removes the cues from a question so that what is left is its subject.
"""

from __future__ import annotations

import re

from indexer.textnorm import fold
from indexer.vntokens import expand_shorthand, syllables

# Fields in answer order. "agency" and "ways" answer "where" together: where to go and how
# to submit are one question for a citizen.
FIELDS: tuple[str, ...] = (
    "agency", "ways", "documents", "time_limit", "fee", "legal_basis", "conditions", "result", "applicants", "steps",
)
# The fields an answer gives when the question names none (the rest are details on demand).
DEFAULT_FIELDS: tuple[str, ...] = ("agency", "ways", "documents", "time_limit", "fee", "legal_basis")

# "giấy tờ", "hồ sơ" alone: a documents cue, unless the papers are the object of another
# field's question (see ``_STRONG_DOCUMENTS``).
_BARE_PAPERS: tuple[str, ...] = (r"\bgiay to\b", r"(?<!nop )\bho so( gom| can)?\b")
_CUES: dict[str, tuple[str, ...]] = {
    "documents": (
        r"\bcan (co |phai co |mang |chuan bi |nhung |nop )?(giay to|ho so)( gi| nao| nhung gi)?\b",
        *_BARE_PAPERS, r"\bthanh phan( ho so)?\b",
        r"\bcan (co |nhung |mang |chuan bi |nop |phai co )?(gi|nhung gi)\b", r"\bmang (theo )?(gi|nhung gi|cai gi|nhung cai gi|thu gi)\b",
        r"\bchuan bi\b", r"\bgom (nhung )?gi\b", r"\bcan mang\b", r"\bcan nhung\b", r"\bcan don gi\b",
        r"\b(dien|khai|lam) to khai (gi|nao)\b",  # "điền tờ khai gì": the form among the papers
        # "Cần giấy gì", "phải nộp thêm giấy gì": the papers, as citizens say it ("nhận được
        # giấy gì" asks the result).
        r"\b(can|nop|mang|chuan bi|them|phai co)( them)?( nhung)? giay (gi|nao|nhung gi)\b",
        # "Có bắt buộc mang bản giấy không", "mang bản gốc hay bản photo": which form of the papers
        # ("nộp bản sao có chứng thực" is the certification's own product, not this).
        r"\b(mang|xuat trinh)( theo)? ban (giay|goc|chinh|photo|cung)\b",
    ),
    "time_limit": (
        # "Chồng tôi đi biển mấy tháng chưa về", "mấy hôm nay": a span of time past, not asked.
        r"\b(mat |het |trong )?(may|bao nhieu) (ngay|hom|tuan|thang|lau)\b(?! (nay|roi|truoc|qua|chua)\b)", r"\b(mat |het )?bao lau\b", r"\bthoi han( giai quyet)?\b",
        # "từ bao giờ" asks since when (a date), "khi nào phải đổi" on which occasion: not a duration.
        r"\bthoi gian( giai quyet)?\b", r"(?<!tu )\bbao gio\b", r"\bkhi nao (co|nhan|xong|lay|duoc|tra|cam)\b",
        r"\blau (khong|ko|k)\b",
        r"\bmat may\b", r"\btrong ngay\b", r"\bhan nop\b", r"\bthi xong\b", r"\bthi co (tien|ket qua|the|phieu|giay|so|ban|bang)\b",
        r"\b(lay|co|nhan) (ngay|luon)\b", r"\b(lau|nhanh|cham) hon\b",
        # "Có giấy ngay hôm đó không hay phải đợi?": the same day or a wait ("có phải đổi không"
        # folds alike and asks whether to change the paper, so the wait is asked as a choice).
        r"\b(lay|co|nhan) (giay|ket qua|the|so|ban|bang|phieu) (ngay|luon)\b", r"\bhay phai (doi|cho)\b",
        # "Có kịp lấy giấy trước khi quay lại làm không": in time, a duration asked.
        r"\b(co )?kip (lay|nhan|co|xong|lam|ra)\b",
    ),
    "fee": (
        # The verb of paying belongs to the cue: "… khai sinh cho con có phải đóng lệ phí không"
        # leaves no "đóng" behind to read as part of the procedure's name.
        r"\b((dong|nop|tra|mat|ton|thu) )?le phi\b", r"\b((dong|nop|tra|mat|ton|thu) )?phi\b", r"\bbao nhieu tien\b", r"\b(mat|ton|tra|dong|nop|het|tinh|thu) (bao nhieu )?tien\b", r"\b(co )?(mat )?chi phi\b",
        r"\bmien phi\b", r"\b(het|mat|ton) bao nhieu\b(?! (ngay|lau|hom|tuan|thoi gian))", r"\b(co )?mat phi\b",
        r"\bbao nhieu\b(?= *$)", r"\bbao nhieu (mot|1|moi) (ban|trang|lan|bo|to)\b",
        r"\b(ton|mat|dong|tra|het) (dong|xu) nao\b",  # "có tốn đồng nào không"
    ),
    "agency": (
        r"\b(lam|nop|xin|di|den) (o|tai) dau\b", r"\bo dau\b", r"\bnoi nao\b", r"\bcho nao\b", r"\bco quan nao\b",
        r"\bai (giai quyet|cap|lam|ki)\b",
        r"\b(lam|nop|xin) (o|tai)\b", r"\bden dau\b", r"\b(xa|phuong|ubnd|cong an|cap) nao\b", r"\bo (xa|phuong) khac\b",
        r"\bdo (ai|co quan nao) (lam|cap|giai quyet)\b", r"\bai lam\b", r"\bqua dau\b",
        # "Làm ở đây được không hay phải về quê": where, asked as a choice.
        r"\bo day (duoc|dc) (khong|ko|k)\b", r"\b(phai|hay) ve que\b",
        # Going to an office to do it: "ra công an phường làm được không".
        r"\b(ra|den|len|xuong|toi) (tan )?(cong an|ubnd|uy ban|xa|phuong|huyen|tinh|trung tam|bo phan mot cua|so|van phong|phong)( \w+){0,3} (lam|nop|xin)\b",
        # "Xã có nhận hồ sơ không": whether that office is the one.
        r"\b(xa|phuong|cap xa|cong an xa|cong an phuong|ubnd xa)( co)? (nhan|lam|giai quyet|tiep nhan)( ho so)? (duoc )?(khong|ko|k)\b",
    ),
    "ways": (
        r"\bo dau\b", r"\bnoi nao\b", r"\bcho nao\b", r"\bnop (o|tai|qua|the nao|nhu the nao|ra sao|kieu gi|kieu nao|cach nao|bang cach nao)\b",
        r"\bcach (thuc )?nop\b", r"\b(nop |lam |qua )?truc tuyen\b(?! toan trinh| mot phan)", r"\bonline\b", r"\bqua mang\b",
        r"\b(qua|gui|nop|bang) (duong )?buu (dien|chinh)\b",
        r"\b(tren|qua) (vneid|mang|cong|dien thoai)\b", r"\blam (o|tai)\b", r"\btai nha\b", r"\bqua dau\b",
        # "Vậy có phải đến tận nơi không": whether it can be done without going there.
        r"\b(phai|can) (den|ra|len|toi|di) (tan noi |truc tiep )?(khong|ko|k)\b",
        # "Vậy bố mẹ làm kiểu gì": which way, as citizens say it.
        r"\blam (kieu|cach) (gi|nao)\b",
        # "Lệ phí thì đóng kiểu gì": how to pay is a way of filing ("nộp lệ phí trực tuyến").
        r"\b(dong|nop|tra|thanh toan) (le phi |phi |tien )?(kieu|cach|bang cach|o) (gi|nao|dau)\b",
    ),
    "legal_basis": (
        r"\bcan cu( phap li)?\b", r"\bluat nao\b", r"\b(van ban|nghi dinh|thong tu|quy dinh) nao\b", r"\bphap li\b",
        r"\btheo (luat|quy dinh|van ban|nghi dinh|thong tu)( nao)?\b", r"\bdieu (may|nao)\b", r"\bquy dinh (o|tai) dau\b",
        # When the rules were issued or took effect: the legal basis gives their dates
        # ("Luật Cư trú 2020 (…, hiệu lực 01/7/2021)"); a card "còn hiệu lực" is not asked.
        r"\b(luat|nghi dinh|thong tu|van ban|quy dinh|chi thi|quyet dinh)( \w+){0,3} (co )?hieu luc\b",
        r"\bhieu luc (tu )?(ngay |nam |thang )?(nao|bao gio|khi nao)\b", r"\bban hanh (ngay|nam|thang|luc|khi|bao gio)\b",
    ),
    "conditions": (
        r"\bdieu kien\b", r"\byeu cau\b(?! (cua|thi hanh))", r"\bai (duoc|co the)\b", r"\bduoc (lam|xin|huong) khong\b",
        # An age and "được chưa": whether they qualify ("17 tuổi … đăng ký kết hôn được chưa").
        r"\bdu tuoi\b", r"\btuoi\b.{0,60}\bduoc (chua|khong|ko)\b",
    ),
    "result": (r"\bket qua (la gi|nhan duoc)\b", r"\b(nhan duoc|duoc nhan|nhan) (gi|giay gi)\b", r"\bduoc cap (gi|giay gi)\b",
               r"\b(cam|mang|lay|nhan) ve (giay )?(gi|giay gi)\b"),
    "applicants": (r"\bdoi tuong( nao| thuc hien)?\b", r"\bai phai\b", r"\bai (di|se di|dung ra)\b"),  # "ai đi khai tử cho ông"
    "steps": (r"\btrinh tu\b", r"\bcac buoc\b", r"\bquy trinh( thuc hien)?\b", r"\blam (the nao|nhu the nao|sao|ra sao)\b",
              r"\bphai lam (nhung )?gi\b",
              # "Đến nơi họ làm những gì": what the office does with the asker, step by step.
              r"\b(ho|can bo|nguoi ta) (se )?lam (nhung )?gi\b"),
}
_CUE_RES: dict[str, re.Pattern[str]] = {name: re.compile("|".join(cues)) for name, cues in _CUES.items()}
# Beside another field's cue, the documents are asked for only with a cue of their own.
_STRONG_DOCUMENTS = re.compile("|".join([
    *(c for c in _CUES["documents"] if c not in _BARE_PAPERS),
    r"\b(giay to|ho so) (gi|nao|nhung gi|gom|can|va|hoac|thi)\b", r"^(giay to|ho so)\b", r"\b(giay to|ho so)$",
]))
_JOINED = re.compile(r"\b(va|voi|cung nhu)\b")
_ANY_CUE = re.compile("|".join(f"(?:{c})" for cues in _CUES.values() for c in cues))
# "What is X" / "why X": a definition, which the notes and the normal retriever answer.
DEFINITION_RE = re.compile(r"\b(la gi|nghia la|khai niem|y nghia|tai sao|vi sao|la the nao)\b")


def canonical_text(text: str) -> str:
    """The question as canonical syllables joined by spaces (shorthand written out)."""
    return " ".join(expand_shorthand(syllables(text)))


# "Tôi chưa làm thẻ bao giờ, …": never, not when (folded, within one clause).
_NEVER = re.compile(r"\b((?:chua|khong)(?: [^\s,.;?!]+){1,6}) bao gio(?=\s*(?:[,.;?!]|$))")


# A paper shown on the phone ("xuất trình bằng lái trên điện thoại"): no way of filing.
_SHOWN = re.compile(r"\b(xuat trinh|dua|cho xem|trinh|mo)( \w+){0,4} (tren|qua|bang) (vneid|dien thoai|app|ung dung)\b")


def requested(text: str) -> tuple[str, ...]:
    """The fields ``text`` asks for, in `FIELDS` order; empty when it names none.

    Args:
        text: Question text (any spelling), or its `canonical_text`.
    """
    canon = canonical_text(_NEVER.sub(r"\1", fold(text)))
    asked = tuple(name for name in FIELDS if _CUE_RES[name].search(canon))
    if "ways" in asked and _SHOWN.search(canon) and not _CUE_RES["ways"].search(_SHOWN.sub(" ", canon)):
        asked = tuple(name for name in asked if name != "ways")
    if "documents" in asked and len(asked) > 1 and not _STRONG_DOCUMENTS.search(canon):
        # "Photo công chứng giấy tờ mất bao nhiêu tiền": the papers are what is copied, the fee is asked.
        asked = tuple(name for name in asked if name != "documents")
    if len(asked) > 1 and not _JOINED.search(canon) and "," not in text:
        # A Vietnamese question ends on what it asks: "con 3 tháng mới đi làm khai sinh thì
        # có bị thu tiền không" asks the fee, whatever "thì có" before it suggests. Two
        # questions joined ("cần giấy tờ gì và lệ phí bao nhiêu") keep the answer order.
        last = max(asked, key=lambda name: max(m.end() for m in _CUE_RES[name].finditer(canon)))
        asked = (last, *(name for name in asked if name != last))
    return asked


def strip_cues(canon: str) -> str:
    """Canonical text with every field cue removed (what is left names the subject)."""
    return " ".join(_ANY_CUE.sub(" ", canon).split())
