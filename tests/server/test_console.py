"""The admin console over HTTP (in-process): off without credentials, sessions, CSRF, lock-out, escaping.

The browser tests (test_console_browser.py) drive the same pages in Chromium; these check
the rules that must hold for every route, enumerated from the routers themselves, so a
route added later is covered without being listed here.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest
import yaml
from console_helpers import XSS, XSS_MARK, csrf, editable_knowledge, sign_in
from pydantic import ValidationError
from server_helpers import ADMIN_TOKEN, Running, running, server_settings

from bot import messages
from bot.config import Settings
from bot.console.passwords import hash_password
from bot.console.signin import ACCOUNT_FAILURES, ADDRESS_FAILURES
from bot.knowledge import KnowledgeBase
from bot.server.console.auth import SESSION_COOKIE, actions, pages
from bot.storage.console import ConsoleStore
from bot.storage.curated import CuratedStore
from indexer.embedding import E5Embedder

PASSWORD = "mật-khẩu-của-Lan"
EXAMPLE_PARAMS = {"answer_id": "1", "question_id": "q1", "name": "questions", "table": "units", "procedure_id": "x"}


@pytest.fixture(scope="module")
def lan_entry() -> str:
    return f"lan:{hash_password(PASSWORD)}"


def _paths(router_routes: list, method: str) -> list[str]:
    paths = []
    for route in router_routes:
        if method in route.methods:
            path = route.path
            for name, value in EXAMPLE_PARAMS.items():
                path = path.replace("{" + name + "}", value)
            paths.append(path)
    return sorted(set(paths))


PAGE_PATHS = _paths(pages.routes, "GET")
ACTION_PATHS = _paths(actions.routes, "POST")


def test_every_console_route_is_covered_by_these_tests() -> None:
    assert len(PAGE_PATHS) >= 15 and len(ACTION_PATHS) >= 10
    assert "/admin/logout" in ACTION_PATHS and "/admin/curated" in ACTION_PATHS


# ------------------------------------------------------------------ on and off


async def test_console_off_without_any_credential(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    async with running(server_settings(knowledge, tmp_path / "d", admin_token=None), knowledge) as server:
        for path in ("/admin/", "/admin/login", "/admin/gaps", "/static/admin.css"):
            status = (await server.client.get(path)).status_code
            assert status == (200 if path.startswith("/static") else 404), path
        assert (await server.client.post("/admin/login", data={"password": "x"})).status_code == 404


async def test_named_admins_alone_turn_the_console_on(knowledge: KnowledgeBase, tmp_path: Path, lan_entry: str) -> None:
    settings = server_settings(knowledge, tmp_path / "d", admin_token=None, admin_users=[lan_entry])
    async with running(settings, knowledge) as server:
        client = server.client
        assert (await client.get("/admin/stats")).status_code == 404  # the bearer API needs the token
        assert (await sign_in(client, ADMIN_TOKEN)).status_code == 401  # no token configured
        assert (await sign_in(client, "sai", name="lan")).status_code == 401
        assert (await sign_in(client, PASSWORD, name="lan")).status_code == 303
        page = await client.get("/admin/audit")
        assert page.status_code == 200 and "lan" in page.text and "Đăng nhập sai" in page.text


def test_admin_users_setting_refuses_plain_passwords_and_parses_lists(lan_entry: str) -> None:
    with pytest.raises(ValidationError, match="hash-password"):
        Settings(admin_users="lan:matkhau", _env_file=None)
    settings = Settings(admin_users=f"{lan_entry}, {lan_entry.replace('lan:', 'minh:')}", _env_file=None)
    assert sorted(settings.admin_accounts) == ["lan", "minh"] and settings.console_enabled
    assert not Settings(_env_file=None).console_enabled


# ------------------------------------------------------------------ sessions


@pytest.mark.parametrize("path", PAGE_PATHS)
async def test_no_page_without_a_session(server: Running, path: str) -> None:
    for forged in (None, "forged.value.sig"):
        server.client.cookies.clear()
        if forged:
            server.client.cookies.set(SESSION_COOKIE, forged, path="/admin")
        response = await server.client.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/admin/login", path


async def test_no_action_without_a_session(server: Running) -> None:
    for path in ACTION_PATHS:
        response = await server.client.post(path, data={"csrf": "x", "questions": "a", "answer": "b"})
        assert response.status_code == 401 and messages.CONSOLE_SIGN_IN_FIRST in response.text, path
    assert await CuratedStore(server.state.storage).all() == []


async def test_session_cookie_flags_and_sign_out(server: Running) -> None:
    response = await sign_in(server.client, ADMIN_TOKEN)
    assert response.status_code == 303 and response.headers["location"] == "/admin/"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE + "="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/admin" in cookie
    assert "Secure" not in cookie  # plain HTTP here; HTTPS below
    value = server.client.cookies[SESSION_COOKIE]
    token = await csrf(server.client)
    assert (await server.client.post("/admin/logout", data={"csrf": token})).status_code == 303
    server.client.cookies.set(SESSION_COOKIE, value, path="/admin")  # a copy of the old cookie
    assert (await server.client.get("/admin/")).status_code == 303


async def test_cookie_is_secure_over_https(server: Running) -> None:
    transport = httpx.ASGITransport(app=server.app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
        response = await sign_in(client, ADMIN_TOKEN)
        assert "Secure" in next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))


async def test_sign_in_form_needs_its_own_token(server: Running) -> None:
    response = await server.client.post("/admin/login", data={"password": ADMIN_TOKEN, "login_token": "guess"})
    assert response.status_code == 403 and messages.CONSOLE_LOGIN_FORM_EXPIRED in response.text
    assert SESSION_COOKIE not in server.client.cookies


# ------------------------------------------------------------------ CSRF


async def test_every_action_refuses_a_missing_or_wrong_csrf_token(server: Running) -> None:
    await sign_in(server.client, ADMIN_TOKEN)
    good = await csrf(server.client)
    for path in ACTION_PATHS:
        for data in ({"questions": "Giờ làm việc?", "answer": "x"}, {"csrf": good[:-2] + "xx", "answer": "x"}):
            response = await server.client.post(path, data=data)
            assert response.status_code == 403 and messages.CONSOLE_CSRF_FAILED in response.text, path
    assert await CuratedStore(server.state.storage).all() == []
    assert {e.action for e in await ConsoleStore(server.state.storage).audit_log()} == {"login"}
    assert (await server.client.get("/admin/")).status_code == 200  # still signed in: logout was refused too


# ------------------------------------------------------------------ lock-out


async def test_an_account_is_locked_after_repeated_failures(server: Running) -> None:
    for _ in range(ACCOUNT_FAILURES):
        response = await sign_in(server.client, "wrong")
        assert response.status_code == 401 and messages.CONSOLE_LOGIN_FAILED in response.text
    locked = await sign_in(server.client, ADMIN_TOKEN)  # the right token, too late
    assert locked.status_code == 429 and SESSION_COOKIE not in server.client.cookies
    assert messages.CONSOLE_LOCKED_ACCOUNT.split("{")[0] in locked.text and "15 phút" in locked.text
    actions_logged = [e.action for e in await ConsoleStore(server.state.storage).audit_log()]
    assert actions_logged.count("login_failed") == ACCOUNT_FAILURES and actions_logged[0] == "login_locked"


async def test_a_success_forgives_earlier_typos(server: Running) -> None:
    for _ in range(ACCOUNT_FAILURES - 1):
        await sign_in(server.client, "wrong")
    assert (await sign_in(server.client, ADMIN_TOKEN)).status_code == 303
    for _ in range(ACCOUNT_FAILURES - 1):
        await sign_in(server.client, "wrong")
    assert (await sign_in(server.client, ADMIN_TOKEN)).status_code == 303


async def test_an_address_is_locked_after_failures_on_many_names(server: Running) -> None:
    store = ConsoleStore(server.state.storage)
    for n in range(ADDRESS_FAILURES):  # as if many names had been tried from this machine
        await store.audit(actor=f"name{n}", action="login_failed", address="127.0.0.1",
                          at=datetime.now(timezone.utc))
    locked = await sign_in(server.client, ADMIN_TOKEN)
    assert locked.status_code == 429 and "Máy của bạn tạm thời không được đăng nhập" in locked.text


# ------------------------------------------------------------------ escaping


async def test_a_script_in_questions_answers_and_names_is_shown_as_text_on_every_page(server: Running) -> None:
    client = server.client
    chat = await client.post("/api/chat", json={"session_id": "xss-user-1", "text": XSS})
    assert chat.status_code == 200
    await sign_in(client, ADMIN_TOKEN)
    token = await csrf(client)
    created = await client.post("/admin/curated", data={
        "csrf": token, "questions": XSS + "\nGiờ làm việc?", "answer": XSS, "source_document": XSS, "enabled": "on",
    })
    assert created.status_code == 303, created.text
    upload = await client.post("/admin/documents/upload", data={"csrf": token},
                               files={"file": (XSS + ".exe", b"MZ", "application/octet-stream")})
    assert upload.status_code == 200 and XSS_MARK not in upload.text and "&lt;script&gt;" in upload.text
    shown = [
        "/admin/", "/admin/gaps", "/admin/curated", "/admin/curated/1", "/admin/audit",
        f"/admin/curated?test={XSS}", f"/admin/procedures?q={XSS}", f"/admin/curated/new?q={XSS}",
    ]
    for path in [*shown, "/admin/documents", "/admin/quiz", "/admin/procedures"]:
        page = await client.get(path)
        assert page.status_code == 200, path
        assert XSS_MARK not in page.text and "<img src=x" not in page.text, path
        if path in shown:
            assert "&lt;script&gt;window.__pwned" in page.text, path


# ------------------------------------------------------------------ curated answers


async def test_a_refused_form_keeps_what_was_typed_and_stores_nothing(server: Running) -> None:
    await sign_in(server.client, ADMIN_TOKEN)
    response = await server.client.post("/admin/curated", data={
        "csrf": await csrf(server.client), "questions": "Giờ làm việc?", "answer": " ", "source_url": "javascript:x",
    })
    assert response.status_code == 422
    assert messages.CURATED_NO_ANSWER in response.text and messages.CURATED_BAD_URL in response.text
    assert "Giờ làm việc?" in response.text
    assert await CuratedStore(server.state.storage).all() == []


async def test_export_then_import_round_trips_and_a_bad_file_imports_nothing(server: Running) -> None:
    client = server.client
    await sign_in(client, ADMIN_TOKEN)
    token = await csrf(client)
    await client.post("/admin/curated", data={"csrf": token, "questions": "Giờ làm việc?", "answer": "7h30.",
                                              "expires_on": "2030-12-31", "enabled": "on"})
    exported = await client.get("/admin/curated/export.yaml")
    entries = yaml.safe_load(exported.text)
    assert entries == [{"id": 1, "questions": ["Giờ làm việc?"], "answer": "7h30.", "expires_on": "2030-12-31",
                        "enabled": True}]
    entries[0]["answer"] = "8h00."
    entries.append({"questions": ["Địa chỉ bộ phận một cửa?"], "answer": "Tầng 1."})
    imported = await client.post("/admin/curated-import", data={"csrf": token},
                                 files={"file": ("a.yaml", yaml.safe_dump(entries, allow_unicode=True).encode())})
    assert imported.status_code == 200 and "Đã nhập 1 câu trả lời mới, cập nhật 1 câu trả lời." in imported.text
    bad = [{"questions": [], "answer": "x"}, {"questions": ["a?"], "answer": "y", "colour": "red"}]
    refused = await client.post("/admin/curated-import", data={"csrf": token},
                                files={"file": ("b.yaml", yaml.safe_dump(bad).encode())})
    assert refused.status_code == 422 and "Mục 1: Câu hỏi: cần ít nhất một câu hỏi." in refused.text
    assert "Mục 2: Trường “colour” không được hỗ trợ." in refused.text
    answers = await CuratedStore(server.state.storage).all()
    assert sorted(a.answer for a in answers) == ["8h00.", "Tầng 1."]


# ------------------------------------------------------------------ documents


async def test_delete_moves_the_file_to_the_trash_and_rebuilds(
    knowledge: KnowledgeBase, e5: E5Embedder, tmp_path: Path
) -> None:
    kb = editable_knowledge(tmp_path, knowledge, e5)
    async with running(server_settings(kb, tmp_path / "d"), kb) as server:
        client = server.client
        await sign_in(client, ADMIN_TOKEN)
        token = await csrf(client)
        target = "legal/van-hoa-cong-vu.md"
        page = await client.get("/admin/documents")
        assert target in page.text and "Văn hóa công vụ" in page.text
        assert (await client.post("/admin/documents/delete", data={"csrf": token, "path": "../../etc/passwd"})).status_code == 404
        response = await client.post("/admin/documents/delete", data={"csrf": token, "path": target})
        assert response.status_code == 200 and "Đã xóa tài liệu legal/van-hoa-cong-vu.md" in response.text
        assert not (kb.settings.knowledge_dir / target).exists()
        assert list((server.state.settings.data_dir / "trash").rglob("van-hoa-cong-vu.md"))
        assert all(m.path != target for m in kb.answerer.retriever.store.documents.values())


# A real document is far larger than the 64 KiB of other /admin/ bodies (issue 12 limits them).
BIG_PLAN = (
    "KẾ HOẠCH\nThí điểm Tổ tiếp nhận hồ sơ lưu động năm 2025\n"
    "I. MỤC ĐÍCH\nTổ tiếp nhận hồ sơ lưu động làm việc tại nhà văn hóa thôn vào sáng thứ Năm hằng tuần.\n"
    + "\n" * 150_000  # blank lines: a large file that yields one short answer unit
).encode()


async def test_a_document_over_the_admin_body_limit_is_uploaded_to_the_volume_and_deleted_from_there(
    knowledge: KnowledgeBase, e5: E5Embedder, tmp_path: Path
) -> None:
    """As in Docker: CCHC_UPLOADS_DIR on the data volume, outside knowledge/."""
    edited = editable_knowledge(tmp_path, knowledge, e5)
    volume = tmp_path / "volume" / "uploads"
    kb = KnowledgeBase(edited.settings.model_copy(update={"uploads_dir": volume}), embedder=e5)
    kb.load()
    async with running(server_settings(kb, tmp_path / "d"), kb) as server:
        client = server.client
        await sign_in(client, ADMIN_TOKEN)
        token = await csrf(client)
        assert len(BIG_PLAN) > server.state.settings.max_body_bytes_admin
        saved = await client.post("/admin/documents/upload", data={"csrf": token},
                                  files={"file": ("to-luu-dong.txt", BIG_PLAN, "text/plain")})
        assert saved.status_code == 200, saved.text
        assert messages.UPLOAD_SAVED.format(name="to-luu-dong.txt", saved="to-luu-dong.txt") in saved.text
        assert (volume / "to-luu-dong.txt").read_bytes() == BIG_PLAN
        assert any(c.doc_id == "uploads/to-luu-dong" for c in kb.answerer.retriever.store.chunks)
        target = "uploads/to-luu-dong.txt"
        assert "/admin/documents/delete?path=uploads/to-luu-dong.txt" in (await client.get("/admin/documents")).text
        assert (await client.get("/admin/documents/delete", params={"path": target})).status_code == 200
        deleted = await client.post("/admin/documents/delete", data={"csrf": token, "path": target})
        assert deleted.status_code == 200 and f"Đã xóa tài liệu {target}" in deleted.text
        assert not (volume / "to-luu-dong.txt").exists()
        assert list((server.state.settings.data_dir / "trash").rglob("uploads/to-luu-dong.txt"))
        assert all(c.doc_id != "uploads/to-luu-dong" for c in kb.answerer.retriever.store.chunks)
        outside = await client.post("/admin/documents/delete", data={"csrf": token, "path": "uploads/../../etc/passwd"})
        assert outside.status_code == 404


async def test_console_file_forms_get_their_file_s_limit_and_nothing_else_does(
    knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    settings = server_settings(knowledge, tmp_path / "d", max_upload_bytes=200 * 1024)
    async with running(settings, knowledge) as server:
        client = server.client
        await sign_in(client, ADMIN_TOKEN)
        token = await csrf(client)
        # Over the admin body limit, within the upload limit: the console's own Vietnamese refusal.
        wrong = await client.post("/admin/documents/upload", data={"csrf": token},
                                  files={"file": ("bang-tinh.exe", b"MZ" * 60_000, "application/octet-stream")})
        assert wrong.status_code == 200 and "Không nhận tệp “bang-tinh.exe”: chỉ hỗ trợ" in wrong.text
        # Past the upload limit and its multipart room: refused before the body is read.
        huge = await client.post("/admin/documents/upload", data={"csrf": token},
                                 files={"file": ("lon.txt", b"a" * (300 * 1024), "text/plain")})
        assert huge.status_code == 413
        entries = [{"questions": [f"Câu hỏi thường gặp số {n}?"], "answer": "Trả lời. " + "x" * 300}
                   for n in range(300)]
        data = yaml.safe_dump(entries, allow_unicode=True).encode()
        assert len(data) > server.state.settings.max_body_bytes_admin
        imported = await client.post("/admin/curated-import", data={"csrf": token}, files={"file": ("a.yaml", data)})
        assert imported.status_code == 200, imported.text[:300]
        assert messages.CURATED_IMPORTED.format(created=300, updated=0) in imported.text
        # Every other admin route keeps the 64 KiB limit.
        form = await client.post("/admin/curated", data={"csrf": token, "questions": "Giờ?", "answer": "x" * 100_000})
        assert form.status_code == 413


# ------------------------------------------------------------------ enrolment (issue 12)


async def test_invites_issued_in_the_console_enrol_on_the_web_and_are_shown_once(server: Running) -> None:
    client = server.client
    await sign_in(client, ADMIN_TOKEN)
    token = await csrf(client)
    page = await client.get("/admin/quiz")
    assert 'action="/admin/quiz/invites"' in page.text
    assert messages.REPORT_PRACTICE.format(count=0) in page.text  # the page says what the report leaves out
    issued = await client.post("/admin/quiz/invites", data={"csrf": token, "unit": "vp", "count": "2", "uses": "1"})
    assert issued.status_code == 200 and issued.headers["cache-control"] == "no-store"
    assert "2 mã tham gia cho đơn vị “Văn phòng HĐND và UBND” (vp)" in issued.text
    codes = re.findall(r"/thamgia ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", issued.text)
    assert len(set(codes)) == 2
    chat = await client.post("/api/chat", json={"session_id": "enrolled-visitor-1", "text": f"/thamgia {codes[0]}"})
    assert chat.json()["replies"][0]["text"] == messages.ENROL_DONE.format(unit="Văn phòng HĐND và UBND")
    again = (await client.get("/admin/quiz")).text
    assert not any(code in again for code in codes)  # never shown again
    (entry, *_rest) = await ConsoleStore(server.state.storage).audit_log()
    assert (entry.action, entry.target) == ("quiz_invites", "vp") and codes[0] not in entry.detail
    for data, refusal in (({"unit": "vp", "count": "0"}, "Số mã phải từ 1 đến 1000"),
                          ({"unit": "vp", "count": "x"}, "Số mã phải từ 1 đến 1000"),
                          ({"unit": "vp", "uses": "10001"}, "Số mã phải từ 1 đến 1000"),
                          ({"unit": "khong-co"}, "Không có đơn vị “khong-co”")):
        refused = await client.post("/admin/quiz/invites", data={"csrf": token, **data})
        assert refused.status_code == 422 and refusal in refused.text, data


async def test_overview_charts_are_svg_for_every_period(server: Running) -> None:
    await server.client.post("/api/chat", json={"session_id": "chart-user-1", "text": "Chỉ số PAR INDEX là gì?"})
    await sign_in(server.client, ADMIN_TOKEN)
    for days in ("7", "30", "90", "5"):
        page = await server.client.get("/admin/", params={"days": days})
        assert page.status_code == 200 and f"/admin/charts/questions.svg?days={days if days != '5' else '30'}" in page.text
    for name in ("questions", "share", "votes", "channels", "quiz"):
        response = await server.client.get(f"/admin/charts/{name}.svg", params={"days": "7"})
        assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"
        assert response.text.lstrip().startswith("<?xml") and "<svg" in response.text
    assert (await server.client.get("/admin/charts/nothing.svg")).status_code == 422
