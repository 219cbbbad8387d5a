"""The web chat in a real browser: Playwright driving Debian's Chromium, headless.

`make test` installs /usr/bin/chromium (apt) when it is missing; Playwright never downloads
a browser of its own here. The screenshot lands in test-artifacts/ for a human to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openai_stub import Behaviour, OpenAIStub, faithful_draft
from server_helpers import QUESTION, LiveServer, server_settings, serving
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot import messages
from bot.knowledge import KnowledgeBase
from indexer.embedding import E5Embedder

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# The flags this machine needs: no sandbox as root, and no background connections (the
# closed network refuses them, slowly).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TIMEOUT_MS = 15_000
QUIZ_DONE_HEAD = messages.QUIZ_DONE.split("\n")[0]
MAX_QUIZ_STEPS = 30  # ten questions and a unit choice; the bound only stops a broken flow
XSS = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> thủ tục hành chính?"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 900, "height": 1400}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(live_server.url + "/")
    yield page
    context.close()


def _ask(page: Page, text: str) -> None:
    page.fill("#question", text)
    page.press("#question", "Enter")


def test_ask_expand_citation_menu_and_xss(page: Page) -> None:
    expect(page.locator(".msg.bot").first).to_contain_text("Xin chào")

    _ask(page, QUESTION)
    answer = page.locator(".msg.bot", has=page.locator("details.source")).last
    expect(answer.locator(".text").first).to_contain_text("PAR INDEX")
    citation = answer.locator("details.source summary").first
    expect(citation).to_contain_text("Nguồn: Theo")
    citation.click()
    source = answer.locator(".source-text").first
    expect(source).not_to_have_text(messages.NOT_READY)
    expect(source).to_contain_text("Nguồn: Theo")

    page.get_by_role("button", name=messages.MENU_QA).first.click()
    expect(page.locator(".msg.bot").last).to_contain_text(messages.QA_PROMPT.split(".")[0])
    page.get_by_role("button", name=messages.QA_SUGGESTIONS[0]).click()
    expect(page.locator(".msg.user").last).to_have_text(messages.QA_SUGGESTIONS[0])
    suggested = page.locator(".msg.bot", has=page.locator("details.source")).last
    expect(suggested.locator("details.source summary").first).to_contain_text("Nguồn: Theo")

    _ask(page, XSS)
    expect(page.locator(".msg.user").last).to_have_text(XSS)
    expect(page.locator(".msg.bot .text").last).not_to_have_text("Đang tìm câu trả lời…")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#log script, #log img[src='x']").count() == 0

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-chat.png"), full_page=True)


def test_quiz_played_to_the_end(page: Page) -> None:
    """The menu's quiz entry, a unit, then the first option of every question until the result."""
    expect(page.locator(".msg.bot").first).to_contain_text("Xin chào")
    page.get_by_role("button", name=messages.MENU_QUIZ).first.click()
    done = page.locator(".msg.bot .text", has_text=QUIZ_DONE_HEAD)
    for _ in range(MAX_QUIZ_STEPS):
        expect(page.locator(".thinking")).to_have_count(0)
        if done.count():
            break
        options = page.locator(".msg.bot").last.locator("button[data-payload^='qz:']")
        expect(options.first).to_be_visible()
        options.first.click()
    expect(done).to_have_count(1)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-quiz.png"), full_page=True)


@pytest.fixture(scope="module")
def llm_live_server(
    knowledge: KnowledgeBase, e5: E5Embedder, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, OpenAIStub]]:
    """A live server whose answers the loopback stand-in model writes (slowly enough to see progress)."""
    stub = OpenAIStub()
    stub.start()
    settings = knowledge.settings.model_copy(update={"llm_url": stub.url, "llm_model": "stub-model", "llm_timeout": 20.0})
    kb = KnowledgeBase(settings, embedder=e5)
    kb.load()
    try:
        with serving(server_settings(kb, tmp_path_factory.mktemp("live-llm")), kb) as live:
            yield live, stub
    finally:
        stub.stop()


def test_streamed_answer_written_by_the_model(browser: Browser, llm_live_server: tuple[LiveServer, OpenAIStub]) -> None:
    """Progress while the stand-in writes, then its verified draft with the citation as today."""
    live, stub = llm_live_server
    context = browser.new_context(viewport={"width": 900, "height": 1400}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    streamed: list[str] = []
    page.on("request", lambda request: streamed.append(request.url) if request.url.endswith("/api/chat/stream") else None)
    page.goto(live.url + "/")
    expect(page.locator(".msg.bot").first).to_contain_text("Xin chào")

    # 0.3 s between streamed pieces: the draft takes a few seconds, long enough to watch.
    stub.script = lambda request: Behaviour(content=faithful_draft(request), piece_delay=0.3)
    _ask(page, QUESTION)
    expect(page.locator(".thinking")).to_contain_text("ký tự")  # the drafted length, no draft text
    answer = page.locator(".msg.bot", has=page.locator("details.source")).last
    expect(answer.locator(".text").first).to_have_text(faithful_draft(stub.calls[-1]))
    citation = answer.locator("details.source summary").first
    expect(citation).to_contain_text("Nguồn: Theo [1] ")
    citation.click()
    expect(answer.locator(".source-text").first).to_contain_text("Nguồn: Theo")
    assert stub.calls[-1]["stream"] is True and streamed
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-chat-llm.png"), full_page=True)
    context.close()
