"""Headless Chromium (Debian's, driven by Playwright) against the app served on a loopback port."""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.demo_server import DemoServer, running_demo
from tests.e2e.journeys import CONNECTION_NAME, set_up_connection, sign_in, sync_all_and_wait
from tests.e2e.pages import main_pages

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if "demo" in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.own_processes)


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still synchronous."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        raise pytest.UsageError("Debian's chromium is missing: scripts/test.sh installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def signed_in(page, live_server, admin_user):
    """A page signed in as the integration administrator through the login form."""
    admin_user.set_password("e2e-admin-password")
    admin_user.save()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill("e2e-admin-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


@pytest.fixture(scope="session")
def demo() -> DemoServer:
    """The demo as an administrator runs it (`manage.py demo`), once per session, on its own temporary files."""
    with running_demo() as server:
        yield server


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so that fixtures can tell a failed test at teardown."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def demo_page(request, chromium, demo, tmp_path):
    """A laptop-sized page signed in to the demo as its integration administrator; on failure it leaves a
    screenshot and the end of the demo's log (web server and worker) in the test's report."""
    with _signed_in(chromium, demo) as page:
        yield page
        failed = getattr(request.node, "report_call", None)
        if failed is not None and failed.failed:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            print(f"Screenshot of the failure: {tmp_path / 'failure.png'}\nEnd of the demo's log:\n{demo.tail(60)}")


@contextmanager
def _signed_in(chromium, demo: DemoServer) -> Iterator:
    """A page of a fresh laptop-sized browser context, signed in to the demo; the context closes on leaving."""
    context = chromium.new_context(viewport=LAPTOP, base_url=demo.url)
    try:
        page = context.new_page()
        page.set_default_timeout(20000)
        sign_in(page, demo)
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def connected_demo(chromium, demo) -> DemoServer:
    """The demo with the connection set up by the assisted setup wizard (journey 1 does it; alone, done here)."""
    with _signed_in(chromium, demo) as page:
        page.goto("/connections/")
        if not page.get_by_role("link", name=CONNECTION_NAME, exact=True).count():
            set_up_connection(page, demo)
    return demo


@pytest.fixture(scope="session")
def reviewed_demo(chromium, connected_demo) -> DemoServer:
    """The connected demo after Sync All has run as far as it can (lines may end in Error): pages have data."""
    with _signed_in(chromium, connected_demo) as page:
        sync_all_and_wait(page, connected_demo, allow_errors=True)
    return connected_demo


@pytest.fixture(scope="session")
def synchronized_demo(chromium, connected_demo) -> DemoServer:
    """The connected demo after Sync All on the Full Synchronization Review has finished every line."""
    with _signed_in(chromium, connected_demo) as page:
        sync_all_and_wait(page, connected_demo)
    return connected_demo


@pytest.fixture(scope="module")
def main_page_urls(chromium, reviewed_demo) -> list[tuple[str, str]]:
    """The main pages' (screenshot name, URL), found by following links once per module (the journeys before it
    may have recreated mappings, so the addresses are not kept longer)."""
    with _signed_in(chromium, reviewed_demo) as page:
        return main_pages(page)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
