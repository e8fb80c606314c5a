"""Getting paid by the bank: import its BgMax file, assign the payments it could not match (docs/payments.md).

Payments are append-only. A bank file is refused whole when it does not read cleanly; one that reads is stored
in batches under each payment's import key (INSERT … ON CONFLICT DO NOTHING), so the same file imported twice
(even by two people at once) stores each payment once and reports the rest as already imported. Payments by hand,
reversals, refunds and write-offs are in `by_hand`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import any_, bindparam, cast, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.domain.billing.exchange_rates import NATIONAL_CURRENCY
from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.formatting import invoice_number
from ledger.domain.payments.bgmax import BgMaxDeposit, BgMaxPayment, BgMaxRefused, parse_bgmax
from ledger.domain.payments.matching import Match, import_keys, match_payment, payment_references
from ledger.domain.problems import N_, define_messages, json_params
from ledger.models import Invoice, Payment, PaymentAssignment
from ledger.services.access import FINANCE_ROLES, Actor, require_role
from ledger.services.billing.exchange_rates import rate_for_issue
from ledger.services.clock import utcnow
from ledger.services.errors import NotFound
from ledger.services.payments.checks import payable_invoice, reason_text
from ledger.services.tx import write_transaction

MESSAGES = define_messages({
    "bgmax_test_file": N_("This is a test file from Bankgirot (marker T); test payments are not imported."),
    "payment_currency_mismatch": N_("The payment is in %(currency)s, invoice %(invoice_number)s in "
                                    "%(invoice_currency)s; assign it by hand."),
    "payment_reference_ambiguous": N_("Two invoices of different series have the OCR number %(reference)s; assign "
                                      "the payment by hand."),
    "payment_already_assigned": N_("Payment %(payment_id)s already belongs to an invoice."),
    "payment_not_found": N_("Payment %(payment_id)s does not exist."),
})


@dataclass(frozen=True)
class ImportedPayment:
    """One payment of the file and what became of it."""

    line: int
    import_key: str
    amount_minor: int
    currency: str
    paid_on: date
    reference: str
    payer_name: str
    payment_id: int | None = None
    invoice_id: int | None = None
    invoice_number: str | None = None
    unmatched_code: str | None = None
    unmatched_params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    """Payments matched to an invoice, kept unmatched for a person, and found already imported."""

    matched: list[ImportedPayment]
    unmatched: list[ImportedPayment]
    already_imported: list[ImportedPayment]


#: Payments per statement: on SQLite within its limit of bound values (also for IN lists), on PostgreSQL (one
#: array per column) many.
INSERT_CHUNK = 500
BULK_ROWS = 5000


def _one_of(session: Session, column: Any, values: list[str]) -> Any:
    """`column` is one of `values`: on PostgreSQL one array parameter (= ANY), not thousands of IN parameters."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(cast(bindparam(None, values), ARRAY(column.type)))
    return column.in_(values)


def _invoices_by_ocr(session: Session, references: set[str]) -> dict[str, Invoice | None]:
    """Issued invoices by OCR; None for an OCR two invoices share (another series' number), which a person assigns."""
    found: dict[str, Invoice | None] = {}
    ordered = sorted(references)
    for start in range(0, len(ordered), BULK_ROWS):
        for invoice in session.execute(select(Invoice).where(
                _one_of(session, Invoice.ocr, ordered[start:start + BULK_ROWS]), Invoice.kind == "invoice",
                Invoice.status == "issued")).scalars():
            found[invoice.ocr] = None if invoice.ocr in found else invoice  # type: ignore[index]
    return found


def _match(deposit: BgMaxDeposit, payment: BgMaxPayment, invoices: dict[str, Invoice | None]) -> Match[Invoice]:
    references = payment_references(payment)
    if len(references) == 1 and references[0].strip() in invoices and invoices[references[0].strip()] is None:
        return Match(None, unmatched_code="payment_reference_ambiguous",
                     unmatched_params={"reference": references[0].strip()})
    match = match_payment(payment, invoices)  # type: ignore[arg-type]
    invoice = match.target
    if invoice is not None and invoice.currency != deposit.currency:
        return Match(None, unmatched_code="payment_currency_mismatch", unmatched_params={
            "currency": deposit.currency, "invoice_number": invoice_number(invoice),
            "invoice_currency": invoice.currency})
    return match


