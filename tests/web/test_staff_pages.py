"""Staff pages: customers, logging work with its decision, tasks, the review queue and hour packages."""
from __future__ import annotations

import html
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from ledger.extensions import db
from ledger.models import Customer, HourPackage, LedgerEntry, ServiceAccount, Task
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from tests.conftest import utc
from tests.services.helpers import debit
from tests.web.conftest import csrf_token, post_form

TODAY = date(2026, 3, 5)
INSTALLATION_REASON = "Installation of and training in the product are debited to the service account."
CUSTOMER_CAUSED_REASON = "The fault was caused by a change the customer or their consultant made in their own systems."


@pytest.fixture
def english(client, freeze_clock):
    """English pages on a fixed day, 5 March 2026."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    freeze_clock(utc(2026, 3, 5, 10))


@pytest.fixture
def staff(english, sign_in):
    return sign_in("staff")


@pytest.fixture
def admin(english, sign_in):
    return sign_in("admin")


def text(response) -> str:
    """The page as a reader sees its text: entities decoded, non-breaking spaces as spaces."""
    return html.unescape(response.get_data(as_text=True)).replace("\xa0", " ")


def count(model) -> int:
    db.session.rollback()  # see what the requests committed
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def balance(customer_id: int) -> int:
    db.session.rollback()
    return db.session.execute(
        select(ServiceAccount.balance_minutes).where(ServiceAccount.customer_id == customer_id)).scalar_one()


def work(customer_id: int, **facts) -> dict:
    """The log-work form as a browser sends it."""
    return {"customer_id": str(customer_id), "work_date": TODAY.isoformat(), "minutes": "50",
            "category": "installation", "root_cause": "", "agreement_reference": "",
            "description": "Installed the integration", "idempotency_key": "key-1", "action": "save", **facts}


def field_errors(response, field: str) -> str:
    """The error list shown under a form field."""
    match = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', response.get_data(as_text=True), re.S)
    assert match, f"no errors shown for {field}"
    return html.unescape(match.group(1))


def test_staff_see_customers_with_their_balances_and_can_search(client, staff, make_customer):
    north = make_customer(name="Norrland Data AB")
    make_customer(name="Syd Konsult AB")
    record_purchase(north.id, 600, "9500.00", actor=SYSTEM)
    page = text(client.get("/staff/customers"))
    assert "Norrland Data AB" in page and "Syd Konsult AB" in page and "10 h" in page
    assert f'href="/staff/customers/{north.id}"' in page and 'href="/staff/customers/new"' in page
    found = text(client.get("/staff/customers?q=norr"))
    assert "Norrland Data AB" in found and "Syd Konsult AB" not in found


def test_a_customer_page_shows_the_balance_terms_and_recent_tasks_with_their_reasons(client, staff, make_customer):
    customer = make_customer(name="Kund AB", hourly_rate="950.00", billing_increment_minutes=15,
                             overdraft_limit_minutes=120, low_balance_minutes=60)
    record_purchase(customer.id, 60, "950.00", actor=SYSTEM)
    debit(customer.id, 70, "Installed the connector")
    answer = client.get(f"/staff/customers/{customer.id}")
    page = text(answer)
    assert answer.status_code == 200
    assert re.search(r'class="balance negative"><span class="duration">−15 min', page), "owed hours stand out"
    assert "The customer owes 15 min" in page
    assert "SEK 950.00" in page and "Rounded up to 15 min" in page and "2 h" in page
    assert "Installed the connector" in page and INSTALLATION_REASON in page
    assert "Low balance since 2026-03-05" in page
    assert "Hour package" in page and "Debited work" in page, "the ledger entries"
    assert f'href="/staff/work?customer_id={customer.id}"' in page
    assert f'href="/staff/customers/{customer.id}/hour-packages"' in page


def test_previewing_work_shows_the_decision_and_writes_nothing(client, staff, make_customer):
    customer = make_customer(billing_increment_minutes=30)
    record_purchase(customer.id, 120, "1900.00", actor=SYSTEM)
    answer = post_form(client, "/staff/work", work(customer.id, action="preview"))
    page = text(answer)
    assert answer.status_code == 200
    preview = page[page.index('id="decision-preview"'):]
    assert "Debited from the service account" in preview and INSTALLATION_REASON in preview
    assert "Installation and training – debited" in preview and "debited.installation_training" in preview
    assert re.search(r"Terms</dt><dd>[^<]*\w[^<]* <code class=\"rule-id\">debited\.installation_training</code>", preview), \
        "the clause's words, the rule's id beside them (issue 22 item 24: \"Regel included.…\")"
    assert re.search(r"Billed</dt><dd><span class=\"duration\">1 h", preview)
    assert re.search(r"Balance after</dt><dd><span class=\"duration\">1 h", preview)
    assert count(Task) == 0 and count(LedgerEntry) == 1


def test_saving_work_records_the_task_and_its_debit_and_says_why(client, staff, make_customer):
    customer = make_customer()
    record_purchase(customer.id, 120, "1900.00", actor=SYSTEM)
    answer = post_form(client, "/staff/work", work(customer.id), page="/staff/work")
    assert answer.status_code == 303 and re.fullmatch(r"/staff/tasks/\d+", answer.headers["Location"])
    page = text(client.get(answer.headers["Location"]))
    assert "was saved" in page and INSTALLATION_REASON in page and "the balance is now 1 h 10 min" in page
    assert "debited.installation_training" in page and "Classified" in page
    assert count(Task) == 1 and balance(customer.id) == 70


def test_pre_agreed_work_without_a_reference_is_refused_at_that_field_and_writes_nothing(client, staff, make_customer):
    customer = make_customer()
    answer = post_form(client, "/staff/work", work(customer.id, category="project"), page="/staff/work")
    assert answer.status_code == 422
    assert "agreed in advance" in field_errors(answer, "agreement_reference")
    assert count(Task) == 0 and count(LedgerEntry) == 0
    preview = post_form(client, "/staff/work", work(customer.id, category="project", action="preview"),
                        page="/staff/work")
    assert preview.status_code == 422 and "agreed in advance" in field_errors(preview, "agreement_reference")


def test_work_past_the_overdraft_limit_is_refused_and_writes_nothing(client, staff, make_customer):
    customer = make_customer(overdraft_limit_minutes=0)
    preview = text(post_form(client, "/staff/work", work(customer.id, action="preview"), page="/staff/work"))
    assert "Saving would be refused" in preview and "the account allows no overdraft" in preview
    answer = post_form(client, "/staff/work", work(customer.id), page="/staff/work")
    assert answer.status_code == 409
    assert "Not enough hours: the balance is 0 min and this needs 50 min" in text(answer)
    assert count(Task) == 0 and count(LedgerEntry) == 0


def test_saving_work_without_minutes_or_a_description_marks_those_fields_and_writes_nothing(
        client, staff, make_customer):
    customer = make_customer()
    answer = post_form(client, "/staff/work", work(customer.id, minutes="", description=" "), page="/staff/work")
    assert answer.status_code == 422
    assert "required" in field_errors(answer, "minutes") and "required" in field_errors(answer, "description")
    assert count(Task) == 0


def test_sending_the_work_form_twice_books_it_once(client, staff, make_customer):
    customer = make_customer()
    form = client.get(f"/staff/work?customer_id={customer.id}").get_data(as_text=True)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', form).group(1)
    assert re.search(rf'<option [^>]*selected value="{customer.id}"', form), "the customer is preselected"
    first = post_form(client, "/staff/work", work(customer.id, idempotency_key=key), page="/staff/work")
    second = post_form(client, "/staff/work", work(customer.id, idempotency_key=key), page="/staff/work")
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count(Task) == 1 and balance(customer.id) == -50


def test_the_work_page_loads_the_live_preview_script_without_inline_script(client, staff, make_customer):
    page = client.get("/staff/work").get_data(as_text=True)
    assert '<script src="/static/js/work.js" defer></script>' in page
    assert re.search(r'<section id="decision-preview" class="preview" aria-live="polite"', page)
    assert "<script>" not in page and "style=" not in page
    assert 'name="action" value="preview"' in page and 'name="action" value="save"' in page


def test_the_live_preview_asks_the_api_with_the_pages_csrf_token(client, staff, make_customer):
    customer = make_customer(overdraft_limit_minutes=0)
    token = csrf_token(client, "/staff/work")
    facts = {"category": "installation", "minutes": 30, "customer_id": customer.id, "root_cause": None,
             "partner_new_major_version": False, "agreement_reference": None}
    answer = client.post("/api/v1/classify", json=facts, headers={"X-CSRFToken": token})
    assert answer.status_code == 200
    assert answer.json["outcome"] == "debited" and answer.json["reason"]["en"] == INSTALLATION_REASON
    assert answer.json["balance_after"] == -30 and answer.json["refused"]
    assert client.post("/api/v1/classify", json=facts).status_code == 400, "no token, no answer"


def test_the_review_queue_lists_tasks_in_review_and_resolving_books_the_right_outcome(client, staff, make_customer):
    customer = make_customer(name="Felsök AB")
    later = debit(customer.id, 40, "Sync stopped", category="troubleshooting", work_date=TODAY).task.id
    earlier = debit(customer.id, 25, "Orders missing", category="troubleshooting", work_date=date(2026, 3, 2)).task.id
    page = text(client.get("/staff/review"))
    assert "Felsök AB" in page and page.index("Orders missing") < page.index("Sync stopped"), "oldest first"
    answer = post_form(client, f"/staff/tasks/{earlier}/resolve", {"root_cause": "customer_change", "next": "review"},
                       page="/staff/review")
    assert answer.status_code == 303 and answer.headers["Location"] == "/staff/review"
    assert CUSTOMER_CAUSED_REASON in text(client.get("/staff/review"))
    assert balance(customer.id) == -25
    post_form(client, f"/staff/tasks/{later}/resolve", {"root_cause": "our_product"}, page="/staff/review")
    assert balance(customer.id) == -25, "our own fault is included"
    assert "The queue is empty" in text(client.get("/staff/review"))
    db.session.rollback()
    assert db.session.get(Task, later).outcome == "included"


def test_voiding_a_task_gives_its_debit_back(client, staff, make_customer):
    customer = make_customer()
    task_id = debit(customer.id, 45).task.id
    answer = post_form(client, f"/staff/tasks/{task_id}/void", {"reason": "Logged on the wrong customer", "confirmed": "yes"},
                       page=f"/staff/tasks/{task_id}")
    assert answer.status_code == 303
    page = text(client.get(f"/staff/tasks/{task_id}"))
    assert "45 min were given back" in page and "Voided: Logged on the wrong customer" in page
    assert balance(customer.id) == 0 and count(LedgerEntry) == 2


def test_staff_cannot_override_a_decision_but_an_admin_can_with_the_reason_in_the_history(
        client, english, sign_in, make_customer):
    customer = make_customer()
    task_id = debit(customer.id, 45).task.id
    sign_in("staff")
    assert "Override the decision" not in text(client.get(f"/staff/tasks/{task_id}"))
    refused = post_form(client, f"/staff/tasks/{task_id}/override", {"outcome": "included", "reason": "Goodwill"},
                        page=f"/staff/tasks/{task_id}")
    assert refused.status_code == 403 and balance(customer.id) == -45
    sign_in("admin")
    answer = post_form(client, f"/staff/tasks/{task_id}/override",
                       {"outcome": "included", "reason": "Goodwill after the outage", "confirmed": "yes"}, page=f"/staff/tasks/{task_id}")
    assert answer.status_code == 303
    page = text(client.get(f"/staff/tasks/{task_id}"))
    assert "Overridden" in page and "Goodwill after the outage" in page
    assert re.search(r"Instead of: Installation and training – debited \([^)]+\) <code[^>]*>debited\.installation_training"
                     r"</code>", page), "staff see the overridden rule's words, its id beside them"
    assert balance(customer.id) == 0


def test_selling_an_hour_package_raises_the_balance(client, staff, make_customer):
    customer = make_customer(name="Timbank AB")
    path = f"/staff/customers/{customer.id}/hour-packages"
    bad = post_form(client, path, {"minutes": "600", "price": "lots", "idempotency_key": "p-1"})
    assert bad.status_code == 422 and "is not an amount" in field_errors(bad, "price")
    answer = post_form(client, path, {"minutes": "600", "price": "9500,00", "idempotency_key": "p-2"})
    again = post_form(client, path, {"minutes": "600", "price": "9500,00", "idempotency_key": "p-2"})
    assert answer.status_code == again.status_code == 303
    assert "Sold 10 h to Timbank AB; the balance is now 10 h." in text(client.get(answer.headers["Location"]))
    assert balance(customer.id) == 600 and count(HourPackage) == 1


def test_creating_a_customer_with_an_invalid_org_number_shows_the_error_and_creates_nothing(client, staff):
    data = {"name": "Nytt Bolag AB", "org_number": "556677-8890", "country": "SE", "language": "sv",
            "currency": "SEK", "hourly_rate": "950,00", "monthly_fee": "1499,00", "billing_increment_minutes": "1",
            "overdraft_limit_minutes": "", "low_balance_minutes": "120"}
    answer = post_form(client, "/staff/customers/new", data)
    assert answer.status_code == 422
    assert "not a valid Swedish organisation number" in field_errors(answer, "org_number")
    assert count(Customer) == 0
    created = post_form(client, "/staff/customers/new", {**data, "org_number": "5566778899"})
    assert created.status_code == 303
    page = text(client.get(created.headers["Location"]))
    assert "Customer Nytt Bolag AB was created." in page and "556677-8899" in page
    assert "No limit: pays for the exact time used" in page and "SEK 1,499.00" in page


def test_only_admins_see_and_may_use_the_balance_and_closing_forms(client, english, sign_in, make_customer):
    customer = make_customer()
    record_purchase(customer.id, 90, "1000.00", actor=SYSTEM)
    page = f"/staff/customers/{customer.id}"
    sign_in("staff")
    assert "Adjust the balance" not in text(client.get(page))
    assert post_form(client, f"{page}/adjust", {"minutes": "30", "reason": "Goodwill"}, page=page).status_code == 403
    assert post_form(client, f"{page}/close", {"reason": "Left"}, page=page).status_code == 403
    sign_in("admin")
    assert "Adjust the balance" in text(client.get(page))
    adjusted = post_form(client, f"{page}/adjust", {"minutes": "30", "reason": "Goodwill"}, page=page)
    assert adjusted.status_code == 303 and balance(customer.id) == 120
    closed = post_form(client, f"{page}/close", {"reason": "Moved to another vendor", "confirmed": "yes"}, page=page)
    assert closed.status_code == 303
    assert "2 h were forfeited" in text(client.get(page)) and balance(customer.id) == 0


@pytest.mark.parametrize("role", ["finance", "customer"])
@pytest.mark.parametrize("path", ["/staff/customers", "/staff/customers/new", "/staff/work", "/staff/review",
                                  "/staff/customers/{id}", "/staff/customers/{id}/hour-packages"])
def test_finance_and_customer_users_may_not_open_staff_pages(client, english, sign_in, make_customer, role, path):
    customer = make_customer()
    sign_in(role, customer.id if role == "customer" else None)
    assert client.get(path.format(id=customer.id)).status_code == 403


@pytest.mark.parametrize("path", ["/staff/customers/9999", "/staff/tasks/9999", "/staff/customers/9999/hour-packages"])
def test_an_unknown_customer_or_task_is_not_found(client, staff, path):
    assert client.get(path).status_code == 404


def test_voiding_an_unknown_task_is_not_found(client, staff):
    assert post_form(client, "/staff/tasks/9999/void", {"reason": "Oops"}, page="/staff/review").status_code == 404
