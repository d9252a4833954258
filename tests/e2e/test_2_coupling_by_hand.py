"""Journey 2, coupling work in the browser: uncouple, couple by hand, match-based coupling, and a record that
fails twice, is skipped, is fixed in Sales and is restored for synchronization from Skipped Records."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.journeys import (
    change_in_sales,
    coupled_customer_labels,
    open_coupled_customer,
    reload_until,
    synchronize_from_sales,
)

TOO_LONG_PHONE = "+1 425 555 0100 extension 4711 ask for Ann"
FIXED_PHONE = "+1 425 555 0100"


def test_an_administrator_uncouples_and_couples_a_customer_by_hand(synchronized_demo, demo_page):
    page = demo_page
    name = open_coupled_customer(page, index=1).split(" · ")[-1]
    record_url = page.url
    page.get_by_role("button", name="Uncouple").click()
    expect(page.locator(".messages")).to_contain_text("The uncoupling has been scheduled")
    page.goto(record_url)
    reload_until(page, page.get_by_text("This record is not coupled to account"))

    page.get_by_label("Find a account by name").fill(name)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("radio", name=re.compile(re.escape(name))).first.check()
    page.get_by_role("button", name="Couple", exact=True).click()
    page.goto(record_url)
    reload_until(page, page.get_by_text("Coupled to"))


def test_match_based_coupling_couples_the_selected_customers_again_by_name(synchronized_demo, demo_page):
    page = demo_page
    selected = coupled_customer_labels(page, (2, 3))
    coupled_list = page.url
    for label in selected:
        page.get_by_label(f"Select {label}").check()
    page.get_by_role("button", name="Uncouple").click()
    expect(page.locator(".messages")).to_contain_text("The uncoupling has been scheduled")
    page.get_by_label("Show").select_option("uncoupled")
    page.get_by_role("button", name="Filter").click()
    reload_until(page, page.get_by_role("link", name=selected[1]))

    for label in selected:
        page.get_by_label(f"Select {label}").check()
    page.get_by_role("button", name="Match-Based Coupling").click()
    expect(page.get_by_role("heading", name="Select Coupling Criteria: CUSTOMER")).to_be_visible()
    for checkbox in page.get_by_label(re.compile(r"^Match on ")).all():
        checkbox.set_checked(checkbox.get_attribute("aria-label") == "Match on Name")
    page.get_by_label("Create New If Unable to Find a Match").uncheck()
    screenshot(page, "match-based-coupling")
    page.get_by_role("button", name="Save and Couple").click()
    page.goto(coupled_list)
    for label in selected:
        reload_until(page, page.get_by_role("link", name=label))


def test_a_skipped_customer_is_fixed_in_sales_and_restored_for_synchronization(synchronized_demo, demo_page):
    page = demo_page
    open_coupled_customer(page, index=3)
    bc_id = page.url.rstrip("/").rsplit("/", 1)[1]
    change_in_sales(page, "telephone1", TOO_LONG_PHONE)
    errors = page.locator("table").last.locator("tbody tr")
    for failures in (1, 2):
        synchronize_from_sales(page)
        reload_until(page, errors.nth(failures - 1).get_by_role("cell", name=re.compile("length of the string")))
    skipped_link = page.get_by_role("main").get_by_role("link", name="Skipped Records")
    reload_until(page, skipped_link)
    change_in_sales(page, "telephone1", FIXED_PHONE)

    skipped_link.click()
    expect(page.get_by_role("heading", name="Skipped Records")).to_be_visible()
    screenshot(page, "skipped-records")
    page.get_by_label(f"Select Customer {bc_id}").check()
    page.get_by_role("button", name="Retry", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("The record has been restored for synchronization.")
    expect(page.get_by_label(f"Select Customer {bc_id}")).to_have_count(0)
