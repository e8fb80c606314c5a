"""One Idempotency-Key sent at the same instant with different requests: one is done, the others are 409.

Every keyed endpoint, with real threads on their own connections; before, the losers' insert of the key hit
the unique (user, key) and answered 500.
"""
import pytest

from ledger.extensions import db
from ledger.models import Customer, IdempotencyRecord, LedgerEntry
from tests.conftest import CUSTOMER_DEFAULTS, ApiCaller
from tests.services.helpers import race

THREADS = 6
KEY = {"Idempotency-Key": "one-key-for-everything"}


@pytest.fixture
def admin(api):
    return api("admin")


def in_parallel(app, admin, requests):
    """Send requests[i] = (path, body) from its own client and thread, all with KEY; return their answers."""

    def send(index):
        path, body = requests[index]
        caller = ApiCaller(app.test_client(), admin.token, admin.actor)
        answer = caller.post(path, json=body, headers=KEY)
        return answer.status_code, answer.get_json()

    return race(app, send, len(requests))


def assert_one_done_and_the_rest_refused(answers, done_status):
    statuses = sorted(status for status, _body in answers)
    assert statuses == sorted([done_status] + [409] * (len(answers) - 1)), answers
    assert {body["code"] for status, body in answers if status == 409} == {"idempotency_key_reused"}
    db.session.rollback()
    assert db.session.query(IdempotencyRecord).count() == 1


def test_creating_customers_with_one_key_creates_one(app, admin):
    requests = [("/api/v1/customers", {**CUSTOMER_DEFAULTS, "name": f"Kund {i} AB", "org_number": f"NO-{i}",
                                       "country": "NO"}) for i in range(THREADS)]
    assert_one_done_and_the_rest_refused(in_parallel(app, admin, requests), 201)
    assert db.session.query(Customer).count() == 1


@pytest.mark.parametrize(("endpoint", "body", "done_status"), [
    ("hour-packages", {"minutes": 60, "price": "950.00"}, 201),
    ("adjustments", {"minutes": 30, "reason": "Goodwill"}, 201),
    ("close", {"reason": "Avtalet upphörde"}, 200),
])
def test_one_key_on_many_accounts_moves_only_one_of_them(app, admin, endpoint, body, done_status):
    ids = [admin.post("/api/v1/customers", json={**CUSTOMER_DEFAULTS, "org_number": f"NO-{i}", "country": "NO"})
           .get_json()["id"] for i in range(THREADS)]
    entries_before = db.session.query(LedgerEntry).count()
    answers = in_parallel(app, admin, [(f"/api/v1/customers/{customer_id}/{endpoint}", body) for customer_id in ids])
    assert_one_done_and_the_rest_refused(answers, done_status)
    assert db.session.query(LedgerEntry).count() - entries_before <= 1


def test_logging_work_for_many_customers_with_one_key_logs_it_once(app, admin):
    ids = [admin.post("/api/v1/customers", json={**CUSTOMER_DEFAULTS, "org_number": f"NO-{i}", "country": "NO"})
           .get_json()["id"] for i in range(THREADS)]
    body = {"work_date": "2026-03-10", "minutes": 30, "category": "hosting", "description": "Patchade servern"}
    answers = in_parallel(app, admin, [("/api/v1/tasks", {**body, "customer_id": customer_id}) for customer_id in ids])
    assert_one_done_and_the_rest_refused(answers, 201)


def test_the_same_request_sent_at_once_with_one_key_gets_one_answer(app, admin):
    body = {**CUSTOMER_DEFAULTS, "org_number": "NO-same", "country": "NO"}
    answers = in_parallel(app, admin, [("/api/v1/customers", body)] * THREADS)
    assert {status for status, _body in answers} == {201}
    assert len({body["id"] for _status, body in answers}) == 1
