"""Issue 22, item 16: the case form offers only the channels of the customer's plan, on the staff pages and in the
portal, and a channel outside the plan is refused with nothing opened."""
from __future__ import annotations

import re

from ledger.models import Case
from tests.services.support_helpers import local, on_plan
from tests.web.conftest import post_form
from tests.web.support.test_case_browser import database_url  # noqa: F401 (pages on SQLite: engines below)
from tests.web.support.test_case_pages import count, language, text, visible


def csrf(client) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', text(client.get("/staff/cases/new"))).group(1)


def offered(page: str) -> list[str]:
    """The channel options a case form offers."""
    select = re.search(r'<select[^>]*name="channel".*?</select>', page, re.S)
    return re.findall(r'<option[^>]*value="([^"]+)"', select.group(0)) if select else []


def test_staff_choose_the_customer_first_and_staff_and_portal_are_offered_only_the_plans_channels(client, sign_in, make_customer,
                                                                                  freeze_clock):
    freeze_clock(local(2029, 9, 3, 10))
    professional = on_plan(make_customer, "professional", name="Liten Kund AB")
    gold = on_plan(make_customer, "gold", name="Guldkunden AB")
    language(client, "sv")
    sign_in("staff")
    picker = text(client.get("/staff/cases/new"))
    assert offered(picker) == [] and "Guldkunden AB" in picker and "Fortsätt" in picker
    assert offered(text(client.get(f"/staff/cases/new?customer_id={professional.id}"))) == ["email", "chat"]
    assert offered(text(client.get(f"/staff/cases/new?customer_id={gold.id}"))) == ["email", "chat", "phone",
                                                                                    "remote"]
    refused = post_form(client, "/staff/cases/new", {
        "customer_id": str(professional.id), "severity": "3", "subject": "Ring oss", "description": "Per telefon.",
        "channel": "phone", "idempotency_key": "c1"}, page=f"/staff/cases/new?customer_id={professional.id}")
    assert refused.status_code == 422 and count(Case) == 0
    assert offered(text(refused)) == ["email", "chat"] and "phone" not in visible(refused)
    # the portal: an Enterprise customer gets remote assistance but no phone
    enterprise = on_plan(make_customer, "enterprise")
    client.post("/logout", data={"csrf_token": csrf(client)})
    sign_in("customer", enterprise.id)
    assert offered(text(client.get("/portal/cases/new"))) == ["email", "chat", "remote"]
    refused = post_form(client, "/portal/cases/new", {"severity": "3", "subject": "Ring oss", "description": "Snälla.",
                                                      "channel": "phone", "idempotency_key": "p1"},
                        page="/portal/cases/new")
    assert refused.status_code == 422 and count(Case) == 0
