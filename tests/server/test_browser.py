"""The web chat in a real browser: Playwright driving Debian's Chromium, headless.

`make test` installs /usr/bin/chromium (apt) when it is missing; Playwright never downloads
a browser of its own here. The screenshot lands in test-artifacts/ for a human to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from server_helpers import QUESTION, LiveServer
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot import messages

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
