"""The admin console in Chromium: sign-in and lock-out, every page, the gap → curated answer loop,
a refused upload, a reload with its progress and report. Screenshots go to test-artifacts/.

One browser and one server (over a private copy of knowledge/, so uploads and reloads touch
nothing shared) for the whole module; each test has its own browser context (cookies).
The tests run in file order and build on one another where the story does (the gap the
chat leaves is answered in the console, then by the chat).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from browser_helpers import chromium, screenshot
from console_helpers import XSS, editable_knowledge, seed_usage
from playwright.sync_api import Browser, Page, expect
from server_helpers import ADMIN_TOKEN, LiveServer, serving, server_settings

from bot import messages
from bot.console.passwords import hash_password
from bot.knowledge import KnowledgeBase
from indexer.embedding import E5Embedder

TIMEOUT_MS = 20_000
# Charts are drawn by matplotlib on a 2-core machine shared with the rest of the suite.
CHART_TIMEOUT_S = 60
expect.set_options(timeout=TIMEOUT_MS)
PASSWORD = "mật-khẩu-của-Minh"
GAP = "Bộ phận một cửa huyện làm việc mấy giờ?"
CURATED = "Bộ phận một cửa huyện làm việc từ thứ Hai đến thứ Sáu.\nSáng 7h30–11h30, chiều 13h30–17h00."
BROKEN = "uploads/bien-ban-hong.docx"
SEEDED: list[int] = []  # questions seed_usage logged before the server started


@pytest.fixture(scope="module")
def live(knowledge: KnowledgeBase, e5: E5Embedder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The server over a private knowledge base, its database holding two weeks of traffic."""
    root = tmp_path_factory.mktemp("console")
    kb = editable_knowledge(root, knowledge, e5)
    settings = server_settings(kb, root / "server", admin_users=[f"minh:{hash_password(PASSWORD)}"])
    # In a thread of its own: Playwright's sync API already runs an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        SEEDED.append(pool.submit(asyncio.run, seed_usage(settings.database_path)).result())
    with serving(settings, kb) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def _sign_in(page: Page, live: LiveServer, password: str = ADMIN_TOKEN, name: str = "") -> None:
    page.goto(live.url + "/admin/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("#login button[type=submit]")


def _images_loaded(page: Page) -> None:
    """Wait until every image of the page has loaded with a size (a failed one stays 0 wide).

    Polled from here: ``wait_for_function`` evaluates a string, which the page's CSP forbids.
    """
    deadline = time.monotonic() + CHART_TIMEOUT_S
    while not page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"):
        assert time.monotonic() < deadline, "an image of the page did not load"
        page.wait_for_timeout(200)


def _chat(page: Page, live: LiveServer, question: str) -> None:
    page.goto(live.url + "/")
    expect(page.locator(".msg.bot").first).to_contain_text("Xin chào")
    page.fill("#question", question)
    page.press("#question", "Enter")
    expect(page.locator(".msg.bot .text").last).not_to_have_text("Đang tìm câu trả lời…")
    expect(page.locator(".thinking")).to_have_count(0)


def test_sign_in_refuses_a_wrong_token_and_locks_out(page: Page, live: LiveServer) -> None:
    page.goto(live.url + "/admin/gaps")
    expect(page).to_have_url(live.url + "/admin/login")  # no page without a session
    _sign_in(page, live, password="not-the-token")
    expect(page.locator(".errors")).to_contain_text(messages.CONSOLE_LOGIN_FAILED)
    screenshot(page, "console-login-refused")
    for _ in range(4):
        _sign_in(page, live, password="sai", name="minh")
        expect(page.locator(".errors")).to_contain_text(messages.CONSOLE_LOGIN_FAILED)
    _sign_in(page, live, password="sai", name="minh")  # the fifth failure
    _sign_in(page, live, password=PASSWORD, name="minh")  # right, but locked now
    expect(page.locator(".errors")).to_contain_text("Tài khoản này tạm thời bị khóa")
    expect(page.locator("nav")).to_have_count(0)
    screenshot(page, "console-locked")


def test_every_page_with_a_signed_in_admin(page: Page, live: LiveServer) -> None:
    _chat(page, live, XSS)  # a question with a script, for the gaps and overview pages to show
    _sign_in(page, live)
    expect(page.locator("h1")).to_have_text("Tổng quan")
    expect(page.locator(".figure b").first).to_have_text(str(SEEDED[0] + 1))  # the seeded log and the chat
    expect(page.locator(".charts img")).to_have_count(5)
    _images_loaded(page)  # every SVG chart was served and drawn
    screenshot(page, "console-overview")
    for link, heading, name in [
        ("Câu hỏi chưa trả lời được", "Câu hỏi chưa trả lời được", "console-gaps"),
        ("Câu trả lời biên soạn", "Câu trả lời biên soạn", "console-curated-empty"),
        ("Tài liệu", "Tài liệu trong kho tri thức", "console-documents"),
        ("Thủ tục", "Danh mục thủ tục hành chính", "console-procedures"),
        ("Trắc nghiệm", "Trắc nghiệm và báo cáo mức độ nắm vững", "console-quiz"),
        ("Nhật ký quản trị", "Nhật ký quản trị", "console-audit"),
    ]:
        page.get_by_role("link", name=link, exact=True).click()
        expect(page.locator("h1")).to_have_text(heading)
        assert page.evaluate("window.__pwned") is None
        screenshot(page, name)
    page.goto(live.url + "/admin/gaps")
    expect(page.locator("td.question", has_text="<script>window.__pwned = 1</script>")).to_have_count(1)
    page.goto(live.url + "/admin/procedures?q=khai sinh")
    page.locator("table.procedures a").first.click()
    expect(page.locator(".preview h2")).to_contain_text("Trợ lý trả lời")
    screenshot(page, "console-procedure")
    page.goto(live.url + "/admin/quiz")
    _images_loaded(page)
    page.get_by_role("button", name="Sinh câu hỏi từ kho tri thức").click()
    expect(page.locator(".notice")).to_contain_text(messages.CONSOLE_NOTICES["generated"])
    first = page.locator("table.generated tr").nth(1)
    first.get_by_role("button", name="Bật").click()
    expect(page.locator(".notice")).to_contain_text(messages.CONSOLE_NOTICES["quiz_enabled"])
    expect(page.locator("table.generated tr").nth(1)).to_contain_text("Đang dùng")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bao-cao-don-vi.csv").click()
    assert download.value.suggested_filename == "bao-cao-don-vi.csv"
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(live.url + "/admin/login")
    page.goto(live.url + "/admin/")
    expect(page).to_have_url(live.url + "/admin/login")


def test_a_gap_answered_once_in_the_console_is_answered_from_then_on(page: Page, live: LiveServer) -> None:
    _chat(page, live, GAP)
    expect(page.locator(".msg.bot .text").last).to_contain_text("Xin lỗi")
    _sign_in(page, live)
    page.goto(live.url + "/admin/gaps")
    row = page.locator("tr.gap", has=page.locator("td.question", has_text=GAP))
    row.get_by_role("link", name="Viết câu trả lời").click()
    expect(page.locator("textarea[name=questions]")).to_have_value(GAP)  # pre-filled from the gap
    page.fill("textarea[name=questions]", GAP + "\nGiờ làm việc của Bộ phận một cửa huyện?")
    page.fill("textarea[name=answer]", CURATED)
    page.fill("input[name=source_document]", "Quyết định 12/QĐ-UBND")
    page.fill("input[name=source_section]", "Điều 3")
    screenshot(page, "console-curated-form")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".notice")).to_contain_text(messages.CONSOLE_NOTICES["created"])
    expect(page.locator("tr.curated-row .hits").first).to_have_text("0")

    for question in (GAP, "bo phan mot cua huyen lam viec may gio"):
        _chat(page, live, question)
        answer = page.locator(".msg.bot").last
        expect(answer.locator(".text.direct")).to_have_text(CURATED.split("\n")[0])
        expect(answer.locator("details.source summary")).to_contain_text(
            "Nguồn: Theo câu trả lời của cán bộ quản trị, căn cứ Quyết định 12/QĐ-UBND, Điều 3.")
        answer.locator("details.source summary").click()
        expect(answer.locator(".source-text")).to_contain_text("Sáng 7h30–11h30")
    screenshot(page, "web-chat-curated")

    _sign_in(page, live)
    page.goto(live.url + "/admin/curated")
    expect(page.locator("tr.curated-row .hits").first).to_contain_text("2")
    screenshot(page, "console-curated")
    page.goto(live.url + "/admin/gaps")
    covered = page.locator("tr.gap", has=page.locator("td.question", has_text=GAP))
    expect(covered.locator("a.covered")).to_contain_text("Đã có câu trả lời #1")


