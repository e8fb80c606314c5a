"""Cases through the API (docs/api.md): the exact `sla` shape, idempotency, bad input, who may do what."""
from __future__ import annotations

import pytest

from ledger.extensions import db
from ledger.models import Case
from tests.services.support_helpers import local

SLA_KEYS = {"target_business_minutes", "due_at", "met_at", "business_minutes_used", "business_minutes_left",
            "paused", "breached"}


@pytest.fixture
def world(api, make_customer, freeze_clock):
    """Thursday 21 June 2029, 16:00 Stockholm: an Enterprise customer, another customer, and callers."""
    freeze_clock(local(2029, 6, 21, 16))
    ours, theirs = make_customer(name="Nordlys AB", currency="EUR"), make_customer(name="Annat AB")
    staff = api("staff")
    assert staff.post(f"/api/v1/customers/{ours.id}/agreements",
                      json={"kind": "support_plan", "plan": "enterprise"}).status_code == 201
    return {"ours": ours.id, "theirs": theirs.id, "staff": staff, "customer": api("customer", ours.id),
            "other_customer": api("customer", theirs.id), "finance": api("finance")}


def report(customer_id, **overrides):
    return {"customer_id": customer_id, "severity": 2, "subject": "Ordrar fastnar", "channel": "email",
            "description": "Inga ordrar sedan i morse.", **overrides}


def test_a_case_answers_its_plan_quota_and_both_clocks_in_the_designed_shape(world):
    answer = world["staff"].post("/api/v1/cases", json=report(world["ours"]))
    assert answer.status_code == 201, answer.get_json()
    case = answer.get_json()
    assert {"id", "status", "severity", "plan", "over_quota", "opened_at", "sla"} <= set(case)
    assert (case["status"], case["severity"], case["plan"], case["over_quota"]) == ("open", 2, "enterprise", False)
    assert set(case["sla"]) == {"first_response", "resolution"}
    assert set(case["sla"]["first_response"]) == SLA_KEYS == set(case["sla"]["resolution"])
    first = case["sla"]["first_response"]
    assert first["due_at"] == "2029-06-26T14:00:00+00:00", "Tuesday 16:00 Stockholm, after midsummer"
    assert (first["target_business_minutes"], first["met_at"], first["paused"], first["breached"]) == (960, None, False, False)
    assert [event["kind"] for event in case["events"]] == ["opened"]


def test_the_same_idempotency_key_opens_one_case_and_another_body_is_refused(world):
    headers = {"Idempotency-Key": "case-1"}
    first = world["staff"].post("/api/v1/cases", json=report(world["ours"]), headers=headers)
    again = world["staff"].post("/api/v1/cases", json=report(world["ours"]), headers=headers)
    other = world["staff"].post("/api/v1/cases", json=report(world["ours"], severity=1), headers=headers)
    assert first.status_code == again.status_code == 201 and first.get_json()["id"] == again.get_json()["id"]
    assert other.status_code == 409 and other.get_json()["code"] == "idempotency_key_reused"
    assert db.session.query(Case).count() == 1


@pytest.mark.parametrize("severity", [0, 5, "high", None, 2.0, True])
def test_a_severity_outside_one_to_four_is_refused_naming_it(world, severity):
    answer = world["staff"].post("/api/v1/cases", json=report(world["ours"], severity=severity))
    assert answer.status_code == 422 and answer.content_type == "application/problem+json"
    assert set(answer.get_json()["errors"]) == {"severity"}


def test_an_unknown_customer_is_a_404_and_another_customers_contact_a_422(world):
    assert world["staff"].post("/api/v1/cases", json=report(424242)).status_code == 404
    answer = world["staff"].post("/api/v1/cases", json=report(world["ours"], channel="phone"))
    assert answer.status_code == 422 and answer.get_json()["problems"]["channel"][0]["code"] == "channel_not_in_plan"
    answer = world["staff"].post("/api/v1/cases", json=report(world["ours"], reporter_contact_id=77))
    assert answer.get_json()["problems"]["reporter_contact_id"][0]["code"] == "contact_not_of_customer"


def test_an_unknown_status_is_a_422_and_a_closed_case_cannot_wait_on_the_customer(world):
    staff = world["staff"]
    case_id = staff.post("/api/v1/cases", json=report(world["ours"])).get_json()["id"]
    assert staff.post(f"/api/v1/cases/{case_id}/status", json={"status": "pending"}).status_code == 422
    for status in ("resolved", "closed"):
        assert staff.post(f"/api/v1/cases/{case_id}/status", json={"status": status}).status_code == 200
    answer = staff.post(f"/api/v1/cases/{case_id}/status", json={"status": "waiting_on_customer"})
    assert answer.status_code == 409
    problem = answer.get_json()
    assert problem["code"] == "case_transition_not_allowed"
    assert problem["params"] == {"from_status": "closed", "to_status": "waiting_on_customer"}
    assert problem["detail"] == "A case that is closed cannot become waiting_on_customer."


