"""The scope model: IDF-weighted coverage of a question's topic words by stored passages."""

from __future__ import annotations

import pytest

from bot.answer.scope import ScopeModel

PASSAGES = [
    "Kế hoạch tuyên truyền cải cách hành chính năm 2024 của Sở Tài chính.",
    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 98% tại bộ phận một cửa.",
    "Cải cách hành chính gắn với chuyển đổi số và dịch vụ công trực tuyến.",
]


@pytest.fixture(scope="module")
def scope() -> ScopeModel:
    return ScopeModel(PASSAGES)


def test_a_question_fully_in_one_passage_is_fully_covered_there(scope: ScopeModel) -> None:
    question = "tỷ lệ hồ sơ giải quyết đúng hạn"
    assert scope.coverage(question, 1) == pytest.approx(1.0)
    assert scope.coverage(question, 0) < 0.2


def test_best_coverage_is_the_best_candidate(scope: ScopeModel) -> None:
    question = "dịch vụ công trực tuyến"
    each = [scope.coverage(question, i) for i in range(len(PASSAGES))]
    assert scope.best_coverage(question, [0, 1, 2]) == max(each) == each[2]
    assert scope.best_coverage(question, [0, 1]) == max(each[:2]) < each[2]


def test_words_typed_without_diacritics_match_the_accented_text(scope: ScopeModel) -> None:
    assert scope.coverage("ty le ho so giai quyet dung han", 1) == pytest.approx(1.0)


def test_an_unknown_word_weighs_more_than_a_common_one(scope: ScopeModel) -> None:
    assert scope.idf("bitcoin") > scope.idf("cai") > 0
    # "giá bitcoin" shares no topic word with any passage: nothing covers it.
    assert scope.best_coverage("giá bitcoin hôm nay", [0, 1, 2]) == 0.0


def test_abbreviations_cover_their_expansion(scope: ScopeModel) -> None:
    assert scope.coverage("CCHC", 0) == pytest.approx(1.0)
    assert scope.coverage("CCHC", 1) == 0.0


def test_no_topic_words_or_no_candidates_give_zero(scope: ScopeModel) -> None:
    assert scope.best_coverage("là gì vậy", [0, 1, 2]) == 0.0
    assert scope.best_coverage("tỷ lệ hồ sơ", []) == 0.0


def test_words_typed_with_diacritics_are_read_as_typed() -> None:
    """Folded, "căn", "hộ", "tư" are the scaffolding "cần", "họ", "từ"; typed with diacritics they are topic words."""
    scope = ScopeModel(PASSAGES)
    assert scope.content_tokens("Làm căn cước cần gì?") == ["căn", "cước"]
    assert scope.content_tokens("Hộ chiếu của họ") == ["hộ", "chiếu"]
    # A lone digit is noise, except as the number of a level or a form.
    assert scope.content_tokens("Mức độ 3 là gì") == ["mức", "độ", "3"]
    assert "2" not in scope.content_tokens("Có 2 con thì sao")
    # "Họ" is "they", but "họ tên" is one's name.
    assert scope.content_tokens("Đổi họ tên thì sao") == ["đổi", "họ", "tên"]
    assert "tư" in scope.content_tokens("Lý lịch tư pháp làm từ đâu?")
    # Without any diacritics the question can only be read folded.
    assert scope.content_tokens("lam can cuoc can gi") == ["cuoc"]


def test_time_fillers_typed_without_diacritics_are_no_topic(scope: ScopeModel) -> None:
    assert scope.content_tokens("bay gio ca nuoc con bao nhieu tinh thanh") == ["ca", "nuoc", "con", "tinh", "thanh"]
    # Typed with diacritics, "bây giờ" stays: "bây giờ còn nộp được không" asks what holds now.
    assert "giờ" in scope.content_tokens("Cổng của tỉnh bây giờ còn nộp được không?")


def test_a_stopword_s_folded_form_written_as_a_topic_word_in_the_documents_stays() -> None:
    # The documents write "tài chính" and "tại Bộ phận": typed without diacritics, "tai"
    # before "chinh" is kept and "tai" before "bo" is scaffolding.
    scope = ScopeModel(["Cải cách tài chính công.", "Nộp tại Bộ phận một cửa."])
    assert "tai" in scope.content_tokens("cai cach tai chinh cong")
    assert "tai" not in scope.content_tokens("nop tai bo phan")
