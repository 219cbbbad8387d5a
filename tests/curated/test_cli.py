"""``cchc curated export|import|list`` and ``cchc admin hash-password`` against a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bot.cli import app
from bot.console.passwords import check_account, verify_password


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CCHC_DATABASE_URL", raising=False)
    return tmp_path / "data"


def test_import_list_export_round_trip(data_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    source = tmp_path / "in.yaml"
    source.write_text(yaml.safe_dump([{"questions": ["Giờ làm việc?"], "answer": "7h30."}], allow_unicode=True),
                      encoding="utf-8")
    imported = runner.invoke(app, ["curated", "import", str(source), "--by", "lan"])
    assert imported.exit_code == 0, imported.output
    assert "Đã nhập 1 câu trả lời mới, cập nhật 0 câu trả lời." in imported.output
    listed = runner.invoke(app, ["curated", "list"])
    assert "#1" in listed.output and "Giờ làm việc?" in listed.output and "[bật]" in listed.output
    exported = runner.invoke(app, ["curated", "export"])
    assert yaml.safe_load(exported.output) == [{"id": 1, "questions": ["Giờ làm việc?"], "answer": "7h30.",
                                                "enabled": True}]


def test_a_bad_file_imports_nothing_and_says_why(data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "bad.yaml"
    entries = [{"questions": [], "answer": "x"}, {"questions": ["Hỏi?"], "answer": "y", "source_url": "javascript:1"}]
    source.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["curated", "import", str(source)])
    assert result.exit_code == 2
    assert "Không nhập gì cả: tệp có 2 lỗi." in result.output and "Mục 2: Đường dẫn" in result.output
    assert CliRunner().invoke(app, ["curated", "list"]).output.strip() == ""
    (tmp_path / "broken.yaml").write_text("- {questions: [", encoding="utf-8")
    broken = CliRunner().invoke(app, ["curated", "import", str(tmp_path / "broken.yaml")])
    assert broken.exit_code == 2 and "Tệp YAML không đọc được" in broken.output


def test_hash_password_prints_an_entry_the_settings_accept() -> None:
    result = CliRunner().invoke(app, ["admin", "hash-password", "lan"], input="bí mật\nbí mật\n")
    assert result.exit_code == 0, result.output
    entry = result.output.strip().splitlines()[-1]
    assert check_account(entry) == "lan" and verify_password("bí mật", entry.split(":", 1)[1])
