"""One tokenizer for BM25, the procedure matcher and gap grouping: spelling variants are one token."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.procedures.resolve import Matched
from bot.storage.grouping import group_questions, question_key
from indexer.lexical import lexical_tokens
from indexer.vntokens import canonical, expand_shorthand, syllables

VARIANTS = [
    ("Đăng ký kết hôn", "đăng kí kết hôn"),
    ("lý lịch tư pháp", "lí lịch tư pháp"),
    ("Hòa giải", "hoà giải"),  # tone placement
    ("thủy lợi", "thuỷ lợi"),
    ("Mỹ phẩm", "mĩ phẩm"),
]


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_variants_are_one_token_sequence(a: str, b: str) -> None:
    assert syllables(a) == syllables(b)


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_bm25_tokens_match_across_variants(a: str, b: str) -> None:
    assert lexical_tokens(a) == lexical_tokens(b)


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_gap_grouping_joins_variants(a: str, b: str) -> None:
    assert question_key(f"{a} cần gì?") == question_key(f"{b} can gi")
    groups = group_questions([(f"{a} cần gì?", datetime(2026, 1, 1)), (f"{b} can gi", datetime(2026, 1, 2))])
    assert len(groups) == 1 and groups[0][1] == 2


def test_uy_keeps_its_y_and_shorthand_expands() -> None:
    assert canonical("quy") == "quy" and canonical("thuy") == "thuy" and canonical("ky") == "ki"
    assert expand_shorthand(["dk", "ket", "hon"]) == ["dang", "ki", "ket", "hon"]


def test_procedure_resolver_reads_variants_alike() -> None:
    from bot.procedures.catalogue import Catalogue
    from bot.procedures.resolve import Resolver
    from indexer.procedures import Procedure

    resolver = Resolver(Catalogue.from_procedures([Procedure(id="dang-ky-ket-hon", name="Đăng ký kết hôn")]))
    results = [resolver.resolve(q) for q in ("đăng ký kết hôn ở đâu", "đăng kí kết hôn ở đâu", "dang ky ket hon o dau")]
    assert all(isinstance(r, Matched) and r.entry.id == "dang-ky-ket-hon" for r in results)
