"""The tour of the README: every main page of the synchronized demo photographed at laptop width, and the pages
an administrator checks on the go photographed at phone width, scrolled past the navigation (docs/screenshots/)."""

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, screenshot

PHONE_PAGES = ("dashboard", "full-synchronization-review", "coupled-record")


def test_every_main_page_answers_and_is_photographed_at_laptop_width(main_page_urls, demo_page):
    page = demo_page
    for name, url in main_page_urls:
        response = page.goto(url)
        assert response.ok, f"{name}: HTTP {response.status} at {url}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        screenshot(page, name)


def test_the_pages_used_on_the_go_are_photographed_at_phone_width(main_page_urls, demo_page):
    page = demo_page
    addresses = dict(main_page_urls)
    page.set_viewport_size(PHONE)
    for name in PHONE_PAGES:
        page.goto(addresses[name])
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.evaluate("document.getElementById('main').scrollIntoView()")
        screenshot(page, f"phone-{name}")
