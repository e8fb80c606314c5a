"""Work logging through the API: the right decision with its reason, and the balance moves only when debited."""
import pytest

from ledger.extensions import db
from ledger.models import LedgerEntry, Task
from tests.conftest import CUSTOMER_DEFAULTS
from tests.domain.work.test_classification import PRE_AGREED, SWEDISH_TABLE

WORK_DATE = "2026-03-10"


@pytest.fixture
def staff(api):
    return api("staff")


@pytest.fixture
def make_account(staff):
    """Factory: a customer with `hours` prepaid, returned as its id."""

    def make(hours=10, **terms):
        customer = staff.post("/api/v1/customers", json={**CUSTOMER_DEFAULTS, "org_number": terms.pop("org", "556677-8899"), **terms})
        customer_id = customer.get_json()["id"]
        if hours:
            staff.post(f"/api/v1/customers/{customer_id}/hour-packages", json={"minutes": hours * 60, "price": "9500.00"})
        return customer_id

    return make


def log(caller, customer_id, category, minutes=45, headers=None, **facts):
    body = {"customer_id": customer_id, "work_date": WORK_DATE, "minutes": minutes, "category": category,
            "description": f"{category} for the customer", **facts}
    return caller.post("/api/v1/tasks", json=body, headers=headers)


def balance(caller, customer_id):
    return caller.get(f"/api/v1/customers/{customer_id}").get_json()["balance_minutes"]


@pytest.mark.parametrize(("category", "facts", "outcome", "rule_id"), SWEDISH_TABLE,
                         ids=[f"{row[0]}-{row[3]}" for row in SWEDISH_TABLE])
def test_every_row_of_the_terms_is_decided_explained_and_booked(staff, make_account, category, facts, outcome, rule_id):
    customer_id = make_account()
    facts = dict(facts)
    if facts.pop("maintenance_active", False):  # not reported: taken from the customer's agreements
        bought = staff.post(f"/api/v1/customers/{customer_id}/agreements",
                            json={"kind": "maintenance", "variant": "site", "start_date": WORK_DATE})
        assert bought.status_code == 201, bought.get_json()
    answer = log(staff, customer_id, category, minutes=45, **facts)
    assert answer.status_code == 201, answer.get_json()
    task = answer.get_json()
    assert (task["outcome"], task["rule_id"]) == (outcome, rule_id)
    assert task["reason"]["sv"].strip() and task["reason"]["en"].strip()
    assert task["minutes"] == 45
    if outcome == "debited":
        assert task["billed_minutes"] == 45 and task["entry_id"] is not None
        assert task["balance_minutes"] == balance(staff, customer_id) == 600 - 45
    else:
        assert task["billed_minutes"] == 0 and task["entry_id"] is None
        assert task["balance_minutes"] == balance(staff, customer_id) == 600
    assert task["status"] == ("needs_review" if outcome == "needs_review" else "booked")


@pytest.mark.parametrize("category", PRE_AGREED)
def test_pre_agreed_work_without_a_reference_is_422_naming_agreement_reference(staff, make_account, category):
    answer = log(staff, make_account(), category)
    assert answer.status_code == 422
    assert "agreement_reference" in answer.get_json()["errors"]
    assert db.session.query(Task).count() == 0


def test_an_unknown_category_is_422_listing_the_valid_ones(staff, make_account):
    answer = log(staff, make_account(), "coffee_break")
    assert answer.status_code == 422
    message = answer.get_json()["errors"]["category"][0]
    assert "hosting" in message and "business_advice" in message


@pytest.mark.parametrize("minutes", [0, 1441, "1.5", 1.5, -5, None])
def test_minutes_outside_one_day_are_422_and_nothing_is_written(staff, make_account, minutes):
    customer_id = make_account()
    answer = log(staff, customer_id, "installation", minutes=minutes)
    assert answer.status_code == 422 and "minutes" in answer.get_json()["errors"]
    assert db.session.query(Task).count() == 0 and db.session.query(LedgerEntry).count() == 1


def test_every_bad_field_of_a_task_is_named_in_one_answer(staff, make_account):
    answer = staff.post("/api/v1/tasks", json={
        "customer_id": make_account(), "work_date": "tomorrow", "minutes": 0, "category": "coffee",
        "root_cause": "gremlins", "description": "",
    })
    assert answer.status_code == 422
    assert set(answer.get_json()["errors"]) == {"work_date", "minutes", "category", "root_cause", "description"}


