"""Journey 1, a new administrator: sign in, assisted setup, Full Synchronization Review with Sync All, a coupled
customer, its Dataverse row changed in Sales, Synchronize Now, and the change arriving in Business Central.

Runs first in the e2e directory (the modules are numbered): it starts from the fresh demo, which the other
journeys then reuse through ``synchronized_demo``.
"""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.journeys import (
    begin_assisted_setup,
    change_in_sales,
    choose_business_central_company,
    enter_credentials,
    finish_assisted_setup,
    open_coupled_customer,
    reload_until,
    review_statuses,
    synchronize_from_sales,
    wait_for_review,
)

NEW_PHONE = "+1 425 555 0142"


def test_a_new_administrator_connects_synchronizes_and_sees_a_change_made_in_sales_arrive_in_business_central(
    demo_page, demo
):
    page = demo_page
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    begin_assisted_setup(page, demo)
    enter_credentials(page, demo)
    screenshot(page, "wizard-credentials")
    page.get_by_role("button", name="Next").click()
    choose_business_central_company(page, demo)
    finish_assisted_setup(page)
    screenshot(page, "wizard-finished")

    page.get_by_role("link", name="Open Full Synchronization Review").click()
    expect(page.get_by_role("heading", name="Full Synchronization Review")).to_be_visible()
    page.get_by_role("button", name="Sync All").click()
    expect(page.locator("#review-lines").get_by_text("In Process").first).to_be_visible()
    screenshot(page, "full-sync-review-running")
    wait_for_review(page)
    statuses = {name: status for name, _, status in review_statuses(page)}
    assert statuses["CUSTOMER"] == "Finished"

    open_coupled_customer(page)
    change_in_sales(page, "telephone1", NEW_PHONE)
    synchronize_from_sales(page)
    reload_until(page, page.get_by_role("cell", name=re.compile(f"Phone No.*{re.escape(NEW_PHONE)}")))

    page.get_by_role("link", name="Sandbox Browser").click()
    page.get_by_role("link", name="Customer (table 18)").click()
    page.get_by_label("Search").fill(NEW_PHONE)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 record match")).to_be_visible()
    page.locator("tbody tr a").first.click()
    expect(page.get_by_role("row", name=f"Phone No. {NEW_PHONE}")).to_be_visible()
