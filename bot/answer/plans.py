"""Which office's plan: a question back when several offices' plans fit equally.

Each office (a Sở, a district, an industrial-zone board) writes its own propaganda plan with
its own targets, forms and budget. "Mục tiêu của kế hoạch tuyên truyền là gì?" names no
office, and the plans of several fit about equally: answering from one of them would pass
its targets off as the answer. The citizen picks the office (one button each); the pick
asks the question again with the office named, which the retriever then recognises.
"""

from __future__ import annotations

import re

from bot import messages
from bot.answer.extract import clip_words
from bot.answer.focus import YEAR
from bot.answer.followup import own_words
from bot.answer.models import Answer, Choice
from bot.retrieval.base import Hit
from bot.retrieval.hybrid import HybridRetriever
from indexer.textnorm import fold

# The document type of the offices' plans (indexer/structure.py).
PLAN_DOC_TYPE = "Kế hoạch"
# The parts every office's plan has, by the folded words of their headings ("Căn cứ ban
# hành", "IV. TỔ CHỨC THỰC HIỆN", "2. Kinh phí thực hiện …", "II. ĐỐI TƯỢNG, PHẠM VI"), and
# how a question asks for each (folded). "Đơn vị nào chịu trách nhiệm chính?", "báo cáo gửi
# về đâu?" are answered by the plan's organisation part, whatever other lines share words.
PLAN_ASPECTS: dict[str, re.Pattern[str]] = {
    "can cu ban hanh": re.compile(
        r"\b(thuc hien|trien khai|cu the hoa|can cu|dua (tren|vao)|theo)( theo)? (ke hoach|quyet dinh|de an|van ban|chi thi|nghi quyet)( so)? nao\b"
        r"|\bcan cu (vao )?(dau|gi|nao)\b|\bdua (tren|vao) (dau|gi)\b"
    ),
    "to chuc thuc hien": re.compile(
        r"\b(chiu trach nhiem|trach nhiem chinh|chu tri|giam sat|theo doi|don doc|tong hop|tham muu)\b"
        r"|\b(bao cao|gui)( ket qua)? (ve|cho|len|toi) (dau|ai|noi nao|bo phan|don vi|co quan|phong)\b"
        r"|\b(don vi|bo phan|phong|co quan) nao (lam|thuc hien|phu trach|trien khai|chiu)\b|\bgiao (cho )?(ai|don vi nao)\b"
        r"|\b(co|la) nhiem vu gi\b|\bnhiem vu (cua|gi)\b"
    ),
    "kinh phi": re.compile(r"\b(kinh phi|ngan sach|nguon (tien|von))\b"),
    "doi tuong": re.compile(r"\bdoi tuong\b|\b(cho|den|toi|huong toi) (nhung )?ai\b|\bnhung ai\b"),
    "pham vi": re.compile(r"\bpham vi\b|\b(ap dung|trien khai) (o|tai) dau\b"),
    "hinh thuc": re.compile(r"\bhinh thuc\b|\bbang (cach|kenh) nao\b|\bqua (kenh|phuong tien) nao\b"),
}


# Beside the part asked for, a follow-up may keep this many words of its own ("báo cáo kết
# quả gửi về đâu"); more ("còn đào tạo đánh giá nội bộ thì phòng nào phụ trách") name a
# task of the plan, which its content lines answer.
ASPECT_OWN_WORDS = 1


def plan_aspects(question: str) -> list[str]:
    """The folded heading words of the plan parts ``question`` asks for (``PLAN_ASPECTS``), in
    their order; [] when the question names more than the part."""
    folded = fold(question)
    asked = [heading for heading, pattern in PLAN_ASPECTS.items() if pattern.search(folded)]
    rest = folded
    for heading in asked:
        rest = PLAN_ASPECTS[heading].sub(" ", rest)
    return asked if len(own_words(rest)) <= ASPECT_OWN_WORDS else []


# A heading that titles a part is short ("2. Kinh phí thực hiện", "II. ĐỐI TƯỢNG, PHẠM VI");
# a longer one is a task's sentence ("3. Văn phòng có trách nhiệm theo dõi việc tổ chức
# thực hiện …") that merely uses the words.
PART_HEADING_WORDS = 8


def names_part(heading: str, part: str) -> bool:
    """Whether ``heading`` titles the plan part whose folded heading words are ``part``."""
    words = fold(heading).split()
    return len(words) <= PART_HEADING_WORDS and f" {part} " in f" {' '.join(words)} "


# About what a chat button shows.
CHOICE_LABEL_CHARS = 60


def which_plan(
    question: str, hits: list[Hit], retriever: HybridRetriever, *, tie_ratio: float, max_choices: int
) -> Answer | None:
    """The question back, or None when the question names an office, a place or a document,
    the best hit is no plan, or a single office's plan leads.

    Args:
        question: As asked (a first question; in a conversation the office is known).
        hits: The evidence, best first.
        tie_ratio: A plan of another office whose best hit scores at least this share of the
            best one fits as well.
        max_choices: Buttons at most.
    """
    store = retriever.store
    if retriever.split_identity(question)[0] or any(h.ref for h in hits[:1]):
        return None
    top = store.documents.get(store.chunks[hits[0].index].doc_id)
    if top is None or top.doc_type != PLAN_DOC_TYPE:
        return None
    # A year the question names must be in the plan (its title or the passage found): "năm
    # 2024" is not asked of a plan that runs "từ nay đến năm 2030" and never names 2024.
    years = [m.group(0) for m in YEAR.finditer(question)]
    offices: list[str] = []
    for hit in hits:
        chunk = store.chunks[hit.index]
        meta = store.documents.get(chunk.doc_id)
        if hit.score < tie_ratio * hits[0].score or meta is None or meta.doc_type != PLAN_DOC_TYPE:
            continue
        if any(year not in f"{meta.title} {meta.date_text or ''} {chunk.text}" for year in years):
            continue
        if meta.issuer and meta.issuer not in offices:
            offices.append(meta.issuer)
    if len(offices) < 2:
        return None
    asked = question.strip().rstrip(" ?.!…")
    choices = [Choice(label=_label(office), question=f"{asked} của {office}?") for office in offices[:max_choices]]
    return Answer(question=question, found=False, kind="clarify", direct=messages.CLARIFY_PLAN, choices=choices)


def _label(office: str) -> str:
    return office if len(office) <= CHOICE_LABEL_CHARS else clip_words(office, CHOICE_LABEL_CHARS)
