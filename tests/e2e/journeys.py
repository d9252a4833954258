"""Steps an administrator takes in the browser, shared by the journeys: sign in, the assisted setup, Sync All.

Each step acts only through what the page shows (labels, roles, visible text), as a person would.
"""

import re
import time

from playwright.sync_api import Locator, Page, expect

from sandbox.demo import credentials as demo_tenant
from tests.e2e.demo_server import DemoServer

__all__ = [
    "CONNECTION_NAME",
    "SYNC_TIMEOUT_MS",
    "begin_assisted_setup",
    "change_in_sales",
    "choose_business_central_company",
    "coupled_customer_labels",
    "enter_credentials",
    "finish_assisted_setup",
    "open_coupled_customer",
    "open_coupled_customers",
    "reload_until",
    "review_statuses",
    "set_up_connection",
    "sign_in",
    "sync_all_and_wait",
    "synchronize_from_sales",
    "wait_for_review",
]

CONNECTION_NAME = "CRONUS USA"
SYNC_TIMEOUT_MS = 150_000

REVIEW_STATUSES_JS = """
() => [...document.querySelectorAll('#review-lines tbody tr')]
  .filter(row => row.cells.length > 6)
  .map(row => [row.cells[0].textContent.trim(), row.cells[3].textContent.trim(), row.cells[6].textContent.trim()])
"""


def sign_in(page: Page, demo: DemoServer) -> None:
    page.goto(f"{demo.url}/login/")
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(demo.admin_password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{demo.url}/")


def begin_assisted_setup(page: Page, demo: DemoServer, *, name: str = CONNECTION_NAME) -> None:
    """Welcome step: a name and the Dataverse organization URL of the sandbox."""
    page.goto(f"{demo.url}/connections/assisted-setup/")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Dynamics 365 Sales URL").fill(f"{demo.url}/sandbox/dataverse")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Specify the user used for synchronization")).to_be_visible()


def enter_credentials(page: Page, demo: DemoServer, *, secret: str = demo_tenant.CLIENT_SECRET) -> None:
    """Credentials step: the demo app registration; the caller chooses Next (or checks an error)."""
    page.get_by_label("Dataverse tenant").fill(demo_tenant.TENANT_ID)
    page.get_by_label("Authority host").fill(f"{demo.url}/sandbox/login")
    page.get_by_label("Client ID").fill(demo_tenant.CLIENT_ID)
    page.get_by_label("Client secret").fill(secret)


def choose_business_central_company(page: Page, demo: DemoServer) -> None:
    expect(page.get_by_role("heading", name="Business Central company")).to_be_visible()
    page.get_by_label("Business Central API URL").fill(f"{demo.url}/sandbox/bc")
    page.get_by_label("Business Central tenant").fill(demo_tenant.TENANT_ID)
    page.get_by_label(re.compile(r"^Company:?$")).fill(demo_tenant.COMPANY_NAME)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Optionally, set up Field Service integration")).to_be_visible()


def finish_assisted_setup(page: Page) -> None:
    """Field Service → Finish; the solution import asks for a Sales administrator, as BC's guide does."""
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Finish", exact=True)).to_be_visible()
    page.get_by_role("button", name="Finish").click()
    done = page.get_by_role("heading", name="The connection is set up")
    admin = page.get_by_role("region", name="Dynamics 365 Sales Admin Credentials")
    expect(done.or_(admin)).to_be_visible(timeout=60_000)
    if admin.is_visible():
        admin.get_by_label("User name").fill(demo_tenant.ADMIN_UPN)
        admin.get_by_label("Password").fill(demo_tenant.ADMIN_PASSWORD)
        admin.get_by_role("button", name="OK").click()
    expect(done).to_be_visible(timeout=60_000)


def set_up_connection(page: Page, demo: DemoServer) -> None:
    """The whole assisted setup with the demo tenant's values, for journeys that start from a connection."""
    begin_assisted_setup(page, demo)
    enter_credentials(page, demo)
    page.get_by_role("button", name="Next").click()
    choose_business_central_company(page, demo)
    finish_assisted_setup(page)


