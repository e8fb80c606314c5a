"""Reset by link in a real Chromium, in Swedish: forgot → mail in the outbox → new password → sign in."""
from __future__ import annotations

import re

import pytest

from ledger.extensions import db
from ledger.models import OutboxMessage
from tests.web.browser import screenshot
from tests.web.test_browser import database_url, swedish, text  # noqa: F401 (fixtures of the browser tests)

pytestmark = pytest.mark.browser

NEW_PASSWORD = "ett helt nytt lösenord"


def test_a_forgotten_password_is_reset_by_the_mailed_link_in_swedish(swedish, live_server, app, make_user):
    page = swedish
    app.config["PUBLIC_URL"] = live_server  # the mailed link points at the server the browser uses
    staff = make_user("staff", display_name="Greta Garbo")
    page.goto(f"{live_server}/login")
    page.get_by_role("link", name="Glömt lösenordet?").click()
    page.fill("#email", staff.email)
    page.get_by_role("button", name="Skicka en länk").click()
    page.wait_for_load_state()
    assert f"Om {staff.email} har ett konto" in text(page.locator("main"))
    screenshot(page, "password-forgot-sent")

    db.session.rollback()
    [mail] = db.session.query(OutboxMessage).all()
    assert mail.subject == "Välj ett nytt lösenord för Servicekonto" and "Hej Greta Garbo," in mail.body_text
    link = re.search(r"http://127\.0\.0\.1:\d+/password/reset/[\w-]+", mail.body_text).group(0)

    page.goto(link)
    assert "För Greta Garbo" in text(page.locator("main"))
    page.fill("#new_password", "kort")
    page.fill("#confirm", "kort")
    page.get_by_role("button", name="Spara lösenord").click()
    page.wait_for_load_state()
    assert "Måste vara minst 10 tecken." in text(page.locator("main"))
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#confirm", NEW_PASSWORD)
    screenshot(page, "password-reset-form")
    page.get_by_role("button", name="Spara lösenord").click()
    page.wait_for_load_state()
    assert page.url.endswith("/login")
    assert "Ditt lösenord är sparat." in text(page.locator("main"))

    page.fill("#email", staff.email)
    page.fill("#password", NEW_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    assert page.url.endswith("/staff/customers") and "Greta Garbo" in text(page.locator("header"))
    body = (text(page.locator("body")))
    assert not re.search(r"\b(Sign|Password|Change|Customers)\b", body), "a Swedish page shows no English"

    page.goto(link)
    page.wait_for_load_state()
    assert "Logga ut först" in text(page.locator("main"))  # signed in: the link is not for this browser now


def test_the_admin_pages_fit_a_phone_and_ask_before_revoking(swedish, live_server, make_user):
    from ledger.services.people.tokens import issue_token
    from tests.conftest import TEST_PASSWORD

    page = swedish
    admin, staff = make_user("admin", display_name="Anna Admin"), make_user("staff", display_name="Greta Garbo")
    issue_token(staff.email)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server}/login")
    page.fill("#email", admin.email)
    page.fill("#password", TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    for path, name in (("/admin/users", "admin-users"), (f"/admin/users/{staff.id}", "admin-user"),
                       ("/admin/tokens", "admin-tokens")):
        page.goto(f"{live_server}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        screenshot(page, f"{name}-phone")
        assert width <= 360, f"{path} is {width} px wide"
    page.get_by_role("link", name="Återkalla…").click()
    page.wait_for_load_state()
    assert "Alla program som använder den här token för Greta Garbo nekas" in text(page.locator("main"))
    page.get_by_role("button", name="Återkalla").click()
    page.wait_for_load_state()
    assert page.url.endswith("/admin/tokens") and "Återkallad" in text(page.locator("main"))
