"""Every route of the app, for every role: anonymous, customer of A, customer of B, staff, finance, admin.

A route that is not in POLICY fails the test: whoever adds a route decides who may use it. The URLs point at
customer A's data, so a customer of B must get 404 wherever a customer may read. Form posts carry their
session's CSRF token, as a browser's do, so that what answers is who may do what.
"""
from __future__ import annotations

import itertools
from typing import Any

import pytest

from ledger import create_app
from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import ApiToken, User
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import issue_invoice
from ledger.services.billing.runs import run_invoices
from ledger.services.customers.customers import create_customer
from ledger.services.payments.intake import import_bgmax
from ledger.services.people.tokens import issue_token
from tests.conftest import CUSTOMER_DEFAULTS, TEST_PASSWORD, RequestPerContextClient, app_config
from tests.domain.bgmax_files import Deposit, Pay, bgmax_file
from tests.services.invoice_helpers import AFTER_OCTOBER, OCTOBER_DAY, log_work
from tests.web.conftest import csrf_token, post_form

ROLES = ("anonymous", "customer_a", "customer_b", "staff", "finance", "admin")
EVERYONE = {"customer", "staff", "finance", "admin"}
STAFF = {"staff", "admin"}
FINANCE = {"finance", "admin"}
ADMIN = {"admin"}
CUSTOMER = {"customer"}
CASE_WRITERS = STAFF | CUSTOMER

