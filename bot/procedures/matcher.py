"""Which catalogue procedure a question is about, and which of its fields it asks for.

Why token-level fuzzy matching rather than `fuzz.partial_ratio` on characters: Vietnamese
syllables are short, so one changed syllable costs few characters. Character-level,
"đăng ký khai thuế" scores 94-97 against the alias "đăng ký khai tử", and a tax question
would be answered with the death-registration procedure. Here a name or alias is a
sequence of folded syllables and rapidfuzz's Indel similarity compares syllable sequences:
diacritics, case, "ký/kí" and word order slips cost nothing or little, a different
syllable costs a lot.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Indel

from bot.answer.places import province_words
from bot.procedures.catalogue import SOURCE_CHECKED, Catalogue, Entry
from bot.procedures.fields import canonical_text, requested
from bot.procedures.parts import ProcedureAnswer, answer_fields
from bot.procedures.text_search import CatalogueTextIndex, TextHit
from bot.procedures.resolve import SOFT, Absent, Ambiguous, Matched, Resolution, Resolver, new_subject_words, rewrite
from indexer.procedures import FIELD_LABELS, Procedure
from indexer.vntokens import SHORTHAND, canonical, syllables

log = logging.getLogger(__name__)


def _files_key(knowledge_dir: Path) -> tuple:
    """The procedure files' paths, sizes and modification times: unchanged key, unchanged catalogue."""
    root = Path(knowledge_dir) / "procedures"
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
    return (str(Path(knowledge_dir).resolve()), tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files))


# One knowledge base per process: the latest matcher, keyed by `_files_key` and min_score.
_MATCHERS: dict[tuple, ProcedureMatcher] = {}

# Similarity (0-100, Indel over syllables) a name or alias needs to match. Every syllable
# of the alias must be present, in order; 85 then admits one inserted syllable in an alias
# of 3+ ("xin [phiếu] lý lịch tư pháp": 2*3/7 = 86) and, for aliases of `DROP_FROM`+
# syllables, one dropped one (2*4/9 = 89). Substitutions fail: "đăng ký khai thuế" vs the
# name "Đăng ký khai sinh" is 2*3/8 = 75 (character-level it would score 86-97).
MIN_SCORE = 85.0
# Aliases of one or two syllables ("khai tử", "VNeID", "sao y") must match exactly: any
# slip there is another word.
EXACT_BELOW = 3
# A dropped syllable is tolerated only in long aliases: in a short one the dropped
# syllable is usually the one that tells procedures apart ("đăng ký khai [sinh|tử]").
DROP_FROM = 5
# Leading verbs of aliases ("làm hộ chiếu", "xin lý lịch tư pháp", "đăng ký kết hôn"): the
# rest is indexed as an alias of its own, since "lệ phí hộ chiếu" names no verb. Folded.
_ACTION_PREFIXES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split()) for p in ("cap doi", "cap lai", "dang ki", "lam", "xin", "cap", "doi", "kich hoat")
)
# Two-syllable verbs shared by many procedure names: naming one names no procedure.
_GENERIC_PAIRS = frozenset(p for p in _ACTION_PREFIXES if len(p) == 2) | {("thu", "tuc")}

# Syllables that carry no topic: courtesy, question scaffolding, the field cues. Short
# aliases fire only when the rest of the question is filler (see `ProcedureMatcher.match`),
# so "dịch vụ công trên VNeID" and "thủ tục nhập khẩu hàng hóa" stay with the retriever.
_FILLER = frozenset(
    """a ah oi cho hoi toi minh em anh chi ban vay the nao gi can o dau bao lau nhieu thu tuc
    lam xin cap muon phai thi la co duoc khong ko k nhu sao mat het tien le phi giay to ngay
    may thoi han gian noi tai can cu luat dang ki ky""".split()
)
# Topic words a two-syllable alias tolerates beside it without a field cue ("khai tử cho
# bà": one; "nhập khẩu hàng hóa": two, refused).
SHORT_ALIAS_EXTRA_WORDS = 1
# … unless this share of them is words the record itself uses (`_tells_own_case`),
OWN_CASE_SHARE = 0.6
# … or the alias is a term of its own: fewer than this many names of the whole catalogue
# hold it ("khai tử": 7 of 2,642; "nhập khẩu": 140, mostly customs and import licences).
COMMON_ALIAS_NAMES = 15

