"""The quiz end to end on Telegram: the real PTB application, Assistant, Storage and quiz flow.

Only Telegram is replaced, by the Bot API stand-in (``botapi_stub.py``). A user takes a
full quiz with inline buttons; then an admin's ``/baocao`` returns the summary, the chart
(a real PNG upload) and the CSV files.
"""

from __future__ import annotations

import io
from pathlib import Path

from botapi_stub import ApiCall, BotApiStub, check_html, polling
from matplotlib import image as mpimg
from pydantic import SecretStr

from bot import messages
from bot.channels.telegram import build_application
from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage
from indexer.embedding import E5Embedder

REPO = Path(__file__).resolve().parents[2]
ADMIN = 9001
USER = 9002


def _buttons(call: ApiCall) -> list[dict[str, str]]:
    markup = call.params.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def _message_id(stub: BotApiStub, call: ApiCall) -> int:
    """The id the stand-in gave the message a call created (for pressing its buttons)."""
    return max(mid for mid, sent in stub.sent_messages.items()
               if sent["chat"]["id"] == call.chat_id and sent.get("text") == call.params.get("text"))


async def test_full_quiz_then_report(stub: BotApiStub, tmp_path: Path, e5: E5Embedder) -> None:
    settings = Settings(
        knowledge_dir=REPO / "knowledge", data_dir=tmp_path / "data", admin_ids=[str(ADMIN)],
        telegram_token=SecretStr(stub.token), telegram_base_url=stub.base_url, _env_file=None,
        # The test presses as fast as the loop allows; a person reading each question stays far
        # below the default per-user limit (8 at once, 20 a minute).
        rate_limit_burst=100,
    )
    storage = await Storage.open(settings.database_path)
    try:
        assistant = Assistant(KnowledgeBase(settings, embedder=e5), storage, settings)  # the quiz never searches
        (token,) = await assistant.quiz.enrolment.issue("vp")  # only enrolled staff count (issue 12)
        async with polling(build_application(settings, assistant)):
            stub.send_command(USER, f"/start {token}")  # what a t.me/<bot>?start=<token> link sends
            (greeting,) = await stub.wait_for_calls("sendMessage", 1, chat_id=USER)
            assert messages.ENROL_DONE.format(unit="Văn phòng HĐND và UBND") in greeting.params["text"]
            stub.send_command(USER, "/quiz")  # the unit comes from the invite: no prompt
            sent = 2  # greeting, question 1
            for number in range(1, 11):
                question = (await stub.wait_for_calls("sendMessage", sent, chat_id=USER))[-1]
                assert f"Câu {number}/10" in question.params["text"]
                letters = [b["text"] for b in _buttons(question)]
                assert letters[:3] == ["A", "B", "C"]
                stub.press_button(USER, _message_id(stub, question), _buttons(question)[0]["callback_data"])
                sent += 2  # feedback, then the next question or the final score
            summary = (await stub.wait_for_calls("sendMessage", sent, chat_id=USER))[-1]
            assert "Hoàn thành lượt trắc nghiệm" in summary.params["text"]
            assert "/10 câu đúng" in summary.params["text"]

            stub.send_command(ADMIN, "/baocao")
            (photo,) = await stub.wait_for_calls("sendPhoto", 1, chat_id=ADMIN, timeout=20)
            documents = await stub.wait_for_calls("sendDocument", 2, chat_id=ADMIN)
        report_text = stub.texts_to(ADMIN)[0]
    finally:
        await storage.close()
    assert report_text.startswith(messages.REPORT_TITLE)
    assert "Văn phòng HĐND và UBND: 1 người được khảo sát" in report_text
    png = next(iter(photo.files.values())).data
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and mpimg.imread(io.BytesIO(png), format="png").ndim == 3
    names = sorted(next(iter(call.files.values())).filename for call in documents)
    assert names == ["bao-cao-cau-hoi.csv", "bao-cao-don-vi.csv"]
    assert len(stub.calls_of("answerCallbackQuery")) == 10  # ten answers, every press acknowledged
    for call in stub.calls_of("sendMessage"):
        check_html(str(call.params["text"]))