#: endpoint -> (roles allowed, does the URL point at customer A's data?)
POLICY: dict[str, tuple[set[str], bool]] = {
    "rules.classify": (STAFF, False),
    "rules.get_rules": (EVERYONE, False),
    "customers.create_customer": (STAFF, False),
    "customers.list_customers": (EVERYONE, False),
    "customers.get_customer": (EVERYONE, True),
    "customers.adjust_balance": (ADMIN, True),
    "customers.close_customer": (ADMIN, True),
    "customers.sell_hour_package": (STAFF, True),
    "customers.read_ledger": (EVERYONE, True),
    "customers.read_statement": (EVERYONE, True),
    "invoices.list_invoices": (EVERYONE, False),
    "invoices.get_invoice": (EVERYONE, True),
    "invoices.discard_draft": (FINANCE, True),
    "invoices.credit_invoice": (FINANCE, True),
    "invoices.issue_invoice": (FINANCE, True),
    "invoices.download_pdf": (EVERYONE, True),
    "invoices.export_period": (FINANCE, False),
    "invoices.download_peppol": (EVERYONE, True),
    "exchange_rates.record_exchange_rate": (FINANCE, False),
    "exchange_rates.list_exchange_rates": (FINANCE, False),
    "invoices.run_invoices": (FINANCE, False),
    "invoices.issue_period": (FINANCE, False),
    "jobs.get_job": (FINANCE, False),
    "staff.outbox": (STAFF | FINANCE, False),
    "tasks.record_task": (STAFF, True),
    "tasks.list_tasks": (EVERYONE, False),
    "tasks.get_task": (EVERYONE, True),
    "tasks.override_task": (ADMIN, True),
    "tasks.resolve_task": (STAFF, True),
    "tasks.void_task": (STAFF, True),
    "finance.overview": (FINANCE, False),
    "finance.export": (FINANCE, False),
    "finance.invoice": (FINANCE, True),
    "finance.credit": (FINANCE, True),
    "finance.discard": (FINANCE, True),
    "finance.issue": (FINANCE, True),
    "finance.pdf": (FINANCE, True),
    "finance.issue_all": (FINANCE, False),
    "finance.run": (FINANCE, False),
    "finance.exchange_rates": (FINANCE, False),
    "finance.add_exchange_rate": (FINANCE, False),
    "portal.home": (CUSTOMER, False),
    "portal.statement": (CUSTOMER, False),
    "portal.invoice_pdf": (CUSTOMER, True),
    "staff.customers": (STAFF, False),
    "staff.customer": (STAFF, True),
    "staff.edit_customer": (STAFF, True),
    "staff.customer_tasks_csv": (STAFF, True),
    "staff.customer_statement": (STAFF, True),
    "staff.customer_statement_csv": (STAFF, True),
    "portal.statement_csv": (CUSTOMER, False),
    "staff.adjust_balance": (ADMIN, True),
    "staff.close_customer": (ADMIN, True),
    "staff.sell_hours": (STAFF, True),
    "staff.new_customer": (STAFF, False),
    "staff.review": (STAFF, False),
    "staff.task": (STAFF, True),
    "staff.override_task": (ADMIN, True),
    "staff.resolve_task": (STAFF, True),
    "staff.void_task": (STAFF, True),
    "staff.log_work": (STAFF, False),
    "plans.get_plans": (EVERYONE, False),
    "agreements.create_agreement": (STAFF, True),
    "agreements.list_agreements": (EVERYONE, True),
    "cases.open_case": (CASE_WRITERS, True),
    "cases.list_cases": (EVERYONE, False),
    "cases.get_case": (EVERYONE, True),
    "cases.respond_to_case": (CASE_WRITERS, True),
    "cases.change_case_status": (STAFF, True),
    "cases.change_case_severity": (STAFF, True),
    "cases.sla_report": (EVERYONE, True),
    "staff.cases": (STAFF, False),
    "staff.new_case": (STAFF, False),
    "staff.case": (STAFF, True),
    "staff.respond_case": (STAFF, True),
    "staff.case_status": (STAFF, True),
    "staff.case_severity": (STAFF, True),
    "staff.sla_report": (STAFF, True),
    "portal.cases": (CUSTOMER, False),
    "portal.new_case": (CUSTOMER, False),
    "portal.case": (CUSTOMER, True),
    "portal.reply_case": (CUSTOMER, True),
    "portal.sla_report": (CUSTOMER, False),
    "account.change_password": (EVERYONE, False),
    "admin.users": (ADMIN, False),
    "admin.new_user": (ADMIN, False),
    "admin.user": (ADMIN, False),
    "admin.rename": (ADMIN, False),
    "admin.change_role": (ADMIN, False),
    "admin.deactivate": (ADMIN, False),
    "admin.activate": (ADMIN, False),
    "admin.unlock": (ADMIN, False),
    "admin.reset_link": (ADMIN, False),
    "admin.tokens": (ADMIN, False),
    "admin.create_token": (ADMIN, False),
    "admin.revoke_token": (ADMIN, False),
    "payments.import_bgmax": (FINANCE, False),
    "payments.list_unmatched": (FINANCE, False),
    "payments.assign_payment": (FINANCE, False),
    "payments.record_payment": (FINANCE, True),
    "payments.list_payments": (EVERYONE, True),
    "payments.list_overdue": (EVERYONE, False),
    "payments.reverse_payment": (FINANCE, True),
    "payments.refund_payment": (FINANCE, True),
    "payments.write_off": (FINANCE, True),
    "payments.record_reference_rate": (FINANCE, False),
    "payments.list_reference_rates": (FINANCE, False),
    "invoices.draft_now": (FINANCE, False),
    "invoices.add_line": (FINANCE, True),
    "invoices.remove_line": (FINANCE, True),
    "finance.invoice_now": (FINANCE, False),
    "finance.new_line": (FINANCE, True),
    "finance.drop_line": (FINANCE, True),
    "finance.peppol": (FINANCE, True),
    "finance.issued": (FINANCE, False),
    "finance.reference_rates": (FINANCE, False),
    "finance.add_reference_rate": (FINANCE, False),
    "finance.preview_upload": (FINANCE, False),
    "finance.import_upload": (FINANCE, False),
    "finance_payments.record": (FINANCE, True),
    "finance_payments.reverse": (FINANCE, True),
    "finance_payments.refund": (FINANCE, True),
    "finance_payments.write_off": (FINANCE, True),
    "finance_payments.remind": (FINANCE, True),
    "finance_payments.overdue": (FINANCE, False),
    "finance_payments.remind_all": (FINANCE, False),
    "finance_payments.overview": (FINANCE, False),
    "finance_payments.import_file": (FINANCE, False),
    "finance_payments.assign": (FINANCE, False),
    "contacts.create_contact": (STAFF, True),
    "contacts.list_contacts": (EVERYONE, True),
    "contacts.update_contact": (STAFF, True),
    "contacts.remove_contact": (STAFF, True),
    "staff.add_contact": (STAFF, True),
    "staff.edit_contact": (STAFF, True),
    "staff.remove_contact": (STAFF, True),
    "staff.sell_agreement": (STAFF, True),
    "staff.expiring_agreements": (STAFF, False),
    "users.me": (EVERYONE, False),
    "users.list_users": (STAFF | FINANCE, False),
    "case_team.assign_case": (STAFF, True),
    "case_team.sla_report": (STAFF | FINANCE, False),
    "staff.my_cases": (STAFF, False),
    "staff.unassigned_cases": (STAFF, False),
    "staff.at_risk_cases": (STAFF, False),
    "staff.breached_cases": (STAFF, False),
    "staff.assign_case": (STAFF, True),
    "staff.team_sla_report_page": (STAFF, False),
    "staff.team_sla_report_csv": (STAFF, False),
    "staff.team_sla_report_xlsx": (STAFF, False),
    "conversation.add_note": (STAFF, True),
    "conversation.add_attachments": (CASE_WRITERS, True),
    "conversation.download_attachment": (STAFF | CUSTOMER, True),
    "maildesk.receive_inbound": (STAFF, False),
    "maildesk.list_inbox": (STAFF, False),
    "maildesk.get_inbox_item": (STAFF, False),
    "maildesk.make_case": (STAFF, False),
    "maildesk.discard": (STAFF, False),
    "staff.add_note": (STAFF, True),
    "staff.inbox": (STAFF, False),
    "staff.inbox_item": (STAFF, False),
    "staff.make_case": (STAFF, False),
    "staff.discard": (STAFF, False),
    "timers.start_timer": (STAFF, False),
    "timers.list_timers": (STAFF, False),
    "timers.stop_timer": (STAFF, False),
    "timers.discard_timer": (STAFF, False),
    "tasks.correct_task": (STAFF, True),
    "reports.hours_report": (STAFF | FINANCE, False),
    "staff.timers": (STAFF, False),
    "staff.stop_timer": (STAFF, False),
    "staff.discard_timer": (STAFF, False),
    "staff.week_sheet": (STAFF, False),
    "staff.correct_task": (STAFF, True),
    "staff.my_hours": (STAFF, False),
    "staff.hours_report": (STAFF | FINANCE, False),
    "books.deferred": (FINANCE, False),
    "books.vat_return": (FINANCE, False),
    "books.ec_sales_list": (FINANCE, False),
    "finance_books.deferred": (FINANCE, False),
    "finance_books.vat_return": (FINANCE, False),
    "finance_books.ec_sales_list": (FINANCE, False),
    "finance_books.ec_sales_file": (FINANCE, False),
}
#: Open to everyone, signed in or not; signing out is checked last, since it ends the session.
PUBLIC = {"auth.home", "auth.login", "auth.language", "api-docs.openapi_json", "api_page.api_docs", "health.health",
          "assets.static", "auth.logout", "account.forgot_password", "account.reset_password"}

