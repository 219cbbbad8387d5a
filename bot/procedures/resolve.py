"""Which procedure a question names: one (`Matched`), a few versions (`Ambiguous`), none that
the catalogue has (`Absent`), or no procedure question at all (None).

Why coverage of the question by a name, not similarity to the nearest name: with 2,600
names, every question has a nearest name, and "giấy phép tiến hành công việc bức xạ" is
near "giấy phép lái xe" in many ways. A question names a procedure when (almost) all of its
subject words are in that procedure's name or aliases: the words a citizen adds that the
name lacks ("bức xạ") mean another procedure, and the question is declined, never answered
from a neighbour. Words of the name the question leaves out (the qualifiers a citizen
omits: "(thực hiện tại cấp tỉnh)") cost only a little, and when they are what tells the
versions apart the result is an ambiguity with a short list to choose from.

Words weigh by their rarity among the names (IDF), so "cấp", "giấy", "thủ tục" matter
little and "hộ chiếu", "bức xạ" a lot. Abbreviations and common aliases ("gplx", "cccd",
"sổ đỏ", "lltp", "bằng lái") are written out before matching (`REWRITES`), on both sides.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bot.procedures.catalogue import SOURCE_CHECKED, Catalogue, Entry
from bot.procedures.fields import DEFAULT_FIELDS, DEFINITION_RE, FIELDS, canonical_text, requested, strip_cues
from indexer.vntokens import syllables

# Foreign countries citizens name, canonical syllables ("Hàn Quốc" → "han quoc").
_COUNTRIES = (
    "han quoc", "trung quoc", "nhat ban", "dai loan", "hoa ki", "my", "phap", "duc", "uc", "campuchia",
    "thai lan", "singapore", "anh quoc", "canada", "malaysia", "an do",
)
# Citizens' words and abbreviations → the words procedure names use (canonical syllables).
# Longest first at each position. Why a table and not a model: each line is a fact about
# Vietnamese usage that a reviewer can check, and nothing here can invent a procedure.
REWRITES: dict[str, str] = {
    "gplx": "giay phep lai xe", "bang lai xe": "giay phep lai xe", "bang lai": "giay phep lai xe",
    "cccd": "the can cuoc", "can cuoc cong dan": "can cuoc", "the can cuoc cong dan": "the can cuoc",
    "so do": "giay chung nhan quyen su dung dat", "so hong": "giay chung nhan quyen su dung dat",
    "lltp": "li lich tu phap", "passport": "ho chieu",
    "bhtnld": "bao hiem tai nan lao dong", "tnld": "tai nan lao dong", "bnn": "benh nghe nghiep",
    "bhxh": "bao hiem xa hoi", "bhyt": "bao hiem y te", "bhtn": "bao hiem that nghiep", "kcb": "kham chua benh",
    "tncn": "thu nhap ca nhan", "gtgt": "gia tri gia tang", "tnhh": "trach nhiem huu han", "mst": "ma so thue",
    "dkkd": "dang ki kinh doanh", "pccc": "phong chay chua chay", "csdl": "co so du lieu", "hkd": "ho kinh doanh",
    "gpxd": "giay phep xay dung", "ubnd": "uy ban nhan dan", "tthc": "thu tuc hanh chinh", "dn": "doanh nghiep",
    "htx": "hop tac xa", "nhnn": "ngan hang nha nuoc", "tctd": "to chuc tin dung",
    "1 lan": "mot lan", "1 thanh vien": "mot thanh vien", "2 thanh vien": "hai thanh vien",
    "nhap ho khau": "dang ki thuong tru", "ho khau": "thuong tru",
    "cavet": "chung nhan dang ki xe", "ca vet": "chung nhan dang ki xe", "giay dang ki xe": "chung nhan dang ki xe",
    "xe may": "xe", "xe o to": "xe", "o to": "xe",
    "giay khai sinh": "khai sinh", "giay khai tu": "khai tu", "giay ket hon": "ket hon",
    "doc than": "tinh trang hon nhan", "lay chong": "ket hon", "lay vo": "ket hon",
    "photo cong chung": "chung thuc ban sao tu ban chinh", "cong chung ban sao": "chung thuc ban sao tu ban chinh",
    "dong ma so thue": "cham dut hieu luc ma so thue", "dong cua ho kinh doanh": "cham dut hoat dong ho kinh doanh",
    "mo ho kinh doanh": "dang ki thanh lap ho kinh doanh", "rut bao hiem xa hoi": "huong bao hiem xa hoi",
    "viet kieu": "nguoi viet nam dinh cu o nuoc ngoai", "muc do": "muc", "vneid": "dinh danh dien tu",
    "nha dat": "quyen su dung dat nha o",
    "cong an tinh": "cap tinh", "cong an cap tinh": "cap tinh", "cong an xa": "cap xa", "cong an phuong": "cap xa",
    "cong an huyen": "cap huyen", "bo cong an": "cap trung uong",
    "cap iv": "cap 4", "cap iii": "cap 3", "cap ii": "cap 2", "cap i": "cap 1",
    "mot trang": "", "1 trang": "", "moi trang": "",
    "ba noi": "", "ong noi": "", "ba ngoai": "", "ong ngoai": "", "chau noi": "", "chau ngoai": "", "cho con": "", "cho be": "",
    # A foreign country named ("kết hôn với người Hàn Quốc") is the records' "nước ngoài".
    # Only unambiguous pairs: folded, "người lào" is "người lao (động)" and "từ Pháp" is "tư pháp".
    **{f"{who} {country}": "nguoi nuoc ngoai" for who in ("nguoi", "chong", "vo") for country in _COUNTRIES},
    **{f"{where} {country}": "nuoc ngoai" for where in ("o", "tai", "ben", "nuoc", "sang") for country in _COUNTRIES},
}
# Words that carry no subject: courtesy, people, question scaffolding, colloquial verbs.
FILLER = frozenset(
    """a ah oi cho toi minh em anh ban vay gi o nhieu lam xin muon phai la co khong ko k nhu het ai nao cua va voi
    hay hoac nhe vui long giup di den khi nay do be nguoi than roi nua cai nhung de""".split()
)
# Version words a question may add without naming another procedure ("làm căn cước lần đầu").
SOFT = frozenset("mat hong hu sai thi lan dau moi online nhanh gap hien con me bo vo chong bi nop duoc tinh xa huyen trung uong tren".split())
# Weight of a question's word pairs beside its words: a pair no name has ("hóa chất",
# "nhãn hiệu") is a subject the catalogue lacks even when both words occur apart.
PAIR_SHARE = 0.5
PAIR_REACH = 3
# The share of a question's subject weight a name must contain, and the share of the name's
# own weight the question must contain. Tuned on tests/data/procedures_dev.jsonl.
MIN_QUESTION_COVERAGE = 0.82
MIN_NAME_COVERAGE = 0.25
# Scores within this of the best are versions the question cannot tell apart.
TIE_MARGIN = 0.03
# Candidates shown when versions tie (buttons in a chat); more means the question is too vague.
MAX_CANDIDATES = 6
# A question is too vague to pick one procedure when more than `VAGUE_FITS` names contain
# (within `VAGUE_MARGIN`) as much of it as the best, and the best name is covered by less
# than `VAGUE_NAME_COVERAGE` of its own weight.
VAGUE_FITS = 3
VAGUE_MARGIN = 0.05
VAGUE_NAME_COVERAGE = 0.6
# Checked entries win ties: they are the reviewed summary of the common case.
CHECKED_BONUS = 0.1
_PAREN_RE = re.compile(r"\([^()]*\)")
# Where a long name's qualifiers start: the head before them is how citizens name it
# ("Đổi chứng nhận đăng ký xe, biển số xe | bằng dịch vụ công trực tuyến một phần ...").
_QUALIFIER_RE = re.compile(r"\s(?:thực hiện|bằng dịch vụ|trong trường hợp|theo quy định|tại cấp|thuộc thẩm quyền)\s", re.IGNORECASE)
# Question scaffolding of more than one word ("như thế nào", "được không").
_SCAFFOLD_RE = re.compile(
    r"\b(nhu )?the nao\b|\bra sao\b|\b(co |thi )?duoc (khong|ko|k|bao nhieu|gi)\b|\bco (phai )?khong\b"
    r"|\bcho (toi |em |minh |chau )?hoi\b|\bcan\b(?= *$)|\bcan (lam )?(gi|nhung gi)\b"
    r"|\b(nop|lam) ho so\b|\bho so\b(?= *$)|\bthu tuc( hanh chinh)?\b|\b(thi|nhu) sao\b|\bo dau\b|\bbao lau\b"
    # life events and time words around the subject ("bố tôi mới mất", "bây giờ"), and
    # the office asked about ("ở UBND xã nào"): context, not the procedure's name
    r"|\b(moi|vua) (mat|qua doi|sinh)\b|\bbay gio\b|\bhien nay\b|\bubnd\b|\buy ban nhan dan\b"
)
# Version words: a name that has one the question lacks ("Cấp lại ..." for "cấp giấy phép
# ...") is another version. Each missing one costs `VERSION_PENALTY`.
VERSION_PAIRS: dict[tuple[str, str], frozenset[str]] = {
    tuple(p.split()): frozenset(mark.split()) for p, mark in {
        "cap lai": "lai", "cap doi": "doi", "gia han": "gia han", "dieu chinh": "dieu chinh", "thu hoi": "thu hoi",
        "cham dut": "cham dut", "sua doi": "sua", "bo sung": "bo sung", "huy bo": "huy", "xoa dang": "xoa",
        "tam ngung": "tam ngung", "ki lai": "lai", "khoi phuc": "khoi phuc", "dinh chinh": "dinh chinh",
        "giai the": "giai the", "trinh bao": "trinh bao",
    }.items()
}
# Pairs with a word this common (in about a third of the names: "cấp", "giấy") say nothing.
MIN_PAIR_IDF = 1.5
VERSION_PENALTY = 0.25


@dataclass(frozen=True)
class Matched:
    """The question names one procedure.

    Attributes:
        entry: The procedure.
        fields: The fields asked, in `FIELDS` order (the defaults when none was named).
        all_fields: True when the question named no field.
        score: Match strength: 2 x question coverage + 0.5 x name coverage, less version
            penalties, plus the checked-entry bonus (at most 2.6).
    """

    entry: Entry
    fields: tuple[str, ...]
    all_fields: bool
    score: float


@dataclass(frozen=True)
class Candidate:
    """One version offered when several fit: the entry and its short button label."""

    entry: Entry
    label: str


@dataclass(frozen=True)
class Ambiguous:
    """Several versions fit equally well; ask which one (labels: short name + level/ministry)."""

    candidates: tuple[Candidate, ...]
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Absent:
    """The question names a procedure the catalogue does not have: decline, do not guess.

    Attributes:
        named: The subject words of the question (what it asked about).
        fields: The fields asked.
    """

    named: str
    fields: tuple[str, ...]


Resolution = Matched | Ambiguous | Absent | None


@dataclass(frozen=True)
class _Phrase:
    entry: int
    tokens: frozenset[str]
    bigrams: frozenset[tuple[str, str]]  # pairs up to `PAIR_REACH` apart
    weight: float
    adjacent: frozenset[tuple[str, str]] = frozenset()


_REWRITE_KEYS = sorted(((tuple(k.split()), tuple(v.split())) for k, v in REWRITES.items()), key=lambda kv: -len(kv[0]))
_MAX_REWRITE = max(len(k) for k, _ in _REWRITE_KEYS)
_REWRITE_MAP = dict(_REWRITE_KEYS)


def rewrite(tokens: Sequence[str]) -> list[str]:
    """``tokens`` with `REWRITES` applied, longest match first, left to right, twice (so
    "rút bhxh" → "rút bảo hiểm xã hội" → "hưởng bảo hiểm xã hội")."""
    return _rewrite_once(_rewrite_once(tokens))


def _rewrite_once(tokens: Sequence[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(min(_MAX_REWRITE, len(tokens) - i), 0, -1):
            replacement = _REWRITE_MAP.get(tuple(tokens[i : i + size]))
            if replacement is not None:
                out.extend(replacement)
                i += size
                break
        else:
            token = tokens[i]
            if token.isdigit():
                # "5.000" is tokenised "5", "000": one number, as "5000" is.
                while i + 1 < len(tokens) and len(tokens[i + 1]) == 3 and tokens[i + 1].isdigit():
                    token += tokens[i + 1]
                    i += 1
                token = token.lstrip("0") or "0"
            if token:
                out.append(token)
            i += 1
    return out


def _phrase_texts(entry: Entry) -> list[str]:
    """The texts a procedure is named by: its name, the name without parentheses, aliases."""
    inner = [m.group(0)[1:-1] for m in _PAREN_RE.finditer(entry.name) if len(m.group(0).split()) >= 3]
    bare = _PAREN_RE.sub(" ", entry.name)
    head = _QUALIFIER_RE.split(bare, maxsplit=1)[0]
    texts = [entry.name, bare, head, *inner, *entry.aliases]
    return list(dict.fromkeys(t for t in texts if t.strip()))


class Resolver:
    """Resolves questions against one `Catalogue`; built once per knowledge load (about 1 s)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._entries = catalogue.entries
        self._debug: list[tuple[str, float, float, str]] | None = None
        phrase_tokens: list[tuple[int, list[str]]] = []
        df: dict[str, int] = defaultdict(int)
        pair_df: dict[tuple[str, str], int] = defaultdict(int)
        for index, entry in enumerate(self._entries):
            seen: set[str] = set()
            seen_pairs: set[tuple[str, str]] = set()
            for text in _phrase_texts(entry):
                tokens = [t for t in rewrite(syllables(text)) if t not in FILLER]
                if tokens:
                    phrase_tokens.append((index, tokens))
                    seen.update(tokens)
                    seen_pairs.update((a, tokens[j]) for i, a in enumerate(tokens) for j in range(i + 1, min(len(tokens), i + 1 + PAIR_REACH)))
            for token in seen:
                df[token] += 1
            for pair in seen_pairs:
                pair_df[pair] += 1
        count = max(1, len(self._entries))
        # Smoothed IDF: a word in every name still weighs a little (log 2 / log(1 + N)).
        self._idf = {t: math.log(1 + count / n) for t, n in df.items()}
        self._pair_idf = {p: math.log(1 + count / n) for p, n in pair_df.items()}
        self._unknown_idf = math.log(1 + count)
        self._phrases: list[_Phrase] = []
        self._postings: dict[str | tuple[str, str], list[int]] = defaultdict(list)
        for index, tokens in phrase_tokens:
            unique = frozenset(tokens)
            # Pairs up to `PAIR_REACH` apart: a question may skip a word of the name
            # ("xóa thường trú" for "Xóa đăng ký thường trú").
            pairs = frozenset((a, tokens[j]) for i, a in enumerate(tokens) for j in range(i + 1, min(len(tokens), i + 1 + PAIR_REACH)))
            phrase = _Phrase(index, unique, pairs, sum(self._idf[t] for t in unique), frozenset(zip(tokens, tokens[1:])))
            self._phrases.append(phrase)
            for key in (*unique, *pairs):
                self._postings[key].append(len(self._phrases) - 1)
        # Postings as arrays: a question's coverage of every phrase is a few vectorised adds
        # (a common word like "cấp" is in thousands of phrases; a Python loop over them cost
        # several milliseconds per question, a fifth of the query embedding).
        self._posting_arrays = {key: np.asarray(ids, dtype=np.int32) for key, ids in self._postings.items()}
        del self._postings

    def weight(self, token: str) -> float:
        """A subject word's weight: its IDF among the names (unknown words weigh most)."""
        base = self._idf.get(token, self._unknown_idf)
        return base * 0.3 if token in SOFT else base

    def explain(self, question: str, top: int = 5) -> list[tuple[str, float, float, str]]:
        """The best phrases for ``question``: (entry id, question coverage, name coverage, name); for tuning."""
        self._debug = []
        self._resolve.__wrapped__(self, question)
        return sorted(self._debug, key=lambda d: -d[1] - d[2] / 4)[:top]

    def resolve(self, question: str) -> Resolution:
        """What ``question`` asks about (see the module docstring)."""
        return self._resolve(question)

    @lru_cache(maxsize=4096)  # noqa: B019 - one resolver per store load; repeated questions are common
    def _resolve(self, question: str) -> Resolution:
        canon = canonical_text(question)
        if not canon:
            return None
        fields = requested(canon)
        if not fields and DEFINITION_RE.search(canon):
            return None
        subject_tokens = subject_of(canon)
        if not subject_tokens:
            return None  # only a field ("lệ phí?"): a follow-up, see `asks_field_only`
        question_list = rewrite(canon.split())
        question_tokens = set(question_list)
        asked_versions = set(zip(question_list, question_list[1:])) & set(VERSION_PAIRS)
        subject = list(dict.fromkeys(subject_tokens))
        weights: dict[str | tuple[str, str], float] = {t: self.weight(t) for t in subject}
        for pair in dict.fromkeys(zip(subject_tokens, subject_tokens[1:])):
            if not SOFT & set(pair) and min(self._idf.get(t, self._unknown_idf) for t in pair) >= MIN_PAIR_IDF:
                weights[pair] = PAIR_SHARE * self._pair_idf.get(pair, self._unknown_idf)
        total = sum(weights.values())
        mass = np.zeros(len(self._phrases), dtype=np.float64)
        for key, weight in weights.items():
            postings = self._posting_arrays.get(key)
            if postings is not None:
                mass[postings] += weight  # no phrase repeats within one postings array
        floor = (0.0 if self._debug is not None else MIN_QUESTION_COVERAGE) * total
        best: dict[int, tuple[float, float, float]] = {}
        covering: dict[int, float] = {}  # every entry containing enough of the question
        for phrase_index in np.flatnonzero(mass >= max(floor, 1e-9)).tolist():
            coverage = float(mass[phrase_index]) / total
            phrase = self._phrases[phrase_index]
            name_coverage = sum(self._idf[t] for t in phrase.tokens if t in question_tokens) / phrase.weight
            if self._debug is not None:
                self._debug.append((self._entries[phrase.entry].id, round(coverage, 2), round(name_coverage, 2), self._entries[phrase.entry].name[:60]))
            if coverage < MIN_QUESTION_COVERAGE:
                continue
            covering[phrase.entry] = max(covering.get(phrase.entry, 0.0), coverage)
            if name_coverage < MIN_NAME_COVERAGE:
                continue
            entry = self._entries[phrase.entry]
            # A version the name has and the question does not ask for, or the other way round.
            # A name listing several versions ("Cấp, cấp đổi, cấp lại thẻ căn cước") fits any
            # of them that is asked.
            if asked_versions and asked_versions <= phrase.adjacent:
                versions = 0
            else:
                versions = sum(1 for pair, mark in VERSION_PAIRS.items() if pair in phrase.adjacent and not mark <= question_tokens)
                versions += sum(1 for pair in asked_versions if pair not in phrase.adjacent)
            score = (2 * coverage + 0.5 * name_coverage - VERSION_PENALTY * versions
                     + (CHECKED_BONUS if entry.source == SOURCE_CHECKED else 0.0))
            if phrase.entry not in best or score > best[phrase.entry][0]:
                best[phrase.entry] = (score, coverage, name_coverage)
        asked = fields or ()
        if not best:
            return Absent(named=" ".join(subject_tokens), fields=asked) if self._names_a_procedure(canon, fields) else None
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], len(self._entries[item[0]].name)))
        top_score, top_coverage, top_name = ranked[0][1]
        tied = [index for index, (score, _, _) in ranked if score >= top_score - TIE_MARGIN]
        fits = [index for index, coverage in covering.items() if coverage >= top_coverage - VAGUE_MARGIN]
        if len(fits) > VAGUE_FITS and top_name < VAGUE_NAME_COVERAGE:
            # Many procedures contain the whole question ("thủ tục nhập khẩu hàng hóa") and the
            # best one is named only in part: the question is too vague to pick one.
            tied = [index for index, _ in ranked if index in set(fits)]
            if len(tied) < 2:
                return None  # a generic subject ("dịch vụ công") names no procedure: general answer
        checked = [i for i in tied if self._entries[i].source == SOURCE_CHECKED]
        if len(tied) == 1 or len(checked) == 1:
            entry = self._entries[checked[0] if checked else tied[0]]
            return Matched(entry=entry, fields=fields or DEFAULT_FIELDS, all_fields=not fields, score=top_score)
        candidates = tuple(Candidate(self._entries[i], self._entries[i].label()) for i in tied[:MAX_CANDIDATES])
        return Ambiguous(candidates=candidates, fields=asked)

    def _names_a_procedure(self, canon: str, fields: tuple[str, ...]) -> bool:
        """Whether an unmatched question still asks about a procedure (then it is `Absent`).

        A field cue ("cần giấy tờ gì", "lệ phí") or the word "thủ tục" / a verb of applying
        with a subject: "giá vàng hôm nay" has neither and is left to the general answerer.
        """
        return bool(fields) or bool(re.search(r"\b(thu tuc|dang ki|xin cap|cap lai|cap doi|gia han|xin giay|xin phep)\b", canon))