# Words between two names that make the second a clause of its own (see `_alias_match`).
CLAUSE_GAP = 2
# "chưa (có/làm) …" within this many words before a name: not done yet, a circumstance.
_NOT_YET = frozenset({"chua"})
NOT_YET_SPAN = 2
# Words after a checked entry's alias that may still qualify its name ("cấp hộ chiếu … ngoại giao").
QUALIFIER_SPAN = 3
# "Mức 1 với mức 2 khác nhau chỗ nào" compares the procedure's own cases; "đăng ký kết hôn mà
# phải xác minh", "… còn phải đáp ứng", "… có thêm giấy gì", "có thuộc diện …" go on with a
# connective or a verb; "CCCD gắn chip" is the card itself: none of them qualifies the name.
_NOT_QUALIFIERS = frozenset(
    "khac nhau giong ma nhung neu khi them nua con phai dap ung thuoc dien chuyen sang gan chip"
    # Particles that end a question ("… đủ tuổi đăng ký kết hôn chưa?", "… thường trú luôn ở đó").
    " chua luon roi nhe nhi ha vay day ay"
    # Prepositions and the sex of a child open the question's own circumstances, never a
    # kind of procedure ("nhập hộ khẩu vào nhà tôi", "làm hộ chiếu … cho con trai 8 tuổi").
    # "bên" stays out: "làm hộ chiếu nhanh bên ngoài" is a private service.
    " vao ve o tai cho trai gai cua len xuong ra sang toi den"
    # "Cả nhà", "cả hai": a quantifier of the people, not a kind of procedure; "cho cháu",
    # "hộ chiếu … cháu đi trại hè": the person it is for; "hộ chiếu cũ", "thẻ mới": the
    # asker's own paper, old or new.
    " ca chau be cu moi"
    # Kin after the name ("nhập hộ khẩu cho bà") are the person it is for; the verbs of
    # fetching and handing in ("giấy báo tử lấy ở đâu", "… tự mang đến") are what is asked.
    " ba ong bo me vo chong con em anh chi lay mang nop gui nhan"
    # "Đổi thẻ trường hợp này": the asker's case; "hộ kinh doanh tiệm may": the shop it is for.
    " truong hop tiem quan shop"
    # "… hộ chiếu quy định ở thông tư nào": the rule asked for, not a kind of passport;
    # "căn cước điện tử thay cho thẻ cứng", "đăng ký khai sinh thay": instead, or for someone;
    # "bằng lái sắp hết hạn": about to; "đổi bằng" is the licence again, "bằng VNeID" the means.
    " quy thay sap bang".split()
)
# A word right before a name that makes it another procedure: undoing it ("xóa đăng ký
# thường trú") or a licence for it ("giấy phép nhập khẩu").
_OTHER_BEFORE = frozenset("xoa huy tach phep".split())
# A purpose or condition after a name: what follows is the asker's case ("… để đi làm ở Hàn Quốc").
_CLAUSE_OPENERS = frozenset("de vi khi neu thi nhung ma nghe".split())  # "nghe nói …": hearsay opens a clause
# … or the question itself right after it ("đi làm căn cước có phải mang theo giấy tờ gì"):
# the words after that are what is asked, not a kind of procedure. "Có" alone may be one
# ("kết hôn có yếu tố nước ngoài"); "có phải", "có cần" never is.
_ASKING = frozenset("phai can bao mat het".split())
_ASKING_PAIRS = frozenset(("co", w) for w in "phai can duoc mat bi khong".split())
# … or where the asker was ("đánh rơi thẻ căn cước ngoài chợ", "… ngoài đường"): folded,
# "ngoài" is also the "ngoại" of "hộ chiếu ngoại giao", so only before a place.
_PLACE_PAIRS = frozenset(("ngoai", w) for w in "cho duong pho bien ben cong".split())
# Colloquial time adverbs a question adds around a name ("đổi bằng lái giờ làm ở đâu").
# "Hồi tháng 9", "hôm 25/6": when the asker did something.
_WHEN_WORDS = frozenset("gio bay nay hien truoc sau luc thang nam ngay tuan hoi hom xong".split())

