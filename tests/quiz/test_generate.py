"""Generated cloze questions over the shipped, indexed knowledge; their review state; the admin CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.knowledge import KnowledgeBase
from bot.quiz.bank import load_bank
from bot.quiz.generate import BLANK, KINDS, PATTERNS, Generated, generate_questions, value_key
from bot.storage.database import Storage
from bot.storage.quiz import GeneratedInput, QuizStore
from quiz_helpers import current, press


@pytest.fixture(scope="module")
def generated(knowledge: KnowledgeBase) -> list[Generated]:
    store = knowledge.answerer.retriever.store
    return generate_questions(store.chunks, store.documents)


def test_generated_questions_are_valid(knowledge: KnowledgeBase, generated: list[Generated]) -> None:
    store = knowledge.answerer.retriever.store
    chunks = {chunk.chunk_id: chunk for chunk in store.chunks}
    assert {g.kind for g in generated} == set(KINDS)
    assert len({g.question.id for g in generated}) == len(generated)
    for item in generated:
        question = item.question
        chunk = chunks[question.chunk_id or ""]
        assert question.answer in chunk.text  # the answer is in its source chunk
        assert BLANK in question.question and question.answer not in question.question.split("\n", 1)[1]
        assert store.documents[chunk.doc_id].replaced_by is None  # nothing from replaced documents
        keys = [value_key(item.kind, option) for option in question.options]
        assert len(set(keys)) == len(keys)  # distinct, hence none equal to the answer
        for option in question.options:  # every option is a value of the same kind
            assert PATTERNS[item.kind].fullmatch(option), (item.kind, option)
        assert question.origin == "generated" and question.source


def test_generation_is_stable(knowledge: KnowledgeBase, generated: list[Generated]) -> None:
    store = knowledge.answerer.retriever.store
    again = generate_questions(store.chunks, store.documents)
    assert [g.question for g in again] == [g.question for g in generated]


async def test_only_enabled_generated_questions_reach_a_quiz(
    tmp_path: Path, knowledge: KnowledgeBase, generated: list[Generated], e5: object, db_url: str
) -> None:
    settings = Settings(
        knowledge_dir=tmp_path / "knowledge", data_dir=tmp_path / "data", quiz_questions=3, _env_file=None
    )  # no curated bank, no units
    storage = await Storage.open(db_url)
    try:
        store = QuizStore(storage)
        items = [GeneratedInput(id=g.question.id, chunk_id=g.question.chunk_id or "", kind=g.kind,
                                question_json=g.question.model_dump_json()) for g in generated]
        counts = await store.sync_generated(items)
        assert (counts.new, counts.kept, counts.gone) == (len(items), 0, 0)
        assistant = Assistant(KnowledgeBase(settings, embedder=knowledge.embedder), storage, settings)
        (empty,) = await assistant.handle(press("qz:go"))
        assert empty.text.startswith("Hiện chưa có câu hỏi")  # nothing reviewed, nothing used
        chosen = [item.id for item in items[:3]]
        assert await store.set_generated_status(ids=chosen, status="enabled") == 3
        await assistant.handle(press("qz:go"))
        attempt = await current(storage)
        assert sorted(q["id"] for q in attempt.questions) == sorted(chosen)
        # A resync keeps the review state; a question gone from the store is no longer used.
        counts = await store.sync_generated(items[1:])
        assert (counts.new, counts.gone) == (0, 1)
        assert len(await store.usable_generated()) == 2
    finally:
        await storage.close()


def test_cli_list_enable_disable_export(knowledge: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = knowledge.settings
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "index").symlink_to(settings.store_dir.resolve())  # the session store, read-only
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CCHC_KNOWLEDGE_DIR", str(settings.knowledge_dir))
    monkeypatch.setenv("CCHC_DATA_DIR", str(data_dir))
    runner = CliRunner()
    listed = runner.invoke(app, ["quiz", "list"])
    assert listed.exit_code == 0, listed.output
    lines = [line for line in listed.stdout.splitlines() if line.startswith("g-")]
    assert lines and all("[new]" in line for line in lines)
    first, second = (line.split()[0] for line in lines[:2])
    assert runner.invoke(app, ["quiz", "enable", first, second]).exit_code == 0
    assert runner.invoke(app, ["quiz", "disable", second]).exit_code == 0
    enabled = runner.invoke(app, ["quiz", "list", "--status", "enabled", "--no-sync"])
    assert [line.split()[0] for line in enabled.stdout.splitlines() if line.startswith("g-")] == [first]
    exported = tmp_path / "bank" / "tu-dong.yaml"
    exported.parent.mkdir()
    result = runner.invoke(app, ["quiz", "export", "--status", "enabled", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    bank = load_bank(exported.parent)  # an export is a valid bank file
    assert [q.id for q in bank.questions] == [first] and bank.questions[0].chunk_id
    assert runner.invoke(app, ["quiz", "enable"]).exit_code == 2  # neither ids nor --all


def test_cli_report_writes_text_csv_and_chart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CCHC_KNOWLEDGE_DIR", str(Path(__file__).resolve().parents[2] / "knowledge"))
    result = CliRunner().invoke(
        app, ["report", "--from", "2025-01-01", "--to", "2025-12-31", "--csv-dir", "out", "--chart", "out/c.png"]
    )
    assert result.exit_code == 0, result.output
    assert "Kỳ báo cáo: 01/01/2025 – 31/12/2025." in result.stdout
    assert (tmp_path / "out" / "bao-cao-don-vi.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "out" / "c.png").read_bytes().startswith(b"\x89PNG")
