"""The main pages, full of demo data, on a laptop and at phone width: every field labelled, nothing wider than
the screen, every control reachable with the Tab key (counted from the skip link's target, <main>)."""

from tests.e2e.conftest import PHONE
from tests.e2e.test_shell_in_browser import HORIZONTAL_OVERFLOW_JS, UNLABELLED_FIELDS_JS

MAX_TABS = 400
# Marks each enabled control in <main> with its index, and lists the controls that opt out of the tab order.
MARK_CONTROLS_JS = """
() => {
  const controls = [...document.querySelectorAll(
    'main a[href], main button:not([disabled]), main input:not([type=hidden]):not([disabled]), main select:not([disabled]), main textarea:not([disabled]), main summary'
  )].filter(el => el.offsetParent !== null);
  controls.forEach((el, index) => el.dataset.e2eControl = index);
  return {count: controls.length, optedOut: controls.filter(el => el.tabIndex < 0).map(el => el.outerHTML.slice(0, 120))};
}
"""
FOCUSED_CONTROL_JS = "() => document.activeElement && document.activeElement.dataset.e2eControl"


def test_every_field_on_the_main_pages_has_a_label(main_page_urls, demo_page):
    for name, url in main_page_urls:
        demo_page.goto(url)
        assert demo_page.evaluate(UNLABELLED_FIELDS_JS) == [], name


def test_the_main_pages_fit_a_phone_screen(main_page_urls, demo_page):
    demo_page.set_viewport_size(PHONE)
    for name, url in main_page_urls:
        demo_page.goto(url)
        assert demo_page.evaluate(HORIZONTAL_OVERFLOW_JS) <= 0, name


def test_every_control_on_the_main_pages_is_reachable_with_the_tab_key(main_page_urls, demo_page):
    page = demo_page
    for name, url in main_page_urls:
        page.goto(url)
        controls = page.evaluate(MARK_CONTROLS_JS)
        assert controls["optedOut"] == [], name
        reached = set()
        page.locator("#main").focus()
        for _ in range(min(MAX_TABS, controls["count"] + 40)):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED_CONTROL_JS)
            if focused is not None:
                reached.add(int(focused))
            if len(reached) == controls["count"]:
                break
        assert len(reached) == controls["count"], f"{name}: {controls['count'] - len(reached)} controls never focused"
