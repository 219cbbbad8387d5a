"""Is a question inside what the knowledge base covers? IDF-weighted term coverage.

Why not a score threshold alone: e5 cosine similarities crowd into a narrow band (about
0.75-0.9 for anything in Vietnamese), and BM25 scores depend on the query length. What
separates "giá vàng hôm nay" from "chỉ tiêu CCHC năm 2024" is whether the question's rare,
content-bearing words occur in the best passages at all. Words that never occur in the
corpus weigh the most.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from indexer.lexical import ABBREVIATIONS, expanded_syllables, join_ampersands
from indexer.textnorm import fold, nfc, syllables

# Question scaffolding, courtesy and function words (folded): they carry no topic.
STOPWORDS = frozenset(
    """
    la gi nao the sao bao nhieu khong co duoc cua cho toi minh em anh chi ban oi a nhe voi va hay hoac
    thi ma nhu vay nay do kia ay o dau khi luc may hoi muon biet can phai nen se da dang roi chua
    nhung cac mot nhieu it moi tung ve tai trong ngoai len xuong ra vao di den tu theo boi vi nen
    neu de duoc giup xin vui long cam on lam sao gium huong dan cach nhu the nao tai sao vi sao
    bi tren duoi sau truoc gom nhung gi ai nguoi ta chung ta ho
    """.split()
) | frozenset("ko k hok hong khg kg dc j ntn bn z vs mk mik ak ah nha ok oke".split())  # chat shorthand


# The same words as typed with diacritics. A question typed with diacritics is checked
# against this list, so that "căn", "hộ", "hồ", "tư", "tử", "đăng", "cán", "cơ", "tài",
# "hội", "dân", "chứng", "thẻ", "cửa", "đề" stay topic words although their folded forms
# ("can", "ho", "tu", "dang", "co", "tai", "hoi", "dan", "chung", "the", "cua", "de") are
# scaffolding; a question typed without any diacritics can only be checked folded.
ACCENTED_STOPWORDS = frozenset(
    """
    là gì nào thế sao bao nhiêu không có được của cho tôi mình em anh chị bạn ơi à ạ a nhé nhỉ với và hay hoặc
    thì mà như vậy này nay đó do kia ấy ở đâu khi lúc mấy hỏi muốn biết cần phải nên sẽ đã đang rồi chưa
    những nhưng các một nhiều ít mọi mỗi từng về tại trong ngoài lên xuống ra vào đi đến tới từ theo bởi vì
    nếu để giúp xin vui lòng cảm ơn làm giùm giúm hướng dẫn cách bị trên dưới sau trước gồm ai người ta
    chúng họ
    """.split()
) | frozenset("ko k hok khg kg dc đc j ntn bn z vs mk mik ak ah nha ok oke".split())


# Time fillers of two syllables typed without diacritics ("bay gio ca nuoc con bao nhieu tinh
# thanh"): "bay" and "gio" then look like topic words. Typed as "bây giờ", the words are kept:
# "bây giờ còn nộp được không" asks what holds now.
_FILLERS = re.compile(r"\b(bay gio|hien nay|hien gio|dao nay)\b", re.IGNORECASE)


_NAME_AFTER_HO = frozenset({"ten", "va"})
# A lone digit is noise, except as the number of a level, form or step ("mức độ 3": the line
# on level 3, not every line on the levels).
_ORDINAL_BEFORE = frozenset("do muc so hang loai nhom buoc phieu".split())


def has_diacritics(text: str) -> bool:
    """Whether any letter of ``text`` carries a Vietnamese diacritic (or is "đ")."""
    return fold(text) != nfc(text).lower()


def is_stopword(token: str, diacritized: bool) -> bool:
    """Whether ``token`` is scaffolding, read as typed when its question has diacritics."""
    return token.lower() in ACCENTED_STOPWORDS if diacritized else fold(token) in STOPWORDS


# Weight of phrase (syllable pair) coverage against word coverage: "tỷ số trận Việt Nam
# Thái Lan" shares words with the corpus ("số", "Việt Nam") but almost no phrase.
BIGRAM_SHARE = 0.3


class ScopeModel:
    """Document frequencies of folded syllables over the store, to weigh query terms.

    Each passage's word and phrase forms are computed once here, when a store is loaded:
    the scope test then costs a few set lookups per question instead of re-tokenising
    three passages on every answer.
    """

    def __init__(self, passages: Iterable[str]) -> None:
        counts: Counter[str] = Counter()
        self._forms: list[frozenset[str]] = []
        self._pair_forms: list[frozenset[str]] = []
        compounds: set[tuple[str, str]] = set()
        self._initials: list[str] = []
        for text in passages:
            tokens = syllables(join_ampersands(text))  # once per passage: the three views below share it
            compounds |= _compounds(tokens)
            self._initials.append("".join(fold(t)[:1] for t in tokens))
            forms = _forms(tokens)
            counts.update(forms)
            self._forms.append(frozenset(forms))
            self._pair_forms.append(frozenset(_pair_forms(tokens)))
        self._df = counts
        self._n = max(len(self._forms), 1)
        self._compounds = frozenset(compounds)

    def knows(self, token: str) -> bool:
        """Whether any passage uses ``token`` (as typed or folded), or, for an acronym, the
        words it abbreviates ("HCNN": "hành chính nhà nước")."""
        folded = fold(token)
        if token in self._df or folded in self._df:
            return True
        # The passages' first letters, one string each: an acronym is a run of them.
        return len(folded) in ACRONYM_SYLLABLES and any(folded in firsts for firsts in self._initials)

    def idf(self, token: str) -> float:
        """Smoothed inverse document frequency; unseen tokens get the maximum."""
        return math.log((self._n + 1) / (self._df.get(token, 0) + 0.5))

    def content_tokens(self, question: str) -> list[str]:
        """The topic-bearing syllables of a question (abbreviations expanded).

        A syllable typed with diacritics is kept as typed ("ngân" must not match "ngắn");
        one typed without any is folded and matches every accented form ("ngan").
        """
        tokens: list[str] = []
        diacritized = has_diacritics(question)
        text = join_ampersands(question)
        words = syllables(text if diacritized else _FILLERS.sub(" ", text))
        for i, token in enumerate(words):
            folded = fold(token)
            # Typed without diacritics, "tai" before "chinh" is "tài chính", not "tại".
            following = fold(words[i + 1]) if i + 1 < len(words) else ""
            compound = not diacritized and (folded, following) in self._compounds
            # "Họ" is "they" ("họ lấy những gì"), but "họ tên", "họ và tên" is one's name.
            compound = compound or (folded == "ho" and following in _NAME_AFTER_HO)
            ordinal = i > 0 and fold(words[i - 1]) in _ORDINAL_BEFORE  # "mức độ 3", "phiếu số 2"
            if (is_stopword(token, diacritized) and not compound) or folded.isdigit() and len(folded) < 2 and not ordinal:
                continue
            tokens.extend(ABBREVIATIONS.get(folded, token).split())
        return list(dict.fromkeys(tokens))

    def phrases(self, question: str) -> set[tuple[str, str]]:
        """The question's adjacent syllable pairs (folded) with at least one topic word.

        Only for a question typed without diacritics, where a scaffolding syllable gets its
        meaning back beside a topic word: "the" alone is "thế" as often as "thẻ", but
        "doi the" is "đổi thẻ". Pairs of two topic words are bigrams of the tokens already.
        """
        if has_diacritics(question):
            return set()  # read as typed, its topic words are all in ``content_tokens``
        tokens = expanded_syllables(question)  # as units are tokenised (``extract.unit_tokens``)
        stop = [t in STOPWORDS for t in tokens]
        return {(a, b) for (a, b), (x, y) in zip(zip(tokens, tokens[1:]), zip(stop, stop[1:])) if x != y}

    def coverage(self, question: str, passage: int) -> float:
        """Share of the question's IDF mass whose tokens occur in passage number ``passage`` (0..1)."""
        return self.best_coverage(question, [passage])

    def best_coverage(self, question: str, passages: Sequence[int]) -> float:
        """The highest coverage over a few candidate passages (by their index in the store)."""
        tokens = self.content_tokens(question)
        if not tokens or not passages:
            return 0.0
        weights = [self.idf(t) for t in tokens]
        total = sum(weights)
        pairs = _pairs(question)
        best = 0.0
        for index in passages:
            present = self._forms[index]
            unigram = sum(w for t, w in zip(tokens, weights) if t in present) / total if total else 0.0
            if pairs and BIGRAM_SHARE:
                bigram = len(pairs & self._pair_forms[index]) / len(pairs)
                unigram = (1 - BIGRAM_SHARE) * unigram + BIGRAM_SHARE * bigram
            best = max(best, unigram)
        return best