def test_a_bad_upload_is_refused_and_the_old_store_still_answers(page: Page, live: LiveServer) -> None:
    _sign_in(page, live)
    page.goto(live.url + "/admin/documents")
    page.set_input_files("#upload input[type=file]",
                         files=[{"name": "ke-hoach-moi.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 hong"}])
    page.click("#upload button[type=submit]")
    expect(page.locator(".notice")).to_contain_text("Không nhận tệp “ke-hoach-moi.pdf”: không đọc được nội dung")
    expect(page.locator(".notice")).to_contain_text("Kho tri thức không thay đổi")
    screenshot(page, "console-upload-refused")
    reply = page.request.post(live.url + "/api/chat", data={"session_id": "after-upload-1", "text": "Chỉ số PAR INDEX là gì?"})
    assert reply.ok and "PAR INDEX" in reply.json()["replies"][0]["text"]


def test_a_reload_shows_its_progress_then_the_report_with_skipped_files(page: Page, live: LiveServer) -> None:
    broken = live.settings.knowledge_dir / BROKEN
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"not a docx")
    try:
        _sign_in(page, live)
        page.goto(live.url + "/admin/documents")
        page.get_by_role("button", name="Cập nhật kho tri thức").click()
        expect(page).to_have_url(live.url + "/admin/documents/reload")
        status = page.locator(".reload-status")
        expect(status).to_have_attribute("data-state", "done", timeout=120_000)  # the page refreshes itself
        expect(status).to_contain_text("Đã cập nhật kho tri thức")
        expect(status.locator("ul.skipped")).to_contain_text("bien-ban-hong.docx")
        screenshot(page, "console-reload")
        page.goto(live.url + "/admin/documents")
        expect(page.locator("tr.document", has_text=BROKEN)).to_contain_text("Không đọc được")
        page.goto(live.url + "/admin/audit")
        expect(page.locator("tr.audit-row").first).to_contain_text("Cập nhật kho tri thức")
    finally:
        broken.unlink()
