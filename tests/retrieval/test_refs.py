"""Legal references written formally or loosely reduce to the same key."""

import pytest

from bot.retrieval.refs import formal_refs, query_refs


@pytest.mark.parametrize(
    "query",
    ["76/NQ-CP", "nghị quyết 76", "Nghị quyết số 76", "nq 76", "nq76", "NQ76 nói gì", "nghi quyet 76/nq-cp"],
)
def test_loose_forms_of_resolution_76(query: str) -> None:
    assert "nq:76" in query_refs(query)


def test_formal_references_in_documents() -> None:
    text = "Căn cứ Nghị định số 61/2018/NĐ-CP và Quyết định số 1847/QĐ-TTg; Nghị quyết số 10-NQ/TU."
    assert formal_refs(text) == {"nd:61", "qd:1847", "nq:10"}


def test_plain_numbers_are_not_references() -> None:
    assert query_refs("năm 2030 đạt 80% công chức") == set()
    assert query_refs("") == set()


def test_decision_and_plan_forms() -> None:
    assert "qd:1847" in query_refs("quyết định 1847 về văn hóa công vụ")
    assert "kh:18" in query_refs("kế hoạch 18/KH-UBND")
    assert "ct:23" in query_refs("chi thi 23")


def test_a_number_with_its_year_and_no_code() -> None:
    """"Nghị định 61/2018" (no "/NĐ-CP") names the decree as the formal form does."""
    assert query_refs("Theo Nghị định 61/2018, cán bộ một cửa cần gì?") == {"nd:61"}
    assert query_refs("TT 01/2018 hướng dẫn gì") == {"tt:1"}
    assert query_refs("quyết định 19/2014/QĐ-TTg") == {"qd:19"}