def test_a_task_for_an_unknown_customer_is_404(staff):
    assert log(staff, 9999, "installation").status_code == 404


def test_a_debit_past_the_overdraft_limit_is_409_and_writes_no_task(staff, make_account):
    customer_id = make_account(hours=0, overdraft_limit_minutes=30)
    answer = log(staff, customer_id, "installation", minutes=45)
    assert answer.status_code == 409
    problem = answer.get_json()
    assert problem["params"] == {"customer_id": customer_id, "balance_minutes": 0, "needed_minutes": 45,
                                 "overdraft_limit_minutes": 30}
    assert db.session.query(Task).count() == 0


def test_unknown_cause_waits_for_review_and_resolving_it_books_the_right_outcome(staff, make_account):
    customer_id = make_account()
    first = log(staff, customer_id, "troubleshooting", minutes=50).get_json()
    second = log(staff, customer_id, "troubleshooting", minutes=20, root_cause="unknown").get_json()
    assert first["outcome"] == second["outcome"] == "needs_review"
    assert balance(staff, customer_id) == 600
    queue = staff.get("/api/v1/tasks?status=needs_review").get_json()
    assert {task["id"] for task in queue} == {first["id"], second["id"]}

    resolved = staff.post(f"/api/v1/tasks/{first['id']}/resolve", json={"root_cause": "customer_change"}).get_json()
    assert (resolved["outcome"], resolved["rule_id"], resolved["status"]) == ("debited", "debited.customer_caused_fault", "booked")
    assert resolved["balance_minutes"] == 550 and resolved["entry_id"] is not None
    included = staff.post(f"/api/v1/tasks/{second['id']}/resolve", json={"root_cause": "our_product"}).get_json()
    assert (included["outcome"], included["rule_id"], included["entry_id"]) == ("included", "included.our_product_fault", None)
    assert balance(staff, customer_id) == 550
    again = staff.post(f"/api/v1/tasks/{second['id']}/resolve", json={"root_cause": "customer_change"})
    assert again.status_code == 409
    assert staff.post(f"/api/v1/tasks/{first['id']}/resolve", json={"root_cause": "unknown"}).status_code == 422


def test_an_override_is_recorded_with_who_why_and_what_it_overrode_and_shows_in_the_ledger(api, staff, make_account):
    admin = api("admin")
    customer_id = make_account()
    task = log(staff, customer_id, "qualified_help", minutes=60).get_json()
    assert staff.post(f"/api/v1/tasks/{task['id']}/override", json={"outcome": "included", "reason": "x"}).status_code == 403
    answer = admin.post(f"/api/v1/tasks/{task['id']}/override", json={"outcome": "included", "reason": "Goodwill: first month"})
    overridden = answer.get_json()
    assert (overridden["outcome"], overridden["rule_id"], overridden["balance_minutes"]) == ("included", "override.included", 600)
    assert "Goodwill: first month" in overridden["reason"]["sv"] and "Qualified help – debited" in overridden["reason"]["en"]
    assert "debited.qualified_help" not in overridden["reason"]["en"] + overridden["reason"]["sv"]  # a customer reads it
    history = staff.get(f"/api/v1/tasks/{task['id']}").get_json()["decisions"]
    assert [(d["action"], d["outcome"]) for d in history] == [("classified", "debited"), ("overridden", "included")]
    assert history[1]["overridden_rule_id"] == "debited.qualified_help"
    assert (history[1]["actor_id"], history[1]["note"]) == (admin.actor.id, "Goodwill: first month")
    ledger = staff.get(f"/api/v1/customers/{customer_id}/ledger").get_json()["entries"]
    assert [(e["kind"], e["minutes"], e["task_id"]) for e in ledger[1:]] == [
        ("consumption", -60, task["id"]), ("reversal", 60, task["id"])]
    assert ledger[2]["reverses_entry_id"] == ledger[1]["id"]
    back = admin.post(f"/api/v1/tasks/{task['id']}/override", json={"outcome": "debited", "reason": "Mistake"}).get_json()
    assert back["balance_minutes"] == 540 and back["entry_id"] is not None


