"""Browser tests: Playwright drives Debian's headless Chromium against a live server."""

import logging
import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from tests.crawl.conftest import demo_app  # noqa: F401 - the seeded demo site, for demo_server

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"browser tests skipped: no Chromium found at {CHROMIUM}")
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(skip)


def _buffered(app):
    """Read each response fully (closing files) before the server writes it.

    A browser may drop a connection mid-response (e.g. the favicon); Werkzeug's development server
    then leaves the file of a static response open, which ``filterwarnings = error`` reports as a
    failure of whatever test runs next.
    """

    def wsgi(environ, start_response):
        iterable = app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            if hasattr(iterable, "close"):
                iterable.close()

    return wsgi


@pytest.fixture(scope="session")
def live_server(app):
    """The test app served on a free port in a background thread."""
    server = make_server("127.0.0.1", 0, _buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, viewport, live_server):
    # Reduced motion turns off Bootstrap's collapse/dropdown transitions: no waiting on animations.
    context = browser.new_context(
        viewport=viewport, base_url=live_server, locale="en-US", reduced_motion="reduce"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def screenshot(page, tmp_path_factory, request):
    """``screenshot("name")`` saves a PNG under the test's temp folder and returns its path."""
    folder = tmp_path_factory.mktemp("screens")

    def _shot(name: str):
        path = folder / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


@pytest.fixture(scope="session")
def demo_server(demo_app):  # noqa: F811 - the fixture imported above
    """The seeded demo site (``flask seed-demo``: real photos and variants) served like
    ``live_server``: what a visitor meets (accessibility and page-weight tests)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request is noise
    server = make_server("127.0.0.1", 0, _buffered(demo_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
