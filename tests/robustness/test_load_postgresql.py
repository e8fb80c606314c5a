"""PostgreSQL under load: 50 concurrent clients log tasks on 5 accounts for 20 seconds over HTTP. Nothing
is lost (accepted requests = booked entries), refused ones wrote nothing, and the ledger verifies."""
from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest

from ledger.extensions import db
from ledger.models import LedgerEntry, Task
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.accounts.verify import verify_ledger
from ledger.services.people.tokens import issue_token
from tests.services.helpers import assert_account_sound

CLIENTS = 50
ACCOUNTS = 5
SECONDS = 20


def client_loop(base: str, token: str, customers: list[int], deadline: float, seed: int, tally: Counter,
                lock: threading.Lock) -> None:
    """One client: log tasks on random accounts until the deadline, counting the answers."""
    target = urlsplit(base)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
    chooser = random.Random(seed)
    local: Counter = Counter()
    while time.monotonic() < deadline:
        body = json.dumps({"customer_id": chooser.choice(customers), "category": "installation",
                           "minutes": chooser.randint(1, 30), "work_date": "2026-01-15",
                           "description": f"load test, client {seed}"})
        try:
            connection.request("POST", "/api/v1/tasks", body=body,
                               headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
            answer = connection.getresponse()
            answer.read()
            local[answer.status] += 1
        except (OSError, http.client.HTTPException):
            local["connection error"] += 1
            connection.close()
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
    connection.close()
    with lock:
        tally.update(local)


def test_fifty_clients_on_five_accounts_lose_nothing(app, engine_name, live_server, make_customer, make_user):
    if engine_name != "postgresql":
        pytest.skip("the load test is for PostgreSQL, where many app servers share one database")
    customers = []
    for index in range(ACCOUNTS):
        limited = index % 2 == 0  # some accounts allow no overdraft: they run out and refuse
        customer = make_customer(name=f"Last {index} AB", overdraft_limit_minutes=0 if limited else None)
        record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
        customers.append((customer.id, limited))
    token = issue_token(make_user("staff").email)
    tally: Counter = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS
    threads = [threading.Thread(target=client_loop, args=(live_server, token, [c for c, _ in customers], deadline,
                                                          seed, tally, lock)) for seed in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    print(f"answers in {SECONDS} s from {CLIENTS} clients: {dict(tally)}")
    assert set(tally) <= {201, 409}, f"unexpected answers: {tally}"
    db.session.rollback()
    booked = db.session.query(LedgerEntry).filter(LedgerEntry.kind == "consumption").count()
    assert tally[201] == booked == db.session.query(Task).count(), "every accepted request is exactly one entry"
    assert tally[201] > 100, f"the load was real: {tally}"
    for customer_id, limited in customers:
        assert_account_sound(customer_id, overdraft_limit_minutes=0 if limited else None)
    report = verify_ledger()
    assert report.ok, report.problems