def test_voiding_reverses_the_debit_and_the_task_stays_visible_as_voided(staff, make_account):
    customer_id = make_account()
    task = log(staff, customer_id, "training", minutes=90).get_json()
    voided = staff.post(f"/api/v1/tasks/{task['id']}/void", json={"reason": "Logged on the wrong customer"}).get_json()
    assert (voided["status"], voided["balance_minutes"]) == ("voided", 600)
    reversal = staff.get(f"/api/v1/customers/{customer_id}/ledger").get_json()["entries"][-1]
    assert (reversal["kind"], reversal["minutes"], reversal["id"]) == ("reversal", 90, voided["entry_id"])
    assert staff.post(f"/api/v1/tasks/{task['id']}/void", json={"reason": "again"}).status_code == 409
    listed = staff.get(f"/api/v1/tasks?customer_id={customer_id}&status=voided").get_json()
    assert [t["id"] for t in listed] == [task["id"]]
    history = staff.get(f"/api/v1/tasks/{task['id']}").get_json()["decisions"]
    assert history[-1]["action"] == "voided" and history[-1]["note"] == "Logged on the wrong customer"


@pytest.mark.parametrize(("increment", "minutes", "billed"), [(15, 1, 15), (15, 15, 15), (15, 16, 30), (1, 1, 1), (1, 16, 16)])
def test_billed_minutes_round_up_to_the_customers_increment(staff, make_account, increment, minutes, billed):
    customer_id = make_account(billing_increment_minutes=increment)
    task = log(staff, customer_id, "installation", minutes=minutes).get_json()
    assert (task["minutes"], task["billed_minutes"], task["balance_minutes"]) == (minutes, billed, 600 - billed)


def test_retrying_a_task_with_its_idempotency_key_books_it_once(staff, make_account):
    customer_id = make_account()
    first = log(staff, customer_id, "installation", headers={"Idempotency-Key": "task-77"})
    again = log(staff, customer_id, "installation", headers={"Idempotency-Key": "task-77"})
    assert first.status_code == again.status_code == 201 and again.get_json() == first.get_json()
    other = log(staff, customer_id, "training", headers={"Idempotency-Key": "task-77"})
    assert other.status_code == 409
    assert db.session.query(Task).count() == 1 and balance(staff, customer_id) == 555


def test_classify_is_a_dry_run_that_shows_outcome_reason_and_billing(staff, make_account):
    customer_id = make_account(hours=0, billing_increment_minutes=30, overdraft_limit_minutes=0)
    preview = staff.post("/api/v1/classify", json={"category": "installation", "minutes": 20, "customer_id": customer_id}).get_json()
    assert (preview["outcome"], preview["rule_id"], preview["billed_minutes"]) == ("debited", "debited.installation_training", 30)
    assert preview["balance_after"] == -30 and "allows no overdraft" in preview["refused"]
    assert staff.post("/api/v1/classify", json={"category": "guidance"}).get_json()["outcome"] == "included"
    assert db.session.query(Task).count() == 0


def test_rules_lists_the_active_catalogue(staff):
    catalogue = staff.get("/api/v1/rules").get_json()
    assert (catalogue["id"], catalogue["version"]) == ("sv_servicekonto", "2026.3")
    project = next(c for c in catalogue["categories"] if c["key"] == "project")
    assert project["requires"] == ["agreement_reference"]
    assert {r["id"] for r in catalogue["rules"]} >= {"included.hosting", "review.fault_cause_unknown"}


def test_customers_read_their_own_tasks_and_cannot_log_work(api, staff, make_account):
    mine, other = make_account(), make_account(org="559012-3450")
    own_task = log(staff, mine, "hosting").get_json()
    other_task = log(staff, other, "hosting").get_json()
    customer = api("customer", mine)
    assert [t["id"] for t in customer.get("/api/v1/tasks").get_json()] == [own_task["id"]]
    assert customer.get(f"/api/v1/tasks?customer_id={other}").status_code == 404
    assert customer.get(f"/api/v1/tasks/{other_task['id']}").status_code == 404
    assert log(customer, mine, "hosting").status_code == 403
    assert api("finance").post(f"/api/v1/tasks/{own_task['id']}/void", json={"reason": "x"}).status_code == 403
