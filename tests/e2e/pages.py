"""The main pages of a synchronized demo, reached the way an administrator reaches them: by following links.

``main_pages(page)`` returns each page's screenshot name and address; the tour photographs them and the
laptop/phone checks walk them, so both cover the same pages.
"""

from playwright.sync_api import Page

from tests.e2e.journeys import CONNECTION_NAME

__all__ = ["main_pages"]


def _follow(page: Page, start: str, *links: str) -> str:
    """Open ``start`` and follow the links named, in order; returns where that leads."""
    page.goto(start)
    for name in links:
        page.get_by_role("main").get_by_role("link", name=name, exact=True).first.click()
        page.wait_for_load_state()
    return page.url


def _first_row_link(page: Page, start: str, column: int | None = None) -> str:
    """The first link in the page's table (in the given column, when given): a record, a job."""
    page.goto(start)
    cell = f"td:nth-child({column})" if column else "td"
    page.locator(f"main tbody tr {cell} a").first.click()
    page.wait_for_load_state()
    return page.url


def main_pages(page: Page) -> list[tuple[str, str]]:
    """(screenshot name, URL) of every main page, with data in it."""
    currency_list = _follow(page, "/mappings/coupled/", "Currency")
    accounts = _follow(page, "/sandbox/browser/", "account (accounts)")
    return [
        ("dashboard", "/"),
        ("connection-setup", _follow(page, "/connections/", CONNECTION_NAME)),
        ("integration-table-mappings", "/mappings/"),
        ("mapping-card", _follow(page, "/mappings/", "CUSTOMER")),
        ("field-mappings", _follow(page, "/mappings/", "CUSTOMER", "Field Mappings")),
        ("full-synchronization-review", "/mappings/full-sync-review/"),
        ("coupled-records", "/mappings/coupled/"),
        ("coupled-currencies", currency_list),
        ("coupled-record", _first_row_link(page, f"{currency_list}?state=coupled", 2)),
        ("synchronization-log", "/log/"),
        ("synchronization-job", _first_row_link(page, "/log/", 1)),
        ("integration-errors", "/log/errors/"),
        ("skipped-records", "/log/skipped/"),
        ("job-queue-entries", "/mappings/job-queue/"),
        ("sales-orders", "/mappings/sales-orders/"),
        ("sandbox-browser", "/sandbox/browser/"),
        ("sandbox-browser-table", accounts),
        ("sandbox-browser-record", _first_row_link(page, accounts)),
        ("audit-trail", "/audit/"),
    ]
