"""A closed customer's account takes no new entries: voiding, resolving and overriding its tasks are 409."""
from ledger.extensions import db
from ledger.models import LedgerEntry, TaskDecision
from tests.api.work.test_tasks_api import balance, log


def closed_account_with_tasks(api):
    """A customer with a debited, an included and a waiting task, then closed; returns (admin, ids)."""
    admin = api("admin")
    customer = admin.post("/api/v1/customers", json={"name": "Stängt AB", "org_number": "556677-8899",
                                                     "hourly_rate": "950.00", "monthly_fee": "1499.00"}).get_json()
    admin.post(f"/api/v1/customers/{customer['id']}/hour-packages", json={"minutes": 600, "price": "9500.00"})
    debited = log(admin, customer["id"], "installation", minutes=60).get_json()
    included = log(admin, customer["id"], "hosting", minutes=30).get_json()
    waiting = log(admin, customer["id"], "troubleshooting", minutes=20).get_json()
    closed = admin.post(f"/api/v1/customers/{customer['id']}/close", json={"reason": "Avtalet upphörde"})
    assert closed.status_code == 200 and closed.get_json()["forfeited_minutes"] == 540
    return admin, customer["id"], debited["id"], included["id"], waiting["id"]


def test_no_task_of_a_closed_customer_can_be_voided_resolved_or_overridden(api):
    admin, customer_id, debited, included, waiting = closed_account_with_tasks(api)
    entries, decisions = db.session.query(LedgerEntry).count(), db.session.query(TaskDecision).count()
    answers = [
        admin.post(f"/api/v1/tasks/{debited}/void", json={"reason": "Fel kund"}),
        admin.post(f"/api/v1/tasks/{included}/void", json={"reason": "Fel kund"}),
        admin.post(f"/api/v1/tasks/{waiting}/resolve", json={"root_cause": "customer_change"}),
        admin.post(f"/api/v1/tasks/{debited}/override", json={"outcome": "included", "reason": "Goodwill"}),
        admin.post(f"/api/v1/tasks/{included}/override", json={"outcome": "debited", "reason": "Ändrat"}),
    ]
    for answer in answers:
        problem = answer.get_json()
        assert answer.status_code == 409 and problem["code"] == "customer_closed", problem
        assert problem["params"] == {"customer_id": customer_id}
        assert problem["detail"] == f"Customer {customer_id} is closed; its account takes no new entries."
    db.session.expire_all()
    assert (db.session.query(LedgerEntry).count(), db.session.query(TaskDecision).count()) == (entries, decisions)
    assert balance(admin, customer_id) == 0


def test_work_purchases_and_adjustments_stay_refused_with_the_same_code(api):
    admin, customer_id, *_ = closed_account_with_tasks(api)
    answers = [
        log(admin, customer_id, "installation"),
        admin.post(f"/api/v1/customers/{customer_id}/hour-packages", json={"minutes": 60, "price": "950.00"}),
        admin.post(f"/api/v1/customers/{customer_id}/adjustments", json={"minutes": 60, "reason": "Goodwill"}),
        admin.post(f"/api/v1/customers/{customer_id}/close", json={"reason": "Igen"}),
    ]
    assert [(answer.status_code, answer.get_json()["code"]) for answer in answers] == [(409, "customer_closed")] * 4
