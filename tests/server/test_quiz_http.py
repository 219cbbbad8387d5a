"""The quiz over the JSON API, its attempts in /metrics and the admin report endpoints."""

from __future__ import annotations

from server_helpers import ADMIN_TOKEN, Running

from bot import messages

AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
QUIZ_DONE_HEAD = messages.QUIZ_DONE.split("\n")[0]
# A quiz has 10 questions, plus the unit choice; the bound only stops a broken flow.
MAX_STEPS = 30


async def play_quiz(server: Running, session: str) -> list[str]:
    """Start from the menu, pick the first unit, answer every question with its first option."""
    texts: list[str] = []
    body = {"payload": "menu:quiz"}
    for _ in range(MAX_STEPS):
        response = await server.client.post("/api/chat", json={"session_id": session, **body})
        assert response.status_code == 200, response.text
        replies = response.json()["replies"]
        texts += [reply["text"] for reply in replies]
        quiz_buttons = [b for r in replies for row in r["buttons"] for b in row if b["payload"].startswith("qz:")]
        if any(QUIZ_DONE_HEAD in text for text in texts) or not quiz_buttons:
            return texts
        body = {"payload": quiz_buttons[0]["payload"]}
    raise AssertionError(f"quiz did not finish in {MAX_STEPS} steps: {texts[-2:]}")


async def test_quiz_to_the_end_and_metrics(server: Running) -> None:
    texts = await play_quiz(server, "quiz-player-1")
    assert any(QUIZ_DONE_HEAD in text for text in texts)
    assert "cchc_quiz_attempts_total 1" in (await server.client.get("/metrics")).text


async def test_quiz_report_endpoints(server: Running) -> None:
    # Only enrolled people count (issue 12): the player joins with an invite first.
    (token,) = await server.state.assistant.assistant.quiz.enrolment.issue("vp")  # type: ignore[attr-defined]
    joined = await server.client.post("/api/chat", json={"session_id": "quiz-player-2", "text": f"/thamgia {token}"})
    assert joined.json()["replies"][0]["text"].startswith("Bạn đã được ghi danh")
    await play_quiz(server, "quiz-player-2")
    units = await server.client.get("/admin/quiz-report.csv", headers=AUTH)
    assert units.status_code == 200 and units.headers["content-type"].startswith("text/csv")
    assert units.content.decode("utf-8-sig").startswith(messages.REPORT_CSV_UNITS[0])
    questions = await server.client.get("/admin/quiz-report.csv", params={"table": "questions"}, headers=AUTH)
    assert questions.status_code == 200 and len(questions.content.splitlines()) > 1
    chart = await server.client.get("/admin/quiz-report.png", params={"since": "2020-01-01"}, headers=AUTH)
    assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG")
    bad = await server.client.get("/admin/quiz-report.png", params={"since": "2025-02-01", "until": "2025-01-01"},
                                  headers=AUTH)
    assert bad.status_code == 422
    assert (await server.client.get("/admin/quiz-report.csv")).status_code == 401
