"""The JSON chat API, the page, health and metrics, in-process over the real core."""

from __future__ import annotations

from server_helpers import ADMIN_TOKEN, QUESTION, Running

SESSION = "session-0001"


async def _chat(server: Running, **body: str) -> dict:
    response = await server.client.post("/api/chat", json={"session_id": SESSION, **body})
    assert response.status_code == 200, response.text
    return response.json()


async def test_question_round_trip_with_citation(server: Running) -> None:
    data = await _chat(server, text=QUESTION)
    reply = data["replies"][0]
    assert "PAR INDEX" in reply["text"]
    assert reply["citation"]["label"].startswith("Nguồn: Theo")
    assert reply["citation"]["payload"].startswith("more:0:")
    assert "Nguồn: Theo" not in reply["text"]  # lifted out, shown as an expandable line
    payloads = [b["payload"] for row in reply["buttons"] for b in row]
    assert any(p.startswith("fb:up:") for p in payloads)


async def test_citation_expands_to_source_text(server: Running) -> None:
    reply = (await _chat(server, text=QUESTION))["replies"][0]
    source = (await _chat(server, payload=reply["citation"]["payload"]))["replies"][0]
    assert "Nguồn: Theo" in source["text"] and len(source["text"]) > 50


async def test_start_menu_and_button(server: Running) -> None:
    menu = (await _chat(server, text="/start"))["replies"][0]
    payloads = [b["payload"] for row in menu["buttons"] for b in row]
    assert "menu:qa" in payloads
    qa = (await _chat(server, payload="menu:qa"))["replies"][0]
    assert any(b["payload"].startswith("ask:") for row in qa["buttons"] for b in row)


async def test_script_question_is_echoed_as_data_only(server: Running) -> None:
    data = await _chat(server, text="<script>alert(1)</script> thủ tục hành chính?")
    assert data["replies"]  # answered or politely declined, never an error


async def test_invalid_bodies_are_422(server: Running) -> None:
    for body in ({"session_id": SESSION}, {"session_id": SESSION, "text": "a", "payload": "menu:qa"},
                 {"session_id": "bad id!", "text": "a"}, {"text": "a"}):
        assert (await server.client.post("/api/chat", json=body)).status_code == 422


async def test_page_is_served_with_strict_policy(server: Running) -> None:
    page = await server.client.get("/")
    assert page.status_code == 200 and "Trợ lý cải cách hành chính" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert (await server.client.get("/static/chat.js")).status_code == 200


async def test_healthz(server: Running) -> None:
    response = await server.client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "store_loaded": True, "database": True,
                               "worker": server.state.settings.worker_name, "build": server.state.knowledge.build_id}
    assert server.state.knowledge.build_id  # the live build's directory name


async def test_a_draining_worker_is_told_from_a_dead_one(server: Running) -> None:
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    drained = await server.client.post("/admin/drain", headers=headers)
    assert drained.status_code == 200 and drained.json()["status"] == "draining"
    health = await server.client.get("/healthz")
    assert health.status_code == 503 and health.json()["status"] == "draining"  # out of the rotation...
    assert (await server.client.get("/livez")).json() == {"alive": True}  # ...but alive
    assert "PAR INDEX" in (await _chat(server, text=QUESTION))["replies"][0]["text"]  # and still answering
    workers = await server.state.storage._fetchall("SELECT id, state FROM workers")
    assert [(w["id"], w["state"]) for w in workers] == [(server.state.settings.worker_name, "draining")]


async def test_metrics_count_questions(server: Running) -> None:
    await _chat(server, text=QUESTION)
    await _chat(server, text="/start")
    text = (await server.client.get("/metrics")).text
    assert 'cchc_questions_total{channel="web"} 1' in text
    assert 'cchc_answered_total{channel="web"} 1' in text
    assert 'cchc_events_total{channel="web"} 2' in text
    assert 'cchc_event_seconds_count{channel="web"} 2' in text
    assert "# TYPE cchc_event_seconds histogram" in text


async def test_followup_through_the_web_api(server: Running) -> None:
    """A two-turn conversation: the second message has no subject of its own."""
    first = (await _chat(server, text="Đăng ký thường trú cần giấy tờ gì?"))["replies"][0]
    assert first["direct"] and first["citation"]["label"].startswith("Nguồn: Theo")
    fee = (await _chat(server, text="còn lệ phí thì sao?"))["replies"][0]
    assert fee["direct"].startswith("Phí, lệ phí") and "thường trú" in fee["citation"]["label"].lower()
    switched = (await _chat(server, text="Chỉ số PAR INDEX là gì?"))["replies"][0]
    assert "PAR INDEX" in switched["text"] and "lệ phí" not in switched["text"].lower()
