"""Rate limit per client address (not only per client-chosen session id), and no users row per event.

Rotating web session ids used to bypass the limit and add a ``users`` row each time.
"""

from __future__ import annotations

from pathlib import Path

from server_helpers import QUESTION, running, server_settings

from bot.knowledge import KnowledgeBase


def _limited(knowledge: KnowledgeBase, tmp_path: Path, **overrides: object):  # noqa: ANN202
    return server_settings(knowledge, tmp_path / "d", rate_limit_address_burst=5,
                           rate_limit_address_per_minute=1.0, **overrides)


async def test_rotating_session_ids_does_not_escape_the_limit(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    async with running(_limited(knowledge, tmp_path), knowledge) as server:
        statuses = [
            (await server.client.post("/api/chat", json={"session_id": f"rotating-{n:04d}", "text": "/help"})).status_code
            for n in range(8)
        ]
    assert statuses == [200] * 5 + [429] * 3


async def test_forwarded_addresses_count_only_behind_a_trusted_proxy(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    # In-process requests come from 127.0.0.1: trusted here, so each forwarded client has its own bucket.
    async with running(_limited(knowledge, tmp_path, trusted_proxies=["127.0.0.1"]), knowledge) as server:
        for client in ("203.0.113.5", "203.0.113.6"):
            statuses = [
                (await server.client.post("/api/chat", json={"session_id": f"s-{client.replace('.', '-')}-{n}", "text": "/help"},
                                          headers={"X-Forwarded-For": client})).status_code
                for n in range(6)
            ]
            assert statuses == [200] * 5 + [429]


async def test_a_forged_forwarded_header_from_an_untrusted_peer_is_ignored(
    knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    # In-process requests come from 127.0.0.1; with no proxy trusted, even loopback's header is ignored.
    async with running(_limited(knowledge, tmp_path, trusted_proxies=[]), knowledge) as server:
        statuses = [
            (await server.client.post("/api/chat", json={"session_id": f"forger-{n:04d}", "text": "/help"},
                                      headers={"X-Forwarded-For": f"198.51.100.{n}"})).status_code
            for n in range(7)
        ]
    assert statuses == [200] * 5 + [429] * 2


async def test_anonymous_events_store_no_users_row(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    async with running(server_settings(knowledge, tmp_path / "d"), knowledge) as server:
        for n in range(12):
            for body in ({"text": "/help"}, {"text": "/start"}, {"payload": "menu:qa"}, {"payload": "fb:up:1"}):
                response = await server.client.post("/api/chat", json={"session_id": f"anon-{n:04d}", **body})
                assert response.status_code == 200
        assert (await server.state.storage.stats()).users == 0
        await server.client.post("/api/chat", json={"session_id": "asker-0001", "text": QUESTION})
        assert (await server.state.storage.stats()).users == 1  # a logged question is stored for someone
