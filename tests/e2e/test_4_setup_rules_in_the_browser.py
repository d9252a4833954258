"""Journey 3, set-up rules as the browser shows them: a wrong client secret, the mutual exclusion of the two
sales order options, and the Unit Group Mapping switch (only while disabled, after a question)."""

import re

from playwright.sync_api import Page, expect

from connection_setup.models import MUTUAL_EXCLUSION_MESSAGE
from tests.e2e.conftest import screenshot
from tests.e2e.journeys import CONNECTION_NAME, begin_assisted_setup, enter_credentials

LEGACY = "Enable Legacy Sales Order Integration"
BIDIRECTIONAL = "Enable Bidirectional Sales Order Integration"
SETUP_LEGACY = re.compile(r"^Legacy Sales Order Integration Enabled")
SETUP_BIDIRECTIONAL = re.compile(r"^Bidirectional Sales Order Integration")
UNIT_GROUP_RULE = "Unit Group Mapping can be changed only while the connection is disabled."


def _open_connection_setup(page: Page) -> None:
    page.goto("/connections/")
    page.get_by_role("main").get_by_role("link", name=CONNECTION_NAME, exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(CONNECTION_NAME))).to_be_visible()


def test_a_wrong_client_secret_keeps_the_assisted_setup_on_the_credentials_step(demo, demo_page):
    page = demo_page
    begin_assisted_setup(page, demo, name="CRONUS USA (second try)")
    enter_credentials(page, demo, secret="not-the-client-secret")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_text(re.compile("AADSTS7000215"))).to_be_visible()
    expect(page.get_by_role("heading", name="Specify the user used for synchronization")).to_be_visible()
    expect(page.get_by_label("Client secret")).to_have_value("")
    assert "not-the-client-secret" not in page.content()
    screenshot(page, "wizard-wrong-secret")


def test_the_two_sales_order_options_exclude_each_other_in_the_assisted_setup(demo, demo_page):
    page = demo_page
    begin_assisted_setup(page, demo, name="CRONUS USA (sales orders)")
    enter_credentials(page, demo)
    page.get_by_role("button", name="Advanced").click()
    page.get_by_label(LEGACY).check()
    page.get_by_label(BIDIRECTIONAL).check()
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_text(MUTUAL_EXCLUSION_MESSAGE)).to_be_visible()
    expect(page.get_by_role("heading", name="Specify the user used for synchronization")).to_be_visible()


def test_the_two_sales_order_options_exclude_each_other_on_the_connection_setup(connected_demo, demo_page):
    page = demo_page
    _open_connection_setup(page)
    page.get_by_label(SETUP_LEGACY).check()
    page.get_by_label(SETUP_BIDIRECTIONAL).check()
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_text(MUTUAL_EXCLUSION_MESSAGE).first).to_be_visible()
    _open_connection_setup(page)
    assert not (page.get_by_label(SETUP_LEGACY).is_checked() and page.get_by_label(SETUP_BIDIRECTIONAL).is_checked())


def _save_unit_group_switch(page: Page, *, on: bool) -> None:
    _open_connection_setup(page)
    page.get_by_label("Unit Group Mapping").set_checked(on)
    page.get_by_role("button", name="Save settings").click()


def test_unit_group_mapping_switches_only_while_disabled_and_after_its_question(connected_demo, demo_page):
    page = demo_page
    _open_connection_setup(page)
    was_on = page.get_by_label("Unit Group Mapping").is_checked()
    _save_unit_group_switch(page, on=not was_on)
    expect(page.get_by_text(UNIT_GROUP_RULE)).to_be_visible()

    _open_connection_setup(page)
    page.get_by_role("button", name="Disable").click()
    expect(page.get_by_role("button", name="Enable")).to_be_visible()
    if was_on:
        _save_unit_group_switch(page, on=False)
        expect(page.get_by_text(re.compile("Unit Group Mapping is disabled"))).to_be_visible()
    _save_unit_group_switch(page, on=True)
    expect(page.get_by_text("Do you want to enable Unit Group Mapping?")).to_be_visible()
    page.get_by_role("button", name="Yes").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Unit Group")
    screenshot(page, "unit-group-mapping")

    _open_connection_setup(page)
    page.get_by_role("button", name="Enable").click()
    expect(page.get_by_role("button", name="Disable")).to_be_visible(timeout=60_000)
    page.goto("/mappings/")
    expect(page.get_by_role("link", name="UNIT GROUP", exact=True)).to_be_visible()