def test_staff_replies_meet_first_response_and_waiting_pauses_resolution(world, freeze_clock):
    staff = world["staff"]
    case_id = staff.post("/api/v1/cases", json=report(world["ours"])).get_json()["id"]
    freeze_clock(local(2029, 6, 25, 10))
    replied = staff.post(f"/api/v1/cases/{case_id}/respond", json={"message": "Vi tittar på det."}).get_json()
    assert replied["sla"]["first_response"]["met_at"] == "2029-06-25T08:00:00+00:00"
    waiting = staff.post(f"/api/v1/cases/{case_id}/status", json={"status": "waiting_on_customer", "note": "Loggar?"})
    assert waiting.get_json()["sla"]["resolution"]["paused"] is True
    severity = staff.post(f"/api/v1/cases/{case_id}/severity", json={"severity": 1, "reason": "Alla drabbade"})
    assert severity.status_code == 200 and severity.get_json()["severity"] == 1
    assert staff.post(f"/api/v1/cases/{case_id}/severity", json={"severity": 1, "reason": "x"}).status_code == 409


def test_a_customer_user_opens_reads_and_answers_its_own_cases_only(world):
    customer, other = world["customer"], world["other_customer"]
    own = customer.post("/api/v1/cases", json=report(world["ours"]))
    assert own.status_code == 201
    case_id = own.get_json()["id"]
    assert customer.post(f"/api/v1/cases/{case_id}/respond", json={"message": "Fler detaljer."}).status_code == 200
    assert customer.post(f"/api/v1/cases/{case_id}/status", json={"status": "resolved"}).status_code == 403
    assert other.get(f"/api/v1/cases/{case_id}").status_code == 404
    assert other.post(f"/api/v1/cases/{case_id}/respond", json={"message": "Hej"}).status_code == 404
    assert other.post("/api/v1/cases", json=report(world["ours"])).status_code == 404
    assert other.get("/api/v1/cases").get_json() == []
    assert other.get(f"/api/v1/cases?customer_id={world['ours']}").status_code == 404
    assert [c["id"] for c in customer.get("/api/v1/cases").get_json()] == [case_id]


def test_finance_reads_cases_but_opens_none(world):
    world["staff"].post("/api/v1/cases", json=report(world["ours"]))
    assert len(world["finance"].get("/api/v1/cases").get_json()) == 1
    assert world["finance"].post("/api/v1/cases", json=report(world["ours"])).status_code == 403


def test_the_list_filters_by_breach_and_the_month_report_counts_per_target_and_severity(world, freeze_clock):
    staff = world["staff"]
    late = staff.post("/api/v1/cases", json=report(world["ours"], severity=1)).get_json()["id"]
    freeze_clock(local(2029, 6, 26, 9))
    on_time = staff.post("/api/v1/cases", json=report(world["ours"], severity=3)).get_json()["id"]
    staff.post(f"/api/v1/cases/{on_time}/respond", json={"message": "Svar"})
    freeze_clock(local(2029, 6, 27, 9))
    assert [c["id"] for c in staff.get("/api/v1/cases?breached=true").get_json()] == [late]
    assert [c["id"] for c in staff.get(f"/api/v1/cases?customer_id={world['ours']}&status=open").get_json()] == [
        late, on_time]
    report_answer = world["customer"].get(f"/api/v1/customers/{world['ours']}/sla-report?period=2029-06")
    month = report_answer.get_json()
    assert (month["case_count"], month["over_quota"], month["median_first_response_business_minutes"]) == (2, 0, 0)
    assert month["first_response"] == {"met": 1, "breached": 1, "pending": 0, "best_effort": 0}
    assert [row["cases"] for row in month["severities"]] == [1, 0, 1, 0]
    assert staff.get(f"/api/v1/customers/{world['ours']}/sla-report?period=2029-13").status_code == 422
    assert world["other_customer"].get(f"/api/v1/customers/{world['ours']}/sla-report?period=2029-06").status_code == 404


def test_work_logged_on_a_case_through_the_api_is_shown_on_the_case(world):
    staff = world["staff"]
    case_id = staff.post("/api/v1/cases", json=report(world["ours"])).get_json()["id"]
    task = staff.post("/api/v1/tasks", json={"customer_id": world["ours"], "case_id": case_id, "work_date": "2029-06-21",
                                             "minutes": 25, "category": "guidance", "description": "Visade manualen"})
    assert task.status_code == 201 and task.get_json()["case_id"] == case_id
    work = staff.get(f"/api/v1/cases/{case_id}").get_json()["work"]
    assert (work["included_minutes"], work["debited_minutes"], [t["id"] for t in work["tasks"]]) == (
        25, 0, [task.get_json()["id"]])
    wrong = staff.post("/api/v1/tasks", json={"customer_id": world["theirs"], "case_id": case_id, "minutes": 5,
                                              "work_date": "2029-06-21", "category": "guidance", "description": "x"})
    assert wrong.status_code == 422 and wrong.get_json()["problems"]["case_id"][0]["code"] == "case_of_other_customer"
