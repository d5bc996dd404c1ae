"""Browser harness: Debian's Chromium driven by Playwright against pytest-django's live_server.

Run with `make e2e`. Chromium comes from Debian (`apt-get install chromium`), never from
`playwright install`: there is no internet to download a browser build from.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.skips import skip_unless_ci

CHROMIUM = "/usr/bin/chromium"
# The network is closed: without the background-networking switches Chromium keeps
# trying to reach Google's hosts, and as root it needs --no-sandbox.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test, so fixtures can tell in teardown that it failed.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        skip_unless_ci(f"No Chromium at {CHROMIUM}: apt-get install chromium")
    # Playwright's sync API runs an event loop in this thread from here on, and Django
    # refuses database access from a thread with a running loop unless told it is safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _open_page(browser, request, **context_options):
    context = browser.new_context(locale="zh-CN", **context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        artifacts = request.config.rootpath / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        page.screenshot(path=artifacts / f"{name}.png", full_page=True)
    context.close()


@pytest.fixture
def page(browser, request):
    """A desktop-size page in a fresh browser context that asks for Chinese."""
    yield from _open_page(browser, request, viewport=DESKTOP)


@pytest.fixture
def phone_page(browser, request):
    """A phone-size touch page in a fresh browser context that asks for Chinese."""
    yield from _open_page(
        browser, request, viewport=PHONE, is_mobile=True, has_touch=True
    )