QUERY = {"customers.read_statement": "?period=2026-10", "invoices.export_period": "?period=2026-10",
         "finance.export": "?period=2026-10", "finance.overview": "?period=2026-10",
         "portal.statement": "?period=2026-10", "portal.statement_csv": "?period=2026-10",
         "staff.customer_statement": "?period=2026-10", "staff.customer_statement_csv": "?period=2026-10", "cases.sla_report": "?period=2026-10",
         "staff.sla_report": "?period=2026-10", "portal.sla_report": "?period=2026-10",
         "case_team.sla_report": "?period=2026-10", "staff.team_sla_report_page": "?period=2026-10",
         "staff.team_sla_report_csv": "?period=2026-10", "staff.team_sla_report_xlsx": "?period=2026-10",
         "reports.hours_report": "?period=2026-10", "staff.hours_report": "?period=2026-10",
         "books.deferred": "?date=2026-10-31", "books.vat_return": "?period=2026-10",
         "books.ec_sales_list": "?period=2026-10", "finance_books.deferred": "?date=2026-10-31",
         "finance_books.vat_return": "?period=2026-10", "finance_books.ec_sales_list": "?period=2026-10",
         "finance_books.ec_sales_file": "?period=2026-10"}


def request_body(endpoint: str, ids: dict[str, int], counter: itertools.count) -> dict[str, Any]:
    """A body that passes validation, so that the route's own access rules are what answers."""
    case_report = {"customer_id": ids["customer_id"], "severity": 2, "subject": "matrix", "description": "matrix",
                   "channel": "email"}
    return {
        "rules.classify": {"category": "hosting"},
        "customers.create_customer": {**CUSTOMER_DEFAULTS, "name": f"Matrix {next(counter)} AB",
                                      "org_number": "559876-5435", "country": "SE"},
        "customers.adjust_balance": {"minutes": 5, "reason": "matrix"},
        "customers.close_customer": {"reason": "matrix"},
        "customers.sell_hour_package": {"minutes": 60, "price": "100.00"},
        "invoices.credit_invoice": {"reason": "matrix"},
        "exchange_rates.record_exchange_rate": {"currency": "EUR", "date": "2026-10-30", "rate": "11.0215"},
        "finance.add_exchange_rate": {"currency": "EUR", "date": "2026-10-30", "rate": "11,0215"},
        "invoices.run_invoices": {"period": "2026-10"},
        "invoices.issue_period": {"period": "2026-10"},
        "tasks.record_task": {"customer_id": ids["customer_id"], "work_date": "2026-11-02", "minutes": 5,
                              "category": "hosting", "description": "matrix"},
        "tasks.override_task": {"outcome": "included", "reason": "matrix"},
        "tasks.resolve_task": {"root_cause": "our_product"},
        "tasks.void_task": {"reason": "matrix"},
        "finance.run": {"period": "2026-10"}, "finance.issue_all": {"period": "2026-10"},
        "finance.credit": {"reason": "matrix"},
        "staff.adjust_balance": {"minutes": "5", "reason": "matrix"}, "staff.close_customer": {"reason": "matrix"},
        "staff.sell_hours": {"minutes": "60", "price": "100.00"},
        "staff.edit_customer": {**{key: str(value) for key, value in CUSTOMER_DEFAULTS.items()}, "name": "A AB",
                                "billing_increment_minutes": "1", "low_balance_minutes": "120"},
        "staff.override_task": {"outcome": "included", "reason": "matrix"},
        "staff.resolve_task": {"root_cause": "our_product"}, "staff.void_task": {"reason": "matrix"},
        "staff.log_work": {"action": "preview", "customer_id": str(ids["customer_id"]), "category": "hosting",
                           "minutes": "5"},
        "auth.language": {"language": "en"},
        "agreements.create_agreement": {"kind": "support_plan", "plan": "enterprise"},
        "contacts.create_contact": {"name": "Matrix", "email": "matrix@a.example", "roles": ["expert_user"]},
        "contacts.update_contact": {"phone": "08-1"},
        "staff.add_contact": {"name": "Matrix", "email": "matrix@a.example", "language": "sv"},
        "cases.open_case": case_report, "cases.respond_to_case": {"message": "matrix"},
        "cases.change_case_status": {"status": "waiting_on_customer"},
        "cases.change_case_severity": {"severity": 1, "reason": "matrix"},
        "staff.new_case": {**case_report, "customer_id": str(ids["customer_id"]), "severity": "2"},
        "staff.respond_case": {"message": "matrix"}, "staff.case_status": {"status": "waiting_on_customer"},
        "staff.case_severity": {"severity": "1", "reason": "matrix"},
        "portal.new_case": {**case_report, "severity": "2"}, "portal.reply_case": {"message": "matrix"},
        "admin.new_user": {"display_name": "Matrix", "email": f"new{next(counter)}@matrix.example", "role": "staff",
                           "customer": "None", "password": TEST_PASSWORD},
        "admin.rename": {"display_name": "Matrix Person"}, "admin.change_role": {"role": "finance"},
        "admin.create_token": {"user_id": str(ids["user_id"])},
        "payments.assign_payment": {"invoice_id": ids["invoice_id"], "reason": "matrix"},
        "payments.record_payment": {"amount": "1.00", "paid_on": "2026-11-02", "reason": "matrix"},
        "case_team.assign_case": {"user_id": ids["user_id"]}, "staff.assign_case": {"user_id": str(ids["user_id"])},
        "conversation.add_note": {"message": "matrix"}, "staff.add_note": {"message": "matrix"},
        "maildesk.make_case": {"customer_id": ids["customer_id"]}, "maildesk.discard": {"reason": "matrix"},
        "staff.make_case": {"customer_id": str(ids["customer_id"]), "severity": "3", "subject": "matrix"},
        "staff.discard": {"reason": "matrix"},
        "timers.start_timer": {"customer_id": ids["customer_id"]},
        "timers.stop_timer": {"description": "matrix", "category": "hosting"},
        "tasks.correct_task": {"minutes": 45, "reason": "matrix"},
        "staff.timers": {"customer_id": str(ids["customer_id"])},
        "staff.stop_timer": {"description": "matrix", "category": "hosting"},
        "staff.week_sheet": {"action": "preview", "week": "2026-W45", "rows-0-customer_id": str(ids["customer_id"]),
                             "rows-0-category": "hosting", "rows-0-mon": "30"},
        "staff.correct_task": {"customer_id": str(ids["customer_id"]), "work_date": "2026-10-06", "minutes": "45",
                               "category": "installation", "description": "matrix", "reason": "matrix"},
        "payments.reverse_payment": {"reason": "matrix"}, "payments.write_off": {"reason": "matrix"},
        "payments.record_reference_rate": {"valid_from": "2026-07-01", "rate": "2.00"},
        "invoices.draft_now": {"customer_id": ids["customer_id"]},
        "invoices.add_line": {"description": "matrix", "quantity": "1", "unit": "piece", "unit_price": "1.00"},
        "finance.invoice_now": {"now-customer_id": str(ids["customer_id"])},
        "finance.new_line": {"line-description": "matrix", "line-quantity": "1", "line-unit": "piece",
                             "line-unit_price": "1,00"},
        "finance.add_reference_rate": {"valid_from": "2026-07-01", "rate": "2,00"},
        "finance_payments.record": {"payment-paid_on": "2026-11-02", "payment-amount": "1,00",
                                    "payment-method": "swish"},
        "finance_payments.reverse": {f"reverse-{ids['invoice_payment_id']}-reason": "matrix"},
        "finance_payments.write_off": {"write-off-reason": "matrix"},
    }.get(endpoint, {})


