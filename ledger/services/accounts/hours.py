"""Service-account use cases: hour packages, adjustments, balance and ledger reads."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ledger.domain.accounts.entries import EntryKind
from ledger.domain.errors import FieldErrors, InvalidInput
from ledger.domain.minutes import MAX_ENTRY_MINUTES
from ledger.domain.money import parse_amount
from ledger.domain.periods import days_utc
from ledger.domain.problems import N_, define_messages
from ledger.extensions import db
from ledger.models import HourPackage, LedgerEntry, ServiceAccount
from ledger.services.access import STAFF_ROLES, Actor, require_role
from ledger.services.accounts.entries import book_entry
from ledger.services.accounts.moved_work import entries_as_read_by
from ledger.services.customers.customers import get_customer, refuse_if_closed
from ledger.services.errors import LedgerInconsistent
from ledger.services.idempotency import IdempotencyKey, remember, replay, replay_on_race
from ledger.services.tx import lock_account, write_transaction

MAX_MEMO_LENGTH = 1000

MESSAGES = define_messages({
    "minutes_not_whole": N_("Must be a whole number of minutes."),
    "adjustment_out_of_range": N_("Must be between %(low)s and %(high)s, not zero."),
    "ledger_inconsistent": N_("Customer %(customer_id)s's stored balance %(balance)s does not match its last entry; "
                              "run `flask ledger verify`."),
})
DEFAULT_PAGE = 500
MAX_PAGE = 5000


@dataclass(frozen=True)
class EntryResult:
    """An entry just booked and the balance it left."""

    entry: LedgerEntry
    balance_minutes: int
    package: HourPackage | None = None


def _whole_minutes(errors: FieldErrors, minutes: object, *, allow_negative: bool) -> int | None:
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        errors.add("minutes", "minutes_not_whole")
        return None
    low = -MAX_ENTRY_MINUTES if allow_negative else 1
    if minutes == 0 or not low <= minutes <= MAX_ENTRY_MINUTES:
        errors.add("minutes", "adjustment_out_of_range" if allow_negative else "out_of_range",
                   low=low, high=MAX_ENTRY_MINUTES)
        return None
    return minutes


def _required_text(errors: FieldErrors, field: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        errors.add(field, "reason_required" if field == "reason" else "blank")
        return ""
    if len(value) > MAX_MEMO_LENGTH:
        errors.add(field, "too_long", max_length=MAX_MEMO_LENGTH)
    return value.strip()


@replay_on_race
def record_purchase(
    customer_id: int, minutes: int, price: str, *, actor: Actor, idempotency: IdempotencyKey | None = None
) -> EntryResult:
    """Sell an hour package: a purchase entry now, invoiced at `price` in the next run.

    :raise InvalidInput: bad minutes or price.  :raise NotFound: unknown customer.
    """
    require_role(actor, *STAFF_ROLES)
    with write_transaction() as session:
        customer, account = lock_account(session, customer_id)
        if (stored := replay(session, idempotency, "record_purchase")) is not None:
            return EntryResult(
                session.get_one(LedgerEntry, stored["entry_id"]),
                stored["balance_minutes"],
                session.get_one(HourPackage, stored["package_id"]),
            )
        errors = FieldErrors()
        minutes_ok = _whole_minutes(errors, minutes, allow_negative=False)
        price_minor = 0
        try:
            price_minor = parse_amount(price, customer.currency, "price", allow_zero=False).minor
        except InvalidInput as error:
            errors.merge(error)
        errors.raise_if_any()
        refuse_if_closed(customer)
        entry = book_entry(
            session,
            customer,
            account,
            EntryKind.PURCHASE,
            minutes_ok,  # type: ignore[arg-type]
            actor=actor,
            memo=f"Hour package {minutes_ok} min",
            idempotency=idempotency,
        )
        package = HourPackage(
            customer_id=customer.id,
            entry_id=entry.id,
            minutes=minutes_ok,
            price_minor=price_minor,
            currency=customer.currency,
            created_at=entry.recorded_at,
        )
        session.add(package)
        session.flush()
        result = EntryResult(entry, account.balance_minutes, package)
        remember(
            session,
            idempotency,
            "record_purchase",
            {"entry_id": entry.id, "balance_minutes": result.balance_minutes, "package_id": package.id},
        )
    return result


@replay_on_race
def record_adjustment(
    customer_id: int, minutes: int, reason: str, *, actor: Actor, idempotency: IdempotencyKey | None = None
) -> EntryResult:
    """A manual correction or goodwill (admin only); negative adjustments respect the overdraft limit.

    :raise InvalidInput: bad minutes or missing reason.  :raise InsufficientHours: past the limit.
    """
    require_role(actor, "admin")
    with write_transaction() as session:
        customer, account = lock_account(session, customer_id)
        if (stored := replay(session, idempotency, "record_adjustment")) is not None:
            return EntryResult(session.get_one(LedgerEntry, stored["entry_id"]), stored["balance_minutes"])
        errors = FieldErrors()
        minutes_ok = _whole_minutes(errors, minutes, allow_negative=True)
        memo = _required_text(errors, "reason", reason)
        errors.raise_if_any()
        refuse_if_closed(customer)
        entry = book_entry(
            session,
            customer,
            account,
            EntryKind.ADJUSTMENT,
            minutes_ok,  # type: ignore[arg-type]
            actor=actor,
            memo=memo,
            what="this adjustment",
            idempotency=idempotency,
        )
        result = EntryResult(entry, account.balance_minutes)
        remember(session, idempotency, "record_adjustment", {"entry_id": entry.id, "balance_minutes": entry.balance_after})
    return result


def get_balance(customer_id: int, *, actor: Actor) -> int:
    """The balance in O(1): the account row, checked against its last entry (invariant L2).

    :raise LedgerInconsistent: the stored balance disagrees with the last entry.
    """
    get_customer(customer_id, actor=actor)
    row = db.session.execute(
        select(ServiceAccount.balance_minutes, ServiceAccount.last_seq, ServiceAccount.last_hash, LedgerEntry.balance_after, LedgerEntry.hash)
        .outerjoin(
            LedgerEntry,
            (LedgerEntry.account_id == ServiceAccount.id) & (LedgerEntry.seq == ServiceAccount.last_seq),
        )
        .where(ServiceAccount.customer_id == customer_id)
    ).one()
    balance, last_seq, last_hash, entry_balance, entry_hash = row
    if last_seq and (entry_balance != balance or entry_hash != last_hash) or (not last_seq and balance != 0):
        raise LedgerInconsistent(code="ledger_inconsistent", customer_id=customer_id, balance=balance)
    return balance


def list_entries(
    customer_id: int,
    *,
    actor: Actor,
    from_date: date | None = None,
    to_date: date | None = None,
    after_seq: int = 0,
    limit: int = DEFAULT_PAGE,
) -> list[LedgerEntry]:
    """Entries in seq order recorded between two dates (inclusive, Stockholm time), a page at a time (to a customer
    user, the memos of work moved to another customer say only that)."""
    customer = get_customer(customer_id, actor=actor)
    query = (
        select(LedgerEntry)
        .where(LedgerEntry.account_id == customer.account.id, LedgerEntry.seq > after_seq)
        .order_by(LedgerEntry.seq)
        .limit(max(1, min(limit, MAX_PAGE)))
    )
    start, end = days_utc(from_date, to_date)
    if start is not None:
        query = query.where(LedgerEntry.recorded_at >= start)
    if end is not None:
        query = query.where(LedgerEntry.recorded_at < end)
    return entries_as_read_by(actor, list(db.session.execute(query).scalars()))
