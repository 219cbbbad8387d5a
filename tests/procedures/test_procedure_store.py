"""Catalogue entries in a built store: searchable by the normal retriever; bad ones skipped."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.retrieval.hybrid import HybridRetriever
from indexer.build import build_knowledge
from indexer.embedding import E5Embedder
from indexer.store import load_store
from procedure_helpers import SHIPPED_CATALOGUE

PLAN = """UBND HUYỆN THỬ NGHIỆM
Số: 01/KH-UBND
Thử Nghiệm, ngày 10 tháng 01 năm 2024
KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2024
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức của cán bộ, công chức về cải cách hành chính.
2. Phấn đấu 80% người dân được tuyên truyền về dịch vụ công trực tuyến.
II. NỘI DUNG
1. Tuyên truyền cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa.
"""


def test_catalogue_chunks_are_in_the_store_and_bad_catalogue_is_skipped(tmp_path: Path, e5: E5Embedder) -> None:
    knowledge = tmp_path / "knowledge"
    (knowledge / "plans").mkdir(parents=True)
    (knowledge / "procedures").mkdir()
    (knowledge / "plans" / "ke-hoach.txt").write_text(PLAN, encoding="utf-8")
    # Three shipped entries keep the embedding work (and the test) short.
    entries = yaml.safe_load(SHIPPED_CATALOGUE.read_text(encoding="utf-8"))
    keep = [e for e in entries if e["id"] in {"dang-ky-khai-sinh", "dang-ky-ket-hon", "cap-ho-chieu-pho-thong"}]
    (knowledge / "procedures" / "catalogue.yaml").write_text(yaml.safe_dump(keep, allow_unicode=True), encoding="utf-8")
    (knowledge / "procedures" / "office.yaml").write_text("- id: thu-tuc-a\n  name: A\n  fees: 1\n", encoding="utf-8")

    report = build_knowledge(knowledge, tmp_path / "data", e5, show_progress=False)

    assert report.skipped and report.skipped[0][0] == "procedures/office.yaml"
    assert "'thu-tuc-a'" in report.skipped[0][1] and "fees" in report.skipped[0][1]
    store = load_store(tmp_path / "data" / "index", expected_model=e5.model_id)
    ids = [c.chunk_id for c in store.chunks]
    assert "procedures/catalogue#dang-ky-ket-hon" in ids
    assert any(c.doc_id == "plans/ke-hoach" for c in store.chunks)
    assert store.documents["procedures/catalogue"].doc_type == "Danh mục thủ tục hành chính"

    retriever = HybridRetriever(store, e5)
    hit = retriever.search("lệ phí làm hộ chiếu bao nhiêu", k=3)[0]
    assert store.chunks[hit.index].chunk_id == "procedures/catalogue#cap-ho-chieu-pho-thong"
