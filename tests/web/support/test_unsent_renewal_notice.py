"""Issue 22, item 14 on the pages: staff see that a due renewal notice could not be sent, and why, until it is."""
from __future__ import annotations

from ledger.services.access import SYSTEM
from ledger.services.customers.contacts import create_contact
from ledger.services.support.agreements import create_agreement
from ledger.services.support.renewals import queue_renewal_notices
from tests.services.support_helpers import local
from tests.web.support.test_case_browser import database_url  # noqa: F401 (pages on SQLite: engines below)
from tests.web.support.test_case_pages import language, visible

SWEDISH = "Förnyelsepåminnelsen kunde inte skickas: ingen avtalsansvarig och ingen e-postadress för fakturor."


def test_staff_see_in_swedish_that_the_renewal_notice_could_not_be_sent_until_a_contract_manager_exists(
        app, client, sign_in, make_customer, freeze_clock):
    app.config["SESSION_LIFETIME_HOURS"] = 24 * 400
    freeze_clock(local(2029, 3, 31, 10))
    customer = make_customer(name="Utan Kontakt AB", email=None)
    create_agreement(customer.id, {"kind": "maintenance", "variant": "site", "licence_reference": "VC-3003"},
                     actor=SYSTEM)
    language(client, "sv")
    sign_in("staff")
    freeze_clock(local(2030, 2, 28, 6))
    queue_renewal_notices()
    assert SWEDISH in visible(client.get(f"/staff/customers/{customer.id}"))
    assert SWEDISH in visible(client.get("/staff/agreements/expiring"))
    create_contact(customer.id, {"name": "Karin Ek", "email": "karin@kund.example", "roles": ["contract_manager"]},
                   actor=SYSTEM)
    queue_renewal_notices()
    assert SWEDISH not in visible(client.get(f"/staff/customers/{customer.id}"))
    assert "förnyelsepåminnelse köad" in visible(client.get("/staff/agreements/expiring"))
