"""The conversation in a real headless Chromium: a customer replies with a file in the portal, staff see it in the
thread and add an internal note, which is never on the customer's page nor in any mail."""
from __future__ import annotations

import pytest

from ledger.services.mail.delivery import deliver_due_messages
from ledger.services.support.inbound import receive_message
from tests.mail_messages import mail_bytes
from tests.web.browser import screenshot
from tests.web.test_browser import sign_in, text

pytestmark = pytest.mark.browser
NOTE = "Intern gissning: deras brandvägg stoppar oss"


@pytest.fixture
def database_url(sqlite_template, tmp_path):
    """Browser tests run on the embedded SQLite only: what they test is the pages, not the engine."""
    import shutil

    path = tmp_path / "servicekonto.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


def test_a_customers_file_reaches_staff_and_an_internal_note_never_reaches_the_customer(
        browser_page, chromium, live_server, desk, make_user, smtp_server):
    case_id = receive_message(mail_bytes()).case_id
    customer_user, staff_user = make_user("customer", desk.customer.id), make_user("staff")
    customer = browser_page
    customer.context.set_extra_http_headers({"Accept-Language": "sv-SE,sv;q=0.9"})
    sign_in(customer, live_server, customer_user.email)
    customer.get_by_role("navigation").get_by_role("link", name="Mina ärenden").click()
    customer.get_by_role("link", name="Ordrar fastnar").first.click()
    customer.fill("#message", "Här är loggen från i morse.")
    customer.set_input_files("#files", files=[{"name": "kassa.log", "mimeType": "text/plain",
                                               "buffer": b"09:02 ERROR order 17 stuck\n"}])
    customer.get_by_role("button", name="Skicka svaret").click()
    customer.wait_for_load_state()
    thread = text(customer.locator("ol.thread"))
    assert "Här är loggen från i morse." in thread and "kassa.log" in thread
    screenshot(customer, "portal-case-thread")

    staff_context = chromium.new_context(viewport={"width": 1280, "height": 900},
                                         extra_http_headers={"Accept-Language": "sv-SE,sv;q=0.9"})
    staff = staff_context.new_page()
    try:
        sign_in(staff, live_server, staff_user.email)
        staff.goto(f"{live_server}/staff/cases/{case_id}")
        staff_thread = text(staff.locator("ol.thread"))
        assert "Här är loggen från i morse." in staff_thread and "kassa.log" in staff_thread
        with staff.expect_download() as download:
            staff.get_by_role("link", name="kassa.log").click()
        assert download.value.suggested_filename == "kassa.log"
        staff.fill("#note-message", NOTE)
        staff.get_by_role("button", name="Lägg till anteckningen").click()
        staff.wait_for_load_state()
        assert NOTE in text(staff.locator("ol.thread")) and "Intern anteckning" in text(staff.locator("ol.thread"))
        screenshot(staff, "staff-case-thread")
    finally:
        staff_context.close()

    customer.reload()
    assert NOTE not in customer.content() and "Intern anteckning" not in text(customer.locator("main"))
    deliver_due_messages()
    mails = smtp_server.messages
    assert mails and not any(NOTE in mail.as_string() for mail in mails)
    assert any("Här är loggen från i morse." in mail.get_body(("plain",)).get_content() for mail in mails
               if mail["To"] == "team@vendor.example")
