"""The support team through the API (docs/support.md): who am I, who can take cases, assigning, and the case list by
assignee and the other filters; bad input is a 422 naming the field, and customers see none of it."""
from __future__ import annotations

import pytest

from ledger.extensions import db
from ledger.models import CaseEvent
from tests.services.support_helpers import local


@pytest.fixture
def team(api, make_customer, freeze_clock):
    """Monday 3 September 2029 09:00 Stockholm: a Gold customer with two cases, staff, a lead, finance, a customer."""
    freeze_clock(local(2029, 9, 3, 9))
    customer = make_customer(name="Nordlys AB", currency="EUR")
    lead, staff = api("admin"), api("staff")
    assert lead.post(f"/api/v1/customers/{customer.id}/agreements",
                     json={"kind": "support_plan", "plan": "gold"}).status_code == 201
    cases = [lead.post("/api/v1/cases", json={"customer_id": customer.id, "severity": severity, "subject": subject,
                                               "description": "Se bifogat.", "channel": "phone"}).get_json()["id"]
             for severity, subject in ((1, "Kassan står"), (3, "Rapporten är långsam"))]
    return {"lead": lead, "staff": staff, "finance": api("finance"), "customer": api("customer", customer.id),
            "customer_id": customer.id, "cases": cases}


def test_assigning_answers_the_case_with_its_assignee_and_refuses_bad_input_naming_user_id(team):
    case_id = team["cases"][0]
    for body in ({}, {"user_id": "5"}, {"user_id": 0}, {"user_id": 2**40}, {"user_id": True}):
        answer = team["lead"].post(f"/api/v1/cases/{case_id}/assign", json=body)
        assert answer.status_code == 422 and set(answer.get_json()["errors"]) == {"user_id"}, body
    finance = team["finance"].actor.id
    refused = team["lead"].post(f"/api/v1/cases/{case_id}/assign", json={"user_id": finance})
    assert refused.status_code == 422 and refused.get_json()["problems"]["user_id"][0]["code"] == "user_not_assignable"
    assert team["finance"].post(f"/api/v1/cases/{case_id}/assign", json={"user_id": None}).status_code == 403
    assert team["customer"].post(f"/api/v1/cases/{case_id}/assign", json={"user_id": None}).status_code == 403
    assert team["lead"].post("/api/v1/cases/999999/assign", json={"user_id": None}).status_code == 404
    assert db.session.query(CaseEvent).filter_by(kind="assigned").count() == 0
    answer = team["lead"].post(f"/api/v1/cases/{case_id}/assign", json={"user_id": team["staff"].actor.id})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["assignee_id"] == team["staff"].actor.id
    assigned = [event for event in answer.get_json()["events"] if event["kind"] == "assigned"]
    assert assigned == [{**assigned[0], "actor_id": team["lead"].actor.id, "assignee_id": team["staff"].actor.id}]
    customer_view = team["customer"].get(f"/api/v1/cases/{case_id}").get_json()
    assert [event["kind"] for event in customer_view["events"]] == ["opened"], "not the team's own events"
    assert customer_view["sla"] == answer.get_json()["sla"]
    back = team["lead"].post(f"/api/v1/cases/{case_id}/assign", json={"user_id": None})
    assert back.status_code == 200 and back.get_json()["assignee_id"] is None


def test_me_users_and_the_case_list_by_assignee_severity_plan_and_at_risk(team, freeze_clock):
    me = team["staff"].get("/api/v1/me").get_json()
    assert me == {"id": team["staff"].actor.id, "name": me["name"], "email": team["staff"].actor.email,
                  "role": "staff", "customer_id": None, "language": None}
    assert team["customer"].get("/api/v1/me").get_json()["customer_id"] == team["customer_id"]
    users = team["finance"].get("/api/v1/users?role=staff").get_json()
    assert sorted(user["id"] for user in users) == sorted([team["lead"].actor.id, team["staff"].actor.id])
    assert set(users[0]) == {"id", "name", "email", "role"}
    assert team["customer"].get("/api/v1/users?role=staff").status_code == 403
    refused = team["lead"].get("/api/v1/users?role=customer")
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"role"}

    urgent, slow = team["cases"]
    staff, lead = team["staff"], team["lead"]
    lead.post(f"/api/v1/cases/{urgent}/assign", json={"user_id": staff.actor.id})

    def ids(caller, query):
        answer = caller.get(f"/api/v1/cases?{query}")
        assert answer.status_code == 200, answer.get_json()
        return [case["id"] for case in answer.get_json()]

    assert ids(staff, "assignee=me") == [urgent] and ids(lead, "assignee=me") == []
    assert ids(lead, "assignee=none") == [slow] and ids(lead, f"assignee={staff.actor.id}") == [urgent]
    assert ids(lead, "severity=3") == [slow] and ids(lead, "plan=gold&severity=1") == [urgent]
    assert ids(lead, "plan=enterprise") == []
    freeze_clock(local(2029, 9, 3, 15, 30))  # 6.5 of 8 business hours: both first responses at risk
    assert ids(lead, "at_risk=true") == [urgent, slow] and ids(lead, "at_risk=true&assignee=none") == [slow]
    assert team["customer"].get("/api/v1/cases?assignee=me").status_code == 403
    for bad in ("assignee=someone", "severity=5", "at_risk=maybe"):
        answer = lead.get(f"/api/v1/cases?{bad}")
        assert answer.status_code == 422 and set(answer.get_json()["errors"]) == {bad.split("=")[0]}
