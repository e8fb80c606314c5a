"""`flask ledger verify`: recompute every account's chain and check the ledger's invariants."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import aliased

from ledger.domain.accounts.entries import AccountHead, ChainProblem, StoredRow, verify_rows
from ledger.extensions import db
from ledger.models import Invoice, InvoiceLine, LedgerEntry, ServiceAccount

#: Rows fetched per round trip while verifying.
VERIFY_BATCH = 5000


@dataclass
class VerifyReport:
    """What was checked and the first problem found per account (empty when the ledger is sound)."""

    accounts: int = 0
    entries: int = 0
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


#: The columns of an entry in the order verification reads them (ledger.domain.accounts.entries.StoredRow).
_ROW_COLUMNS = (
    LedgerEntry.id,
    LedgerEntry.seq,
    LedgerEntry.kind,
    LedgerEntry.minutes,
    LedgerEntry.balance_after,
    LedgerEntry.recorded_at,
    LedgerEntry.task_id,
    LedgerEntry.invoice_id,
    LedgerEntry.reverses_entry_id,
    LedgerEntry.memo,
    LedgerEntry.actor_id,
    LedgerEntry.idempotency_key,
    LedgerEntry.prev_hash,
    LedgerEntry.hash,
)


def entry_rows_query(account_id: int) -> Select:
    """One account's entries in seq order, as the rows verification reads."""
    return select(*_ROW_COLUMNS).where(LedgerEntry.account_id == account_id).order_by(LedgerEntry.seq)


def _stored_rows(account_id: int, counter: list[int]) -> Iterator[StoredRow]:
    rows = db.session.execute(entry_rows_query(account_id), execution_options={"yield_per": VERIFY_BATCH})
    try:
        for row in rows:
            counter[0] += 1
            yield row  # type: ignore[misc]  # a Row is the tuple verify_rows unpacks
    finally:
        rows.close()  # verification may stop at the first broken entry; free the server-side cursor now


def _reversal_problems() -> list[ChainProblem]:
    """L5: a reversal is exactly the negation of one earlier entry of the same account."""
    original = aliased(LedgerEntry)
    rows = db.session.execute(
        select(LedgerEntry.id, LedgerEntry.account_id, LedgerEntry.seq, LedgerEntry.minutes, original.minutes)
        .outerjoin(original, original.id == LedgerEntry.reverses_entry_id)
        .where(
            or_(
                and_(LedgerEntry.kind == "reversal", original.id.is_(None)),
                and_(
                    LedgerEntry.reverses_entry_id.is_not(None),
                    or_(
                        LedgerEntry.kind != "reversal",
                        LedgerEntry.minutes != -original.minutes,
                        LedgerEntry.account_id != original.account_id,
                        original.seq >= LedgerEntry.seq,
                    ),
                ),
            )
        )
        .order_by(LedgerEntry.account_id, LedgerEntry.seq)
    ).all()
    return [
        ChainProblem(account_id, entry_id, seq, f"reversal of {minutes:+d} min does not exactly negate an earlier entry"
                     f"{'' if original_minutes is None else f' ({original_minutes:+d} min)'}.")
        for entry_id, account_id, seq, minutes, original_minutes in rows
    ]


def _reconciliation_problems() -> list[ChainProblem]:
    """L8: every settlement is on exactly one issued invoice line; invoiced entries are of the line's kind
    and of the invoiced customer's account (purchases not yet invoiced are waiting for the next run)."""
    problems = []
    issued_line = (
        select(InvoiceLine.id)
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(InvoiceLine.entry_id == LedgerEntry.id, Invoice.status == "issued")
    )
    for entry_id, account_id, seq in db.session.execute(
        select(LedgerEntry.id, LedgerEntry.account_id, LedgerEntry.seq)
        .where(LedgerEntry.kind == "settlement", ~issued_line.exists())
    ):
        problems.append(ChainProblem(account_id, entry_id, seq, "settlement is on no issued invoice line."))
    expected = {("invoice", "hour_package"): "purchase", ("invoice", "hours_owed"): "settlement",
                ("credit_note", "hour_package"): "reversal", ("credit_note", "hours_owed"): "reversal"}
    rows = db.session.execute(
        select(Invoice.number, Invoice.kind, InvoiceLine.kind, LedgerEntry.id, LedgerEntry.account_id,
               LedgerEntry.seq, LedgerEntry.kind, ServiceAccount.customer_id, Invoice.customer_id)
        .join(InvoiceLine, InvoiceLine.invoice_id == Invoice.id)
        .join(LedgerEntry, LedgerEntry.id == InvoiceLine.entry_id)
        .join(ServiceAccount, ServiceAccount.id == LedgerEntry.account_id)
        .where(Invoice.status == "issued")
    )
    for number, invoice_kind, line_kind, entry_id, account_id, seq, entry_kind, owner, customer_id in rows:
        wanted = expected.get((invoice_kind, line_kind))
        if entry_kind != wanted or owner != customer_id:
            problems.append(ChainProblem(
                account_id, entry_id, seq,
                f"invoice {number} bills this {entry_kind} entry on a {line_kind} line of customer {customer_id}.",
            ))
    return problems


def verify_ledger() -> VerifyReport:
    """Check L2 (seq, balances), L3 (hash chain), L5 (reversals) and L8 (reconciliation); read-only."""
    report = VerifyReport()
    counter = [0]
    accounts = db.session.execute(
        select(ServiceAccount.id, ServiceAccount.balance_minutes, ServiceAccount.last_seq, ServiceAccount.last_hash)
        .order_by(ServiceAccount.id)
    ).all()
    for account_id, balance, last_seq, last_hash in accounts:
        report.accounts += 1
        entries = _stored_rows(account_id, counter)
        try:
            problem = verify_rows(account_id, entries, AccountHead(balance, last_seq, last_hash))
        finally:
            entries.close()
        if problem is not None:
            report.problems.append(problem)
    report.entries = counter[0]
    report.problems.extend(_reversal_problems())
    report.problems.extend(_reconciliation_problems())
    db.session.rollback()
    return report