# "Nơi thường trú", "tỉnh thường trú", "xã tạm trú", "nơi cư trú": a place, never the
# procedure that registers it.
_PLACE_OF_RESIDENCE = frozenset((p, w) for p in "noi tinh xa phuong huyen cho dia".split() for w in "thuong tam cu".split())
# "Bố tôi thường trú ở xã A": where someone lives, said with the bare residence words and
# a place after them ("… ở đâu", "… tại đâu" ask where the procedure is done).
_RESIDES = frozenset({("thuong", "tru"), ("tam", "tru")})
_RESIDES_AT = frozenset({"o", "tai"})
_WHERE_ASKED = frozenset({"dau", "nao"})

# "What is X" / "why X": a definition, which the notes and the normal retriever answer.
_DEFINITION_RE = re.compile(r"\b(la gi|nghia la|khai niem|y nghia|tai sao|vi sao|la the nao)\b")
_TOKEN_RE = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    """Canonical folded syllables of ``text`` (the shared tokenizer, `indexer.vntokens`)."""
    return [t for t in syllables(text) if _TOKEN_RE.fullmatch(t)]


def _canonical_tokens(text: str) -> tuple[list[str], list[str]]:
    """Raw folded syllables and their canonical forms, index-aligned (shorthand expanded)."""
    raw: list[str] = []
    canon: list[str] = []
    for token in tokens(text):
        expanded = SHORTHAND.get(token)
        if expanded:
            raw.extend(expanded)
            canon.extend(expanded)
        else:
            raw.append(token)
            canon.append(canonical(token))
    return raw, canon


@dataclass(frozen=True)
class ProcedureMatch:
    """A question matched to one procedure.

    Attributes:
        procedure: The catalogue entry.
        fields: Requested fields in answer order (keys of `FIELD_LABELS`); all of them when
            the question asked for nothing specific.
        all_fields: True when nothing specific was asked.
        alias: The name or alias that matched, as the catalogue writes it.
        score: Indel similarity of the alias to the matched words, 0-100.
        catalogue: Citation title of the catalogue the entry comes from.
    """

    procedure: Procedure
    fields: tuple[str, ...]
    all_fields: bool
    alias: str
    score: float
    catalogue: str = "Thủ tục hành chính thường gặp"
    code: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class _Phrase:
    """A name or alias of one procedure, as canonical syllables."""

    syllables: tuple[str, ...]
    text: str
    procedure: int
    # A two-syllable alias that many catalogue names hold (`COMMON_ALIAS_NAMES`): amid a
    # story it names the procedure only when the story is the record's own case.
    common: bool = False