# Words that only say which version, which paper or which age ("cấp lại", "lần đầu",
# "giấy", "thẻ", "dưới 14 tuổi"):
# after a procedure, "lệ phí cấp lại khi bị mất?" asks about the same procedure's versions.
_VERSION_WORDS = frozenset(w for pair in VERSION_PAIRS for w in pair) | frozenset("cap giay the ban so tuoi duoi".split())
# Subject words a message needs, beyond those, to leave the procedure just answered.
SWITCH_WORDS = 2


def names_new_subject(question: str) -> bool:
    """Whether ``question`` names a subject of its own, enough to leave the remembered procedure.

    "Còn làm căn cước thì sao?" does ("căn cước"); "làm lần đầu có mất tiền không",
    "lệ phí cấp lại khi bị mất?" and "có cần mang bản giấy không?" do not, though the
    resolver finds names holding "lần đầu", "cấp lại … bị mất" or "giấy".
    """
    return len(new_subject_words(question)) >= SWITCH_WORDS


def new_subject_words(question: str) -> set[str]:
    """The subject words of ``question`` beyond version, paper, age and soft words (canonical)."""
    words = subject_of(canonical_text(question))
    return {w for w in words if w not in SOFT and w not in _VERSION_WORDS and not w.isdigit()}


def subject_of(canon: str) -> list[str]:
    """The subject words of a question in `canonical_text` form: cues, scaffolding and filler removed, rewritten."""
    return [t for t in rewrite(_SCAFFOLD_RE.sub(" ", strip_cues(canon)).split()) if t not in FILLER]


# Words a subject-less follow-up adds around its field: "còn lệ phí thì sao?", "vậy mất bao lâu".
_FOLLOW_UP_WORDS = frozenset("con thi sao the nao vay the con nua".split())


def asks_field_only(message: str) -> tuple[str, ...] | None:
    """The fields a message asks for when it names no subject ("lệ phí?", "mất bao lâu?").

    Such a message is a follow-up: answer it about the procedure remembered from the last
    turn. Returns None when the message has a subject of its own (or asks for nothing).
    """
    canon = canonical_text(message)
    fields = requested(canon)
    if not fields:
        return None
    rest = [t for t in subject_of(canon) if t not in _FOLLOW_UP_WORDS]
    return fields if not rest else None


__all__ = ["FIELDS", "Absent", "Ambiguous", "Candidate", "Matched", "Resolution", "Resolver", "asks_field_only"]