def _insert(session: Session, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert payment rows, thousands per statement; those whose import key is stored already (by a racing
    import) are left out. The ids of the rows inserted, by import key.

    PostgreSQL takes each column as one array (INSERT … SELECT FROM unnest(…)): a short statement whatever the
    number of rows, where a VALUES list of thousands of rows costs more to send and parse than to store. SQLite
    takes the rows as one compiled INSERT run for each (executemany).
    """
    if not rows:
        return {}
    connection, names = session.connection(), list(rows[0])
    if connection.dialect.name == "postgresql":
        table = Payment.__table__
        arrays = func.unnest(*[cast(bindparam(name), ARRAY(table.c[name].type)) for name in names])
        source = arrays.table_valued(*names).render_derived(name="bank_rows")
        statement = (pg_insert(Payment).from_select(names, select(*[source.c[name] for name in names]))
                     .on_conflict_do_nothing(index_elements=["import_key"]).returning(Payment.id, Payment.import_key))
        batches = [{name: [row[name] for row in rows[start:start + BULK_ROWS]] for name in names}
                   for start in range(0, len(rows), BULK_ROWS)]
    else:
        statement = (sqlite_insert(Payment).on_conflict_do_nothing(index_elements=["import_key"])
                     .returning(Payment.id, Payment.import_key))
        batches = [rows[start:start + INSERT_CHUNK] for start in range(0, len(rows), INSERT_CHUNK)]
    stored: dict[str, int] = {}
    for batch in batches:
        stored.update({key: payment_id for payment_id, key in connection.execute(statement, batch)})
    return stored


def _rates(session: Session, keyed: list[tuple[str, BgMaxDeposit, BgMaxPayment]]) -> dict[tuple[str, date], Any]:
    """The exchange rate of each foreign-currency deposit's day (None when none is on file)."""
    rates: dict[tuple[str, date], Any] = {}
    for _key, deposit, _payment in keyed:
        day = (deposit.currency, deposit.payment_date)
        if deposit.currency != NATIONAL_CURRENCY and day not in rates:
            try:
                rates[day] = rate_for_issue(session, deposit.currency, deposit.payment_date)
            except Conflict:
                rates[day] = None
    return rates


def import_bgmax(data: bytes, *, actor: Actor) -> ImportResult:
    """Import a BgMax file: every payment stored once, matched by OCR to an issued invoice or kept unmatched.

    The payments are written in batches (one statement per INSERT_CHUNK rows), not one round trip each.
    :raise InvalidInput: (field `file`) the file does not read as BgMax, naming the line; nothing is imported.
    """
    require_role(actor, *FINANCE_ROLES)
    try:
        bank_file = parse_bgmax(data)
    except BgMaxRefused as refusal:
        raise InvalidInput.single("file", refusal.code, **refusal.params) from None
    if bank_file.header.is_test:
        raise InvalidInput.single("file", "bgmax_test_file", line=1)
    keyed = import_keys(bank_file)
    with write_transaction() as session:
        stored = _stored_keys(session, [key for key, _, _ in keyed])
        fresh = [item for item in keyed if item[0] not in stored]
        invoices = _invoices_by_ocr(session, {ref.strip() for _, _, payment in fresh
                                              for ref in payment_references(payment)})
        rates, now = _rates(session, fresh), utcnow()
        rows, seen = [], {}
        for key, deposit, payment in fresh:
            match = _match(deposit, payment, invoices)
            invoice, params = match.target, json_params(match.unmatched_params or {})
            rate = rates.get((deposit.currency, deposit.payment_date))
            rows.append({
                "source": "bgmax", "kind": "payment", "method": "bankgiro", "import_key": key,
                "invoice_id": invoice.id if invoice else None, "customer_id": invoice.customer_id if invoice else None,
                "amount_minor": payment.amount_minor, "currency": deposit.currency, "paid_on": deposit.payment_date,
                "reference": payment.reference.strip()[:100] or None, "reason": None,
                "unmatched_code": match.unmatched_code,
                "unmatched_params": json.dumps(params) if match.unmatched_code else None,
                "sender_bankgiro": payment.sender_bankgiro, "payer_name": payment.payer.name.strip()[:80] or None,
                "created_at": now, "created_by": actor.id,
                "exchange_rate_micro": rate.rate_micro if rate else None,
                "exchange_rate_date": rate.rate_date if rate else None,
            })
            seen[key] = (match, params)
        ids = _insert(session, rows)
    matched: list[ImportedPayment] = []
    unmatched: list[ImportedPayment] = []
    already: list[ImportedPayment] = []
    for key, deposit, payment in keyed:
        item = ImportedPayment(payment.line, key, payment.amount_minor, deposit.currency, deposit.payment_date,
                               payment.reference.strip(), payment.payer.name.strip())
        if key not in ids:
            already.append(item)
            continue
        match, params = seen[key]
        invoice = match.target
        result = ImportedPayment(**{**vars(item), "payment_id": ids[key], "invoice_id": invoice.id if invoice else None,
                                    "invoice_number": invoice_number(invoice) if invoice else None,
                                    "unmatched_code": match.unmatched_code, "unmatched_params": params})
        (matched if invoice else unmatched).append(result)
    return ImportResult(matched, unmatched, already)


def _stored_keys(session: Session, keys: list[str]) -> set[str]:
    stored: set[str] = set()
    for start in range(0, len(keys), BULK_ROWS):
        stored.update(session.execute(select(Payment.import_key).where(
            _one_of(session, Payment.import_key, keys[start:start + BULK_ROWS]))).scalars())
    return stored


def assign_payment(payment_id: int, invoice_id: int, reason: object, *, actor: Actor) -> PaymentAssignment:
    """A person decides which invoice an unmatched bank payment pays; the decision is kept as a fact of its own.

    :raise NotFound: no such payment or invoice.  :raise Conflict: the payment already belongs to an invoice, or
    the invoice is not issued.  :raise InvalidInput: no reason, or another currency.
    """
    require_role(actor, *FINANCE_ROLES)
    with write_transaction() as session:
        payment = session.get(Payment, payment_id)
        if payment is None or payment.kind != "payment":
            raise NotFound(code="payment_not_found", payment_id=payment_id)
        invoice = payable_invoice(session, invoice_id)
        errors = FieldErrors()
        text = reason_text(errors, reason)
        if invoice.currency != payment.currency:
            errors.add("invoice_id", "payment_currency_mismatch", currency=payment.currency,
                       invoice_number=invoice_number(invoice), invoice_currency=invoice.currency)
        errors.raise_if_any()
        taken = session.execute(select(PaymentAssignment.id).where(PaymentAssignment.payment_id == payment_id)).first()
        if payment.invoice_id is not None or taken:
            raise Conflict(code="payment_already_assigned", payment_id=payment_id)
        assignment = PaymentAssignment(payment_id=payment_id, invoice_id=invoice.id, reason=text,
                                       assigned_at=utcnow(), assigned_by=actor.id)
        try:
            with session.begin_nested():
                session.add(assignment)
        except IntegrityError:
            raise Conflict(code="payment_already_assigned", payment_id=payment_id) from None
    return assignment