class ProcedureMatcher:
    """Matches questions to catalogue procedures; cheap to query, built once per store load."""

    def __init__(
        self,
        procedures: Sequence[Procedure],
        *,
        catalogues: dict[str, str] | None = None,
        min_score: float = MIN_SCORE,
        catalogue: Catalogue | None = None,
    ) -> None:
        """Index the names and aliases of ``procedures``.

        Args:
            procedures: Checked catalogue entries; ids should be unique (a repeated id
                keeps the first entry).
            catalogues: Procedure id → citation title of its catalogue (default title when
                absent).
            min_score: Similarity a phrase needs (see `MIN_SCORE`).
            catalogue: The whole catalogue (checked entries and imported records) for
                `resolve`; by default just ``procedures``.

        Raises:
            ValueError: ``min_score`` outside (0, 100].
        """
        if not 0 < min_score <= 100:
            raise ValueError(f"min_score must be in (0, 100], got {min_score!r}")
        self.procedures = list(procedures)
        self.catalogues = dict(catalogues or {})
        self.min_score = min_score
        self.catalogue = catalogue if catalogue is not None else Catalogue.from_procedures(self.procedures, self.catalogues)
        self.resolver = Resolver(self.catalogue)
        self._text_index: CatalogueTextIndex | None = None
        self._text_lock = threading.Lock()
        self._own_word_sets: dict[str, frozenset[str]] = {}
        self._phrases: list[_Phrase] = []
        self._by_syllable: dict[str, list[int]] = defaultdict(list)
        names = [f" {' '.join(_canonical_tokens(e.name)[1])} " for e in self.catalogue.entries]
        for index, procedure in enumerate(self.procedures):
            seen: set[tuple[str, ...]] = set()
            for text in [procedure.name, *procedure.aliases]:
                full = tuple(_canonical_tokens(text)[1])
                for syllables in (full, _strip_action(full)):
                    if not syllables or syllables in seen:
                        continue
                    seen.add(syllables)
                    common = len(syllables) == 2 and sum(f" {' '.join(syllables)} " in n for n in names) >= COMMON_ALIAS_NAMES
                    self._phrases.append(_Phrase(syllables, text, index, common))
                    for syllable in set(syllables):
                        self._by_syllable[syllable].append(len(self._phrases) - 1)

    @classmethod
    def from_knowledge_dir(cls, knowledge_dir: Path, *, min_score: float = MIN_SCORE) -> ProcedureMatcher:
        """A matcher over every catalogue in ``<knowledge_dir>/procedures/``.

        A bad catalogue is logged and skipped (the knowledge build reports it too). When
        two catalogues share an id, the entry with the newer ``as_of`` wins (ties: the
        later file), so an office can update a shipped entry in its own file.

        Args:
            knowledge_dir: Root of the knowledge base.
            min_score: See `MIN_SCORE`.

        Returns:
            The matcher (possibly over no procedure at all; it then never matches).
        """
        key = (_files_key(Path(knowledge_dir)), min_score)
        cached = _MATCHERS.get(key)
        if cached is not None:
            # Why: reading and indexing 2,600 records takes a second or two; a reload with
            # no catalogue change must stay well within the 5-second warm rebuild.
            return cached
        catalogue = Catalogue.load(Path(knowledge_dir))
        checked = [e for e in catalogue.entries if e.source == SOURCE_CHECKED and e.procedure is not None]
        matcher = cls(
            [e.procedure for e in checked if e.procedure is not None],
            catalogues={e.id: e.catalogue for e in checked},
            min_score=min_score,
            catalogue=catalogue,
        )
        _MATCHERS.clear()
        _MATCHERS[key] = matcher
        return matcher

    def resolve(self, question: str) -> Resolution:
        """What ``question`` asks about over the whole catalogue (see `bot.procedures.resolve`)."""
        return self.resolver.resolve(question)

    def answer_fields(self, entry: Entry, fields: Sequence[str], question: str = "") -> ProcedureAnswer:
        """The structured answer about ``entry`` (see `bot.procedures.parts.answer_fields`).

        A checked entry's missing fields and its portal address come from the national
        record with its code, when the catalogue has it.
        """
        fallback = None
        if entry.source == SOURCE_CHECKED and entry.code:
            fallback = self.catalogue.by_id.get(entry.code)
        return answer_fields(entry, fields, fallback=fallback, question=question)

    def warm_text_search(self) -> threading.Thread:
        """Build the text index in the background, so the first body search does not wait for it."""
        thread = threading.Thread(target=self.search_text, args=("",), name="procedure-text-index", daemon=True)
        thread.start()
        return thread

    def search_text(self, question: str, k: int = 5) -> list[TextHit]:
        """Procedures whose body (conditions, documents, result) matches ``question``.

        The index is built on the first call (seconds for the national catalogue), so a
        process that never searches bodies never pays for it.
        """
        with self._text_lock:
            if self._text_index is None:
                self._text_index = CatalogueTextIndex(self.catalogue)
        return self._text_index.search(question, k)

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id or portal code (the subject remembered for a follow-up)."""
        return self.catalogue.get(entry_id)

    def match(self, question: str) -> ProcedureMatch | None:
        """The procedure ``question`` asks about and the fields it asks for, if any.

        The whole catalogue is resolved first (`resolve`): a question that names an
        imported record gets that record; one that names a procedure the catalogue lacks,
        or several versions at once, gets None here (the caller that wants to decline or to
        offer the versions uses `resolve`). Otherwise the checked entries' aliases decide,
        as before.

        Args:
            question: Raw user text (any diacritics, case, punctuation).

        Returns:
            The best match (longest matched alias first, then similarity), or None when no
            name or alias matches well enough, when only a one-syllable alias matched amid
            other topic words, or when the question asks what something *is* without
            asking for a field.
        """
        resolved = self.resolver.resolve(question)
        if isinstance(resolved, (Absent, Ambiguous)):
            return None
        if isinstance(resolved, Matched) and resolved.entry.source != SOURCE_CHECKED:
            return _record_match(resolved)
        return self._alias_match(question)

    def match_checked(
        self, question: str, absent: Absent | None = None, *, avoid: str | None = None, own_case: bool = True
    ) -> ProcedureMatch | None:
        """The checked entry whose name or citizens' alias the question contains.

        The resolver may read "Nam bao nhiêu tuổi thì được đăng ký kết hôn?" as a name it
        lacks (``absent``); the checked entry's alias "đăng ký kết hôn" still names it, since
        every other subject word ("nam", "tuổi") is one its record uses. "Cấp hộ chiếu ngoại
        giao" contains the alias "cấp hộ chiếu" too, but "ngoại giao" is nowhere in the
        ordinary passport's record: another procedure, which the catalogue lacks.
        ``own_case=False``: a short alias amid a story never names (see `_alias_match`).
        """
        match = self._alias_match(question, avoid, own_case=own_case)
        if match is None or absent is None:
            return match
        # A province named is where the asker lives or works ("thường trú ở Nghệ An …, đăng ký
        # kết hôn ở chỗ anh ấy ở Bình Dương"), never a kind of procedure.
        own = self._own_words(match.procedure) | province_words(question)
        named = absent.named.split()
        foreign = _foreign(named, own)
        # Two such words together ("ngoại giao"), or one right after the alias, qualifying
        # the name ("giấy phép kinh doanh karaoke"), name something else; a lone word
        # elsewhere is the question's own ("sinh con xong thì …", "từ tháng 7/2025 …").
        # Qualifiers follow the name in Vietnamese: words before the alias are the
        # question's own ("tiện hỏi luôn, đăng ký kết hôn …", "văn bản nào đang quy định
        # việc cấp đổi giấy phép lái xe").
        alias = rewrite(canonical_text(match.alias).split())
        if _ends_a_sentence(question, alias):
            # "… hướng dẫn khách làm hộ chiếu. Mức lệ phí gốc … quy định ở thông tư nào?": the
            # name ends its sentence; the next one asks, and qualifies nothing.
            return match
        if not set(alias) & set(named):
            # The words the resolver took for a name are elsewhere ("Con gái tôi vừa tròn 18
            # tuổi, muốn đăng ký kết hôn …"): they are the question's own circumstances.
            return match
        first, run_end, last = _alias_span(named, alias)
        if first > 0 and named[first - 1] in _OTHER_BEFORE:
            # "xóa đăng ký thường trú", "hủy …": undoing the procedure is another one;
            # "giấy phép nhập khẩu giống cây trồng": a licence, not "nhập (hộ) khẩu".
            return None
        # The word after the alias's longest run must qualify it as well: "bằng lái ô tô …
        # cấp đổi, có văn bản nào quy định" holds the alias's last word ("đổi") long after
        # its run, and "quy định" there qualifies no licence.
        qualified = last + 1 < len(named) and foreign[last + 1] and (run_end + 1 >= len(named) or foreign[run_end + 1])
        # The whole alias anywhere followed by two such words ("nhập khẩu máy photocopy …
        # xin GP nhập khẩu"): the goods imported, whichever occurrence is last.
        size = len(alias)
        qualified = qualified or any(
            named[i : i + size] == alias and all(foreign[i + size : i + size + 2]) and i + size + 2 <= len(named)
            for i in range(len(named) - size)
        )
        # … and they follow it closely: further on, two such words are the question's own
        # circumstances ("đăng ký kết hôn ở xã bên vợ, không phải nơi tôi thường trú").
        # … within the clause: "làm khai tử trên VNeID mà không biết tìm mục nào" qualifies nothing.
        opener = next((i for i in range(last + 1, len(named)) if named[i] in _CLAUSE_OPENERS), len(named))
        near = foreign[first : min(last + 1 + QUALIFIER_SPAN, opener)]
        pair = any(a and b for a, b in zip(near, near[1:]))
        if not (pair or qualified):
            return match
        # A purpose right after the name ("xin lý lịch tư pháp để đi xuất khẩu lao động"):
        # what read as qualifiers is the asker's case. Checked only here, on the question as typed.
        return match if _opens_clause_after(rewrite(canonical_text(question).split()), alias) else None

    def names_other(self, entry_id: str, absent: Absent) -> bool:
        """Whether the name the resolver did not find holds two adjacent words entry ``entry_id``'s record never uses.

        After "Đăng ký khai sinh", "thủ tục cấp giấy phép bức xạ mất bao lâu" names another
        procedure ("bức xạ"); "chồng tôi đi biển mấy tháng chưa về, một mình tôi đứng ra
        đăng ký có được không" only tells the asker's case around the registration.
        """
        entry = self.get(entry_id)
        if entry is None:
            return True
        foreign = _foreign(absent.named.split(), self._own_words(entry.as_procedure()))
        return any(a and b for a, b in zip(foreign, foreign[1:]))

    def covers(self, entry_id: str, question: str) -> bool:
        """Whether every subject word of ``question`` is one the entry's record uses.

        After "Đăng ký thường trú", "bị từ chối thì sao?" names "từ chối", which the
        residence record uses ("từ chối phải trả lời bằng văn bản"): still about it.
        """
        return self.coverage(entry_id, question) == 1.0

    def coverage(self, entry_id: str, question: str) -> float:
        """The share of ``question``'s subject words that the entry's record uses (0 when it has none)."""
        entry = self.get(entry_id)
        words = new_subject_words(question)
        if entry is None or not words:
            return 0.0
        return len(words & self._own_words(entry.as_procedure())) / len(words)

    def _own_words(self, procedure: Procedure) -> frozenset[str]:
        """Every canonical syllable of an entry's record in its flat view (name, aliases, fields, notes)."""
        words = self._own_word_sets.get(procedure.id)
        if words is None:
            text = " ".join(str(v) for v in procedure.model_dump(exclude={"id", "sources", "as_of"}).values() if v)
            words = frozenset(rewrite(canonical_text(text).split()))
            self._own_word_sets[procedure.id] = words
        return words

    def _alias_match(self, question: str, avoid: str | None = None, *, own_case: bool = True) -> ProcedureMatch | None:
        """The checked entry whose name or alias the question contains (the original matcher).

        ``avoid``: an entry not to match when another one's alias is in the question too
        ("mang hộ chiếu ra xã sao y" after the passport asks the copy, not the passport).
        ``own_case``: a two-syllable alias amid words its record uses names it (`_tells_own_case`).
        """
        raw, canon = _canonical_tokens(question)
        if not canon:
            return None
        found_at: list[tuple[tuple[int, float], int, int, int]] = []  # ((matched, score), start, end, phrase)
        for phrase_index in self._candidates(canon):
            phrase = self._phrases[phrase_index]
            if avoid is not None and self.procedures[phrase.procedure].id == avoid:
                continue
            found = self._align(phrase.syllables, canon)
            if found is not None:
                score, start, end, matched = found
                if _PLACE_OF_RESIDENCE & set(zip(canon[max(0, start - 1) : end], canon[start:end])):
                    continue  # "đăng ký ở nơi thường trú của mình": where the asker lives, not the residence procedure
                if phrase.syllables in _RESIDES and canon[end : end + 1] and canon[end] in _RESIDES_AT \
                        and not _WHERE_ASKED.intersection(canon[end + 1 : end + 3]):
                    continue  # "bố tôi thường trú ở xã A": where he lives
                found_at.append(((matched, score), start, end, phrase_index))
        if not found_at:
            return None
        top = max(key for key, *_ in found_at)
        # Of two names as long, one named a clause later is asked about and the first is the
        # circumstance ("chưa có thẻ căn cước, muốn có VNeID mức 2 thì làm sao"); names in a
        # list ("gói liên thông khai sinh, thường trú, thẻ BHYT") keep the first.
        tied = sorted((start, end, index) for key, start, end, index in found_at if key == top)
        start, end, phrase_index = tied[0]
        for later in tied[1:]:
            if later[0] - end >= CLAUSE_GAP:
                start, end, phrase_index = later
        if _NOT_YET.intersection(canon[max(0, start - NOT_YET_SPAN) : start]):
            # "Bố tôi chưa làm thẻ căn cước mới, muốn có VNeID mức 2 thì làm sao?": what the
            # asker has not done yet is the circumstance; a name a clause later is asked about.
            later = [(key, s, e, i) for key, s, e, i in found_at if s - end >= CLAUSE_GAP]
            # With no name after it, one before it is asked about: "làm hộ chiếu qua mạng cho
            # con gái 8 tuổi. Bé chưa có tài khoản VNeID thì dùng tài khoản của ai?"
            earlier = [(key, s, e, i) for key, s, e, i in found_at if start - e >= CLAUSE_GAP]
            if later or earlier:
                _, start, end, phrase_index = max(later or earlier, key=lambda found: (found[0], -found[1]))
        phrase = self._phrases[phrase_index]
        rest = " ".join(raw[:start] + ["."] + raw[end:])
        fields = requested_fields(rest)
        if not fields and _DEFINITION_RE.search(rest):
            return None
        extra = sum(t not in _FILLER and not t.isdigit() for t in [*raw[:start], *raw[end:]])
        if len(phrase.syllables) == 1 and extra:
            return None
        procedure = self.procedures[phrase.procedure]
        if len(phrase.syllables) == 2 and not fields and extra > SHORT_ALIAS_EXTRA_WORDS \
                and not (own_case and (not phrase.common or self._tells_own_case(procedure, [*raw[:start], *raw[end:]]))):
            return None
        return ProcedureMatch(
            procedure=procedure,
            fields=fields or tuple(FIELD_LABELS),
            all_fields=not fields,
            alias=phrase.text,
            score=top[1],
            catalogue=self.catalogues.get(procedure.id, ProcedureMatch.catalogue),
        )

    def _tells_own_case(self, procedure: Procedure, rest: list[str]) -> bool:
        """Whether the words around a two-syllable alias are the record's own (``OWN_CASE_SHARE``).

        "Con tôi 12 tuổi chưa có điện thoại, muốn tạo VNeID cho cháu thì ai đăng ký?": the
        record speaks of age, phones and parents, so the story is the asker's case of that
        procedure; "nhập khẩu hàng hóa" uses words the residence record never does.
        """
        words = {t for t in rest if t not in _FILLER and t not in SOFT and not t.isdigit()}
        own = self._own_words(procedure)
        return bool(words) and len(words & own) / len(words) >= OWN_CASE_SHARE

    def names(self, question: str, procedure_id: str) -> bool:
        """Whether ``question`` names procedure ``procedure_id``: two adjacent syllables of its name or an alias.

        Why: a catalogue entry found by search alone (no alias matched) shares words with
        the question, not necessarily its subject. "Thủ tục ly hôn" shares "hôn" and even
        "ly hôn" (a document listed for remarriage) with "Đăng ký kết hôn", but names
        another procedure; that entry must not answer it.
        """
        resolved = self.resolver.resolve(question)
        if isinstance(resolved, Absent):
            # The question names a procedure the catalogue lacks ("giấy phép tiến hành công
            # việc bức xạ"): no entry may answer it, however many words it shares.
            return False
        if isinstance(resolved, Ambiguous):
            # Several versions fit ("cấp giấy phép lái xe": cấp / cấp lại): only one of
            # them may answer, not a neighbour that shares "giấy phép lái xe".
            return any(c.entry.id == procedure_id for c in resolved.candidates)
        canon = _canonical_tokens(question)[1]
        asked = set(zip(canon, canon[1:])) - _GENERIC_PAIRS
        return any(
            asked & set(zip(phrase.syllables, phrase.syllables[1:])) or phrase.syllables == tuple(canon)
            for phrase in self._phrases
            if self.procedures[phrase.procedure].id == procedure_id
        )

    def _candidates(self, canon: Sequence[str]) -> list[int]:
        """Phrases sharing enough syllables with the question to possibly reach the threshold."""
        shared: dict[int, int] = defaultdict(int)
        for syllable in set(canon):
            for phrase_index in self._by_syllable.get(syllable, ()):
                shared[phrase_index] += 1
        return sorted(i for i, n in shared.items() if n >= max(1, len(set(self._phrases[i].syllables)) - 1))

    def _align(self, phrase: Sequence[str], canon: Sequence[str]) -> tuple[float, int, int, int] | None:
        """Best window of the question for ``phrase``: (score, start, end, matched syllables).

        Windows are as long as the phrase or one syllable longer (one inserted word), or
        one shorter for long phrases (one dropped word); the window must contain the whole
        phrase (or the whole window the phrase); short phrases must match exactly.
        """
        n = len(phrase)
        sizes = [n] if n < EXACT_BELOW else [n, n + 1] + ([n - 1] if n >= DROP_FROM else [])
        best: tuple[float, int, int, int] | None = None
        for size in sizes:
            for start in range(0, max(0, len(canon) - size) + 1):
                window = canon[start : start + size]
                score = Indel.normalized_similarity(phrase, window) * 100
                matched = round(score / 100 * (n + len(window)) / 2)  # the LCS length
                if score < (100.0 if n < EXACT_BELOW else self.min_score) or matched < min(n, size):
                    continue
                if best is None or (score, -size) > (best[0], -(best[2] - best[1])):
                    best = (score, start, start + len(window), matched)
        return best


