"""The shell in a real browser: sign-in, navigation by keyboard, labels, laptop and phone widths."""

import pytest

from bcsales.navigation import visible_navigation
from tests.e2e.conftest import PHONE, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

UNLABELLED_FIELDS_JS = """
() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
  .map(el => el.outerHTML.slice(0, 120))
"""
HORIZONTAL_OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"


def _page_urls() -> list[str]:
    return [url for _, items in visible_navigation() for _, url in items]


def test_sign_in_lands_on_the_dashboard(page, live_server, admin_user):
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
    screenshot(page, "login")
    admin_user.set_password("e2e-admin-password")
    admin_user.save()
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill("e2e-admin-password")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    screenshot(page, "dashboard-before-setup")


def test_every_page_in_the_navigation_labels_every_field(signed_in, live_server):
    for url in _page_urls():
        signed_in.goto(f"{live_server.url}{url}")
        assert signed_in.evaluate(UNLABELLED_FIELDS_JS) == [], url


def test_every_page_fits_a_phone_screen(signed_in, live_server):
    signed_in.set_viewport_size(PHONE)
    for url in _page_urls():
        signed_in.goto(f"{live_server.url}{url}")
        assert signed_in.evaluate(HORIZONTAL_OVERFLOW_JS) <= 0, url


def test_the_skip_link_and_navigation_are_reachable_by_keyboard(signed_in, live_server):
    signed_in.keyboard.press("Tab")
    assert signed_in.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    signed_in.keyboard.press("Enter")
    assert signed_in.evaluate("document.activeElement.id") == "main"
    focused = set()
    for _ in range(40):
        signed_in.keyboard.press("Tab")
        focused.add(signed_in.evaluate("document.activeElement.getAttribute('href')"))
    assert set(_page_urls()) & focused