@pytest.fixture
def world(database_url, freeze_clock):
    """Customers A and B, A's October work, invoice and task; one signed-in client and one token per role."""
    app = create_app(app_config(database_url))
    app.test_client_class = RequestPerContextClient
    with app.app_context():
        from ledger.services.clock import CLOCK_EXTENSION
        from ledger.services.people.users import create_user

        app.extensions[CLOCK_EXTENSION] = lambda: OCTOBER_DAY
        a = create_customer({**CUSTOMER_DEFAULTS, "name": "A AB"}, actor=SYSTEM)
        b = create_customer({**CUSTOMER_DEFAULTS, "name": "B AB", "org_number": "559012-3450"}, actor=SYSTEM)
        log_work(a.id, "installation", 60, "A's installation")
        log_work(a.id, "troubleshooting", 30, "A's open question")
        app.extensions[CLOCK_EXTENSION] = lambda: AFTER_OCTOBER
        drafts = {d.customer_id: d for d in run_invoices(Period(2026, 10), actor=SYSTEM).created}
        invoice = issue_invoice(drafts[a.id].id, actor=SYSTEM)
        from ledger.services.support.cases import open_case

        case = open_case({"customer_id": a.id, "severity": 2, "subject": "A's case", "description": "Broken",
                          "channel": "email"}, actor=SYSTEM)
        from ledger.models import Task
        from ledger.services.customers.contacts import create_contact

        contact = create_contact(a.id, {"name": "A's contact", "email": "kontakt@a.example"}, actor=SYSTEM)
        from ledger.domain.mail.files import IncomingFile
        from ledger.models import CaseAttachment
        from ledger.services.support.cases import respond_to_case
        from ledger.services.support.inbound import receive_message

        respond_to_case(case.case.id, "A log", actor=SYSTEM, files=[IncomingFile.of("a.log", "text/plain", b"A")])
        attachment_id = db.session.query(CaseAttachment.id).filter_by(case_id=case.case.id).scalar()
        inbox_id = receive_message(b"From: someone@unknown.example\nSubject: matrix\n\nHello").inbox_id

        task_id = db.session.query(Task.id).filter_by(customer_id=a.id, category="installation").scalar()
        unmatched = import_bgmax(bgmax_file([Deposit(payments=[Pay(100, "")])]), actor=SYSTEM).unmatched[0]
        from datetime import date

        from ledger.services.payments.by_hand import record_payment

        by_hand = record_payment(invoice.id, {"amount": "1.00", "paid_on": date(2026, 11, 2)}, actor=SYSTEM)
        from ledger.services.mail.jobs import start_job

        job, _created = start_job("issue_period", "2026-09", 0, actor=SYSTEM)
        from ledger.services.access import Actor
        from ledger.services.work.timers import start_timer
        clients, tokens = {}, {}
        for role in ROLES[1:]:
            base_role = "customer" if role.startswith("customer") else role
            customer_id = {"customer_a": a.id, "customer_b": b.id}.get(role)
            user = create_user(f"{role}@matrix.example", base_role, TEST_PASSWORD, display_name=role,
                               customer_id=customer_id)
            tokens[role] = issue_token(user.email)
            client = app.test_client()
            answer = post_form(client, "/login", {"email": user.email, "password": TEST_PASSWORD})
            assert answer.status_code == 303
            clients[role] = client
        clients["anonymous"] = app.test_client()
        # Each staff member's own timer: a timer is its owner's (an admin's reaches anyone's), and the matrix's
        # staff and admin must find theirs running when they come to stop it.
        timer_ids = {role: start_timer({"customer_id": a.id, "category": "hosting", "description": "matrix"},
                                       actor=Actor.of(db.session.query(User).filter_by(email=f"{role}@matrix.example")
                                                      .one())).id for role in ("staff", "admin")}
        csrf = {role: csrf_token(client, "/login") for role, client in clients.items()}
        target = create_user("target@matrix.example", "staff", TEST_PASSWORD, display_name="Target")
        issue_token(target.email)
        target_token = db.session.query(ApiToken.id).filter_by(user_id=target.id).scalar()
        yield app, clients, tokens, {"customer_id": a.id, "task_id": task_id, "invoice_id": invoice.id,
                                         "case_id": case.case.id, "user_id": target.id,
                                         "token_id": target_token, "payment_id": unmatched.payment_id,
                                         "contact_id": contact.id, "job_id": job.id, "inbox_id": inbox_id,
                                         "attachment_id": attachment_id, "timer_ids": timer_ids,
                                         "invoice_payment_id": by_hand.id, "position": 1}, csrf
        db.session.remove()
        db.engine.dispose()


