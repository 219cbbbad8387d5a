"""With CCHC_LLM_URL unset the extractive path is today's: bot.llm is never imported, no call is made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openai_stub import OpenAIStub

from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.dialogue.models import Incoming
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage

REPO = Path(__file__).resolve().parents[2]
PROBE = """
import asyncio, sys
from pathlib import Path
from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.dialogue.models import Incoming
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage
from bot.server import create_app

settings = Settings(knowledge_dir=Path(sys.argv[1]), data_dir=Path(sys.argv[2]), _env_file=None)
kb = KnowledgeBase(settings)
kb.load()
assert kb.grounded is None
print(kb.answer("Chỉ số PAR INDEX là gì?").found)

async def main():
    storage = await Storage.open(Path(sys.argv[3]))
    replies = await Assistant(kb, storage, settings).handle(Incoming(channel="web", user_id="probe", text="nq 76"))
    await storage.close()
    print(bool(replies[0].text))

asyncio.run(main())
create_app(settings, kb)
print(sorted(name for name in sys.modules if name == "bot.llm" or name.startswith("bot.llm.")))
"""


def test_no_llm_module_is_imported_without_a_model(settings: Settings, knowledge: KnowledgeBase, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CCHC_")}
    env["PYTHONPATH"] = str(REPO)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(settings.knowledge_dir), str(settings.data_dir), str(tmp_path / "db.sqlite3")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "[]"]


async def test_no_model_call_without_a_model(knowledge: KnowledgeBase, storage: Storage, stub: OpenAIStub) -> None:
    assert knowledge.grounded is None
    assistant = Assistant(knowledge, storage, knowledge.settings)
    (reply,) = await assistant.handle(Incoming(channel="web", user_id="u", text="Chỉ số PAR INDEX là gì?"))
    assert "Nguồn: Theo" in reply.text and "[1]" not in reply.text
    assert stub.calls == []
