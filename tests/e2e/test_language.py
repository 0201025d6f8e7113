"""A visitor switches language from any page, and the choice is remembered."""


def open_menu_if_collapsed(page):
    if not page.is_visible("[data-testid=lang-id]"):
        page.click(".navbar-toggler")


def test_language_switch_is_remembered(page, screenshot):
    page.goto("/?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Curated products from South Sulawesi").is_visible()
    open_menu_if_collapsed(page)
    page.click("[data-testid=lang-id]")
    page.wait_for_url("**lang=id**")
    assert page.locator("html").get_attribute("lang") == "id"
    page.goto("/")  # no ?lang=: the choice is remembered
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.console_errors == []
    screenshot("home-id")