def expected(endpoint: str, role: str, api: bool) -> int | None:
    """The status a role must get, or None for "allowed": anything but 401/403/404/405 and 5xx."""
    allowed, about_a = POLICY[endpoint]
    if role == "anonymous":
        return 401 if api else 302
    base_role = "customer" if role.startswith("customer") else role
    if base_role not in allowed:
        return 403
    if about_a and role == "customer_b":
        return 404
    return None


def test_every_route_has_an_access_policy(world):
    app = world[0]
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - PUBLIC - set(POLICY) == set(), "decide who may use the new route"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_it_may(world, role):
    app, clients, tokens, ids, csrf = world
    client, counter, wrong = clients[role], itertools.count(), []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in PUBLIC:
            continue
        path = rule.rule.replace("<int:timer_id>", str(ids["timer_ids"].get(role, ids["timer_ids"]["staff"])))
        for name, value in ids.items():
            path = path.replace(f"<int:{name}>", str(value))
        path += QUERY.get(rule.endpoint, "")
        api = path.startswith("/api/")
        headers = {"Authorization": f"Bearer {tokens[role]}"} if api and role in tokens else {}
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            body = request_body(rule.endpoint, ids, counter)
            if method == "GET":
                answer = client.get(path, headers=headers)
            elif api:
                answer = client.open(path, method=method, json=body or None, headers=headers)
            else:
                answer = client.open(path, method=method, data={**body, "csrf_token": csrf[role]})
            answer.close()  # streamed downloads (zip, PDF) hold a file until the response is closed
            want = expected(rule.endpoint, role, api)
            got = answer.status_code
            if want == 302:
                ok = got == 302 and "/login" in answer.headers.get("Location", "")
            elif want is not None:
                ok = got == want
            else:
                ok = got < 500 and got not in (401, 403, 404, 405) and (method != "GET" or got in (200, 302))
            if not ok:
                wrong.append(f"{method} {path}: got {got}, want {want or 'allowed'}")
    assert wrong == []


def test_public_routes_answer_everyone(world):
    _app, clients, _tokens, _ids, csrf = world
    for role in ROLES:
        client = clients[role]
        for path in ("/", "/login", "/api/v1/openapi.json", "/api/v1/health", "/static/css/app.css"):
            with client.get(path) as answer:
                assert answer.status_code in (200, 302), (role, path)
        assert client.post("/language", data={"language": "sv", "csrf_token": csrf[role]}).status_code == 303, role
        signed_out = client.post("/logout", data={"csrf_token": csrf[role]})
        assert signed_out.status_code in (302, 303) and "/login" in signed_out.headers["Location"], role