def _foreign(named: list[str], own: frozenset[str]) -> list[bool]:
    """For each word the resolver took for a name, whether it may qualify a checked entry's
    name: not a word of its record (``own``), nor soft, a when-word, a non-qualifier or a number."""
    return [
        w not in own and w not in SOFT and w not in _WHEN_WORDS and w not in _NOT_QUALIFIERS and not w.isdigit() for w in named
    ]


# Where a sentence ends inside a message ("… làm hộ chiếu. Mức lệ phí …").
_SENTENCE_END = re.compile(r"[.!?;]+(?:\s|$)")


def _ends_a_sentence(question: str, alias: list[str]) -> bool:
    """Whether a sentence of ``question`` before its last ends with two or more of the alias's words in a row."""
    words = set(alias)
    sentences = [s for s in _SENTENCE_END.split(question) if s.strip()]
    for sentence in sentences[:-1]:
        tokens = rewrite(canonical_text(sentence).split())
        run = 0
        for token in reversed(tokens):
            if token not in words:
                break
            run += 1
        if run >= 2:
            return True
    return False


def _opens_clause_after(words: list[str], alias: list[str]) -> bool:
    """Whether the words right after the alias's longest run in ``words`` open a clause or the question of the asker's own."""
    _, run_end, _ = _alias_span(words, alias)
    end = run_end + 1
    if end >= len(words):
        return False
    after = tuple(words[end : end + 2])
    return after[0] in _CLAUSE_OPENERS or after[0] in _ASKING or after in _ASKING_PAIRS or after in _PLACE_PAIRS