def _pairs(question: str) -> set[str]:
    """Adjacent syllable pairs of a question that are not both stopwords, in the form typed."""
    tokens = syllables(join_ampersands(question))
    return {
        f"{a} {b}" for a, b in zip(tokens, tokens[1:]) if not (fold(a) in STOPWORDS and fold(b) in STOPWORDS)
    }


def _compounds(syllables_: Sequence[str]) -> set[tuple[str, str]]:
    """Folded pairs whose first syllable folds to a stopword but is written as a topic word ("tài chính")."""
    tokens = [t.lower() for t in syllables_]
    return {
        (fold(a), fold(b)) for a, b in zip(tokens, tokens[1:])
        if fold(a) in STOPWORDS and a not in ACCENTED_STOPWORDS and fold(b) not in STOPWORDS
    }


def _pair_forms(tokens: Sequence[str]) -> set[str]:
    """Adjacent syllable pairs of a passage (its syllables), accented and folded."""
    pairs = {f"{a} {b}" for a, b in zip(tokens, tokens[1:])}
    return pairs | {fold(p) for p in pairs}


def _forms(accented: Sequence[str]) -> set[str]:
    """Every syllable of a passage in both its accented and its folded form (plus abbreviation expansions)."""
    forms = set(accented) | {fold(s) for s in accented}
    for abbreviation, expansion in ABBREVIATIONS.items():
        if abbreviation in forms:
            forms.update(expansion.split())
    return forms


# Acronyms are read against runs of this many syllables at most ("KH&CN", "HCNN", "QLNS").
ACRONYM_SYLLABLES = (3, 4, 5, 6)
