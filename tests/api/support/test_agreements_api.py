"""Plans and agreements through the API (docs/api.md)."""
from __future__ import annotations

from tests.services.support_helpers import local


def test_the_plans_answer_lists_targets_channels_quota_prices_severities_and_the_calendar(api):
    plans = api("finance").get("/api/v1/plans").get_json()
    assert set(plans) >= {"plans", "severities", "calendar", "contact_roles"}
    by_id = {plan["id"]: plan for plan in plans["plans"]}
    gold = by_id["gold"]
    assert set(gold) >= {"id", "label", "incidents_per_month", "channels", "price", "targets"}
    assert gold["price"] == {"billing": "yearly_in_advance", "monthly": {"EUR": "1499.00"},
                             "per_period": {"EUR": "17988.00"}}
    assert by_id["professional"]["price"] is None and by_id["professional"]["incidents_per_month"] == 1
    assert (gold["waiting_reminder_business_days"], gold["auto_resolve_business_days"]) == (3, 10)
    enterprise_2 = by_id["enterprise"]["targets"][1]
    assert enterprise_2 == {"severity": 2,
                            "first_response": {"business_minutes": 960, "amount": 16, "unit": "business_hours"},
                            "resolution": {"business_minutes": 3360, "amount": 7, "unit": "business_days"}}
    assert plans["severities"][0]["label"] == {"sv": "Brådskande", "en": "Urgent"}
    assert plans["calendar"] == {"time_zone": "Europe/Stockholm", "days": ["monday", "tuesday", "wednesday",
                                 "thursday", "friday"], "opens": "09:00", "closes": "17:00",
                                 "business_day_minutes": 480, "holiday_country": "SE",
                                 "holiday_categories": ["public", "de_facto"]}


def test_buying_gold_answers_the_period_status_and_price_and_lists_it(api, make_customer, freeze_clock):
    freeze_clock(local(2029, 10, 8, 10))
    customer = make_customer(currency="EUR")
    staff = api("staff")
    answer = staff.post(f"/api/v1/customers/{customer.id}/agreements", json={"kind": "support_plan", "plan": "gold"})
    assert answer.status_code == 201, answer.get_json()
    bought = answer.get_json()
    assert (bought["starts_on"], bought["ends_on"], bought["status"], bought["days_left"], bought["price"]) == (
        "2029-10-08", "2030-10-07", "active", 364, "17988.00")
    assert bought["notice_on"] == "2030-09-07" and bought["currency"] == "EUR"
    listed = api("customer", customer.id).get(f"/api/v1/customers/{customer.id}/agreements")
    assert [a["id"] for a in listed.get_json()] == [bought["id"]]
    assert staff.get(f"/api/v1/customers/{customer.id}").get_json()["support_plan"] == "gold"


def test_an_unknown_maintenance_variant_and_a_missing_price_are_refused_with_codes_naming_the_field(api, make_customer):
    customer = make_customer(currency="SEK")
    staff = api("staff")
    maintenance = staff.post(f"/api/v1/customers/{customer.id}/agreements", json={"kind": "maintenance",
                                                                                   "variant": "rack"})
    assert maintenance.status_code == 422
    assert maintenance.get_json()["problems"]["variant"][0]["code"] == "one_of"
    no_price = staff.post(f"/api/v1/customers/{customer.id}/agreements", json={"kind": "support_plan", "plan": "gold"})
    assert no_price.status_code == 422 and set(no_price.get_json()["errors"]) == {"price"}
    assert no_price.get_json()["problems"]["price"][0]["params"] == {"currency": "SEK", "plan": "Gold"}


def test_only_staff_buy_agreements_and_another_customer_sees_none(api, make_customer):
    ours, theirs = make_customer(), make_customer(name="Annat AB")
    body = {"kind": "support_plan", "plan": "enterprise"}
    assert api("finance").post(f"/api/v1/customers/{ours.id}/agreements", json=body).status_code == 403
    assert api("customer", ours.id).post(f"/api/v1/customers/{ours.id}/agreements", json=body).status_code == 403
    assert api("customer", theirs.id).get(f"/api/v1/customers/{ours.id}/agreements").status_code == 404
    assert api("staff").post("/api/v1/customers/424242/agreements", json=body).status_code == 404


def test_a_variant_or_licence_on_a_support_plan_is_refused_naming_each(api, make_customer):
    # Found by schemathesis: a problem parameter named like FieldErrors.add's own argument answered 500.
    customer = make_customer()
    answer = api("staff").post(f"/api/v1/customers/{customer.id}/agreements", json={
        "kind": "support_plan", "plan": "enterprise", "variant": "site", "licence_reference": "L-1"})
    assert answer.status_code == 422 and set(answer.get_json()["errors"]) == {"variant", "licence_reference"}
    assert answer.get_json()["problems"]["variant"][0] == {
        "code": "agreement_field_not_for_kind", "params": {"kind": "support_plan", "attribute": "variant"}}


def test_the_openapi_document_lists_the_support_endpoints_and_the_exact_sla_shape(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert {"/api/v1/plans", "/api/v1/customers/{customer_id}/agreements", "/api/v1/cases", "/api/v1/cases/{case_id}",
            "/api/v1/cases/{case_id}/respond", "/api/v1/cases/{case_id}/status", "/api/v1/cases/{case_id}/severity",
            "/api/v1/customers/{customer_id}/sla-report"} <= set(document["paths"])
    target = document["components"]["schemas"]["TargetOut"]["properties"]
    assert set(target) == {"target_business_minutes", "due_at", "met_at", "business_minutes_used",
                           "business_minutes_left", "paused", "breached"}