def _alias_span(named: list[str], alias: list[str]) -> tuple[int, int, int]:
    """Where the alias's longest run starts and ends among a question's ``named`` words, and its last word's last index.

    The start is that of the longest run of the alias's words together (the last such
    run on a tie): "ông mất … cả nhà đang lo đám tang … đăng ký khai tử cho ông" holds
    "đang" (folded "dang") long before the alias, and "lái xe tải, bằng hạng C … bằng lái
    của tôi" holds "lái" first; the circumstances there qualify nothing. The end is the
    last alias word anywhere ("đăng ký thường trú quy định ở điều nào của luật cư trú").
    """
    words = set(alias)
    first, longest, run = 0, 0, 0
    for i, word in enumerate(named):
        run = run + 1 if word in words else 0
        if run and run >= longest:
            first, longest = i - run + 1, run
    last = max((i for i, w in enumerate(named) if w in words), default=len(named))
    return first, first + longest - 1, last


def _record_match(resolved: Matched) -> ProcedureMatch:
    """An imported record matched by the resolver, in the legacy `ProcedureMatch` shape."""
    legacy = {"agency": "body"}
    fields = tuple(dict.fromkeys(legacy.get(f, f) for f in resolved.fields if legacy.get(f, f) in FIELD_LABELS))
    entry = resolved.entry
    return ProcedureMatch(
        procedure=entry.as_procedure(),
        fields=fields if fields and not resolved.all_fields else tuple(FIELD_LABELS),
        all_fields=resolved.all_fields or not fields,
        alias=entry.name,
        score=min(100.0, resolved.score / 2.5 * 100),
        catalogue=entry.catalogue,
        code=entry.code,
        url=entry.url,
    )


def _strip_action(syllables: tuple[str, ...]) -> tuple[str, ...]:
    """The alias without its leading verb ("lam ho chieu" → "ho chieu"), if 2+ syllables remain."""
    for prefix in _ACTION_PREFIXES:
        rest = syllables[len(prefix) :]
        if syllables[: len(prefix)] == prefix and len(rest) >= 2:
            return rest
    return ()


def requested_fields(text: str) -> tuple[str, ...]:
    """The fields a question asks for, in answer order, as `FIELD_LABELS` keys; empty when it names none.

    Args:
        text: Question text (any diacritics); the procedure's alias should already be
            removed, since aliases contain cue words ("chứng thực giấy tờ").

    Returns:
        Keys of `FIELD_LABELS` (the cues are `bot.procedures.fields`'): "ở đâu" asks for
        body and ways together, since where to go and how to submit are one question.
    """
    legacy = {"agency": "body"}
    return tuple(dict.fromkeys(legacy.get(f, f) for f in requested(text) if legacy.get(f, f) in FIELD_LABELS))