def review_statuses(page: Page) -> list[list[str]]:
    """The Full Synchronization Review lines as [name, recommendation, status]."""
    return page.evaluate(REVIEW_STATUSES_JS)


def sync_all_and_wait(page: Page, demo: DemoServer, *, allow_errors: bool = False) -> None:
    """Sync All on the Full Synchronization Review (unless it already runs), then wait for the review.

    Fails as soon as a line shows Error, naming the lines and their statuses, rather than waiting for lines that
    can no longer start (a line waits for the lines it depends on to finish).
    """
    page.goto(f"{demo.url}/mappings/full-sync-review/")
    sync_all = page.get_by_role("button", name="Sync All")
    if sync_all.is_enabled():
        sync_all.click()
    wait_for_review(page, allow_errors=allow_errors)


def wait_for_review(page: Page, *, allow_errors: bool = False) -> None:
    """On the Full Synchronization Review: reload until no line runs or waits; fail on the first Error unless
    errors are allowed (then lines that wait for a failed line are left waiting)."""
    deadline = time.monotonic() + SYNC_TIMEOUT_MS / 1000
    while True:
        lines = review_statuses(page)
        failed = [name for name, _, status in lines if status == "Error"]
        assert allow_errors or not failed, f"Full Synchronization Review: {lines}"
        pending = [
            name
            for name, recommendation, status in lines
            if status == "In Process" or ("Waits for" in recommendation and not (allow_errors and failed))
        ]
        if lines and not pending:
            return
        assert time.monotonic() < deadline, f"Still running or waiting after {SYNC_TIMEOUT_MS} ms: {lines}"
        page.wait_for_timeout(1000)
        page.reload()


def reload_until(page: Page, locator: Locator, *, timeout_ms: int = 60_000) -> None:
    """Reload the page until the locator shows: background jobs finish in the worker, not in the page."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not locator.first.is_visible():
        if time.monotonic() > deadline:
            expect(locator.first).to_be_visible(timeout=1)
        page.wait_for_timeout(1000)
        page.reload()


def open_coupled_customers(page: Page) -> None:
    """Coupled Records → Customer, showing the coupled records only."""
    page.goto("/mappings/coupled/")
    page.get_by_role("link", name="Customer", exact=True).click()
    page.get_by_label("Show").select_option("coupled")
    page.get_by_role("button", name="Filter").click()


def coupled_customer_labels(page: Page, rows: tuple[int, ...]) -> list[str]:
    """The labels ("No. · Name") of the given rows of the coupled customers' list."""
    open_coupled_customers(page)
    links = page.locator("tbody tr td:nth-child(2) a")
    return [links.nth(row).inner_text().strip() for row in rows]


def open_coupled_customer(page: Page, *, index: int = 0) -> str:
    """Coupled Records → Customer → the index-th coupled customer; returns its label as listed ("No. · Name")."""
    open_coupled_customers(page)
    link = page.locator("tbody tr td:nth-child(2) a").nth(index)
    name = link.inner_text().strip()
    link.click()
    expect(page.get_by_text("Coupled to")).to_be_visible()
    return name


def change_in_sales(page: Page, field: str, value: str) -> None:
    """From a coupled record's page: open its row in Dynamics 365 Sales (the sandbox) and change one field."""
    with page.expect_popup() as opened:
        page.get_by_role("link", name="Open in Dynamics 365 Sales").click()
    sales = opened.value
    expect(sales.get_by_role("heading", name=re.compile(r"^account "))).to_be_visible()
    sales.get_by_label("Field", exact=True).select_option(field)
    sales.get_by_label("New value").fill(value)
    sales.get_by_role("button", name="Save").click()
    expect(sales.get_by_text(f"Changed {field} of account")).to_be_visible()
    expect(sales.get_by_role("row", name=f"{field} {value}")).to_be_visible()
    sales.close()


def synchronize_from_sales(page: Page) -> None:
    """On a coupled record's page: Synchronize Now from Dataverse to Business Central, back on the same page."""
    record_url = page.url
    page.get_by_label("Direction").select_option(label="Dataverse to Business Central")
    page.get_by_role("button", name="Synchronize Now").click()
    expect(page.locator(".messages")).to_contain_text("The synchronization has been scheduled")
    page.goto(record_url)
