"""Deferred revenue from the rows already kept (docs/books.md): the lots of each account, its balance at a day's
end, and the invoiced values of its packages and agreements then; what is earned in a month; what is still
deferred on a day. Nothing is stored: every figure is read again from entries, invoices and credit notes.

Reads are per day and grouped by customer: the inflow entries (lots) and invoice lines of packages and agreements
up to the day, and the balance then as the account's current balance less the entries after it, so a recent month
costs its own entries plus each customer's few lots.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from ledger.domain.billing.exchange_rates import NATIONAL_CURRENCY, vat_sek_minor
from ledger.domain.books.deferral import AgreementLot, CustomerBooks, Lot, difference, earned_by_forfeit
from ledger.domain.books.recognition import Earned
from ledger.domain.errors import InvalidInput
from ledger.domain.periods import Period, day_start_utc, local_date
from ledger.extensions import db
from ledger.models import Agreement, Customer, Invoice, InvoiceLine, LedgerEntry, ServiceAccount
from ledger.services.access import FINANCE_ROLES, Actor, require_role

#: Entries that bring minutes onto the account: each is a lot, in order.
_LOT = or_(LedgerEntry.kind.in_(("purchase", "settlement")),
           (LedgerEntry.kind == "adjustment") & (LedgerEntry.minutes > 0))


def sek_minor(amount_minor: int, currency: str, rate_micro: int | None) -> int:
    """An invoice amount in öre at the invoice's own rate, exactly as its voucher converts it."""
    if currency == NATIONAL_CURRENCY or rate_micro is None:
        return amount_minor
    return vat_sek_minor(amount_minor, rate_micro)


def _issued_by(day: date) -> object:
    return (Invoice.status == "issued") & (Invoice.issue_date <= day)


def _line_values(day: date, kind: str, key_name: str, customer_id: int | None) -> dict[int, tuple[int, str, int]]:
    """{key: (SEK value less credits, VAT treatment, customer)} of the `kind` lines issued by `day`, keyed by the
    invoice line's `key_name` (a credit note's line by the line it credits)."""
    values: dict[int, tuple[int, str, int]] = {}
    original = aliased(InvoiceLine)
    key, credit_key = getattr(InvoiceLine, key_name), getattr(original, key_name)
    own = (select(key, InvoiceLine.amount_minor, Invoice.currency, Invoice.exchange_rate_micro, Invoice.vat_code,
                  Invoice.customer_id)
           .join(Invoice, InvoiceLine.invoice_id == Invoice.id)
           .where(_issued_by(day), Invoice.kind == "invoice", InvoiceLine.kind == kind, key.is_not(None)))
    credits = (select(credit_key, InvoiceLine.amount_minor, Invoice.currency, Invoice.exchange_rate_micro,
                      Invoice.vat_code, Invoice.customer_id)
               .join(Invoice, InvoiceLine.invoice_id == Invoice.id)
               .join(original, InvoiceLine.credits_line_id == original.id)
               .where(_issued_by(day), Invoice.kind == "credit_note", original.kind == kind))
    if customer_id is not None:
        own, credits = (query.where(Invoice.customer_id == customer_id) for query in (own, credits))
    for query in (own, credits):  # invoices first: a credit note names the treatment the invoice had
        for found, amount, currency, rate, vat_code, customer in db.session.execute(query):
            value, treatment, _customer = values.get(found, (0, vat_code, customer))
            values[found] = (value + sek_minor(amount, currency, rate), treatment, customer)
    return values


def _balances(moment: object, customer_id: int | None) -> dict[int, tuple[int, int]]:
    """{customer: (account id, balance at `moment`)}: the balance after each account's last entry before it,
    found through the (account, recorded_at) index: the latest time, then the last entry at that time."""
    before, last = aliased(LedgerEntry), aliased(LedgerEntry)
    latest = (select(func.max(before.recorded_at))
              .where(before.account_id == ServiceAccount.id, before.recorded_at < moment)
              .correlate(ServiceAccount).scalar_subquery())
    balance = (select(last.balance_after).where(last.account_id == ServiceAccount.id, last.recorded_at == latest)
               .order_by(last.seq.desc()).limit(1).correlate(ServiceAccount).scalar_subquery())
    query = select(ServiceAccount.id, ServiceAccount.customer_id, balance)
    if customer_id is not None:
        query = query.where(ServiceAccount.customer_id == customer_id)
    return {customer: (account, int(found or 0)) for account, customer, found in db.session.execute(query)}


def books_on(day: date, customer_id: int | None = None) -> dict[int, CustomerBooks]:
    """Each customer's deferred items at the end of `day` (customers with no lot and no agreement are left out)."""
    moment = day_start_utc(day + timedelta(days=1))
    reversal = aliased(LedgerEntry)
    lots_query = (select(ServiceAccount.customer_id, LedgerEntry.id, LedgerEntry.minutes, reversal.id)
                  .join(ServiceAccount, ServiceAccount.id == LedgerEntry.account_id)
                  .outerjoin(reversal, (reversal.reverses_entry_id == LedgerEntry.id) & (reversal.recorded_at < moment))
                  .where(_LOT, LedgerEntry.recorded_at < moment).order_by(LedgerEntry.account_id, LedgerEntry.seq))
    if customer_id is not None:
        lots_query = lots_query.where(ServiceAccount.customer_id == customer_id)
    packages = _line_values(day, "hour_package", "entry_id", customer_id)
    lots: dict[int, list[Lot]] = defaultdict(list)
    for customer, entry_id, minutes, reversed_by in db.session.execute(lots_query):
        value, treatment, _owner = packages.get(entry_id, (0, "se_standard", customer))
        lots[customer].append(Lot(entry_id, 0 if reversed_by is not None else minutes, value, treatment))
    agreements: dict[int, list[AgreementLot]] = defaultdict(list)
    periods = dict((line_id, (starts, ends)) for line_id, starts, ends in db.session.execute(
        select(InvoiceLine.id, Agreement.starts_on, Agreement.ends_on)
        .join(Agreement, InvoiceLine.agreement_id == Agreement.id)
        .join(Invoice, InvoiceLine.invoice_id == Invoice.id)
        .where(_issued_by(day), *([Invoice.customer_id == customer_id] if customer_id is not None else []))))
    for line_id, (value, treatment, customer) in _line_values(day, "agreement", "id", customer_id).items():
        if line_id in periods:
            agreements[customer].append(AgreementLot(line_id, *periods[line_id], value, treatment))
    customers = set(lots) | set(agreements)
    balances = _balances(moment, customer_id) if lots else {}
    names = _names(customers)
    return {customer: CustomerBooks(customer, names.get(customer, ""), tuple(lots.get(customer, ())),
                                    balances.get(customer, (0, 0))[1], tuple(agreements.get(customer, ())))
            for customer in customers}


def _names(customers: Iterable[int]) -> dict[int, str]:
    wanted = list(customers)
    if not wanted:
        return {}
    return dict(db.session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(wanted))).all())


@dataclass(frozen=True)
class Forfeiture:
    """What closing an account earned at once, and when."""

    entry_id: int
    day: date
    earned: Earned


def forfeitures(first: date, last: date, customer_id: int | None = None) -> list[Forfeiture]:
    """The forfeits recorded from `first` to `last` (local days), each valued on the books as they stood before it."""
    start, end = day_start_utc(first), day_start_utc(last + timedelta(days=1))
    # only closing forfeits, and it stamps the customer: the customers closed in the range lead to their entries
    query = (select(LedgerEntry, ServiceAccount.customer_id)
             .join(ServiceAccount, ServiceAccount.id == LedgerEntry.account_id)
             .join(Customer, Customer.id == ServiceAccount.customer_id)
             .where(Customer.closed_at >= start, Customer.closed_at < end + timedelta(minutes=1),
                    LedgerEntry.kind == "forfeit", LedgerEntry.recorded_at >= start, LedgerEntry.recorded_at < end)
             .order_by(LedgerEntry.recorded_at, LedgerEntry.id))
    if customer_id is not None:
        query = query.where(ServiceAccount.customer_id == customer_id)
    found = []
    for entry, customer in db.session.execute(query):
        day = local_date(entry.recorded_at)
        books = books_on(day, customer).get(customer)
        if books is None:
            continue
        lots_before = tuple(lot for lot in books.lots if lot.key < entry.id)
        before = CustomerBooks(customer, books.name, lots_before, entry.balance_after - entry.minutes)
        earned = {sales: amount for sales, amount in earned_by_forfeit(before, -entry.minutes).items() if amount}
        found.append(Forfeiture(entry.id, day, Earned(customer, books.name, earned)))
    return found


def earned_in(period: Period, customer_id: int | None = None) -> tuple[list[Earned], list[Forfeiture]]:
    """What the month's voucher recognises per customer (the forfeitures' own vouchers apart), and the forfeitures."""
    end, start = books_on(period.last_day, customer_id), books_on(period.previous().last_day, customer_id)
    forfeited = forfeitures(period.first_day, period.last_day, customer_id)
    by_forfeit: dict[int, list[dict[str, int]]] = defaultdict(list)
    for forfeiture in forfeited:
        by_forfeit[forfeiture.earned.customer_id].append(forfeiture.earned.by_sales)
    earned = []
    for customer in sorted(set(end) | set(start)):
        later = end[customer].earned(period.last_day) if customer in end else {}
        earlier = start[customer].earned(period.previous().last_day) if customer in start else {}
        moved = difference(later, earlier, *by_forfeit.get(customer, []))
        if moved:
            name = (end.get(customer) or start[customer]).name
            earned.append(Earned(customer, name, moved))
    return earned, forfeited


@dataclass(frozen=True)
class Deferred:
    """A customer's deferred revenue on a day: the credit balance of the deferred account for it, in öre."""

    customer_id: int
    name: str
    deferred_minor: int


def deferred_on(day: date, customer_id: int | None = None) -> list[Deferred]:
    """Per customer, what is deferred at the end of `day`, exactly as the vouchers dated up to it leave it: the
    values invoiced and credited by then, less the recognitions dated up to it (the month's on its last day)."""
    month_end = day if (day + timedelta(days=1)).day == 1 else day.replace(day=1) - timedelta(days=1)
    now, recognised = books_on(day, customer_id), books_on(month_end, customer_id)
    forfeited: dict[int, int] = defaultdict(int)
    if month_end < day:
        for forfeiture in forfeitures(month_end + timedelta(days=1), day, customer_id):
            forfeited[forfeiture.earned.customer_id] += sum(forfeiture.earned.by_sales.values())
    found = []
    for customer in sorted(set(now) | set(recognised), key=lambda key: ((now.get(key) or recognised[key]).name, key)):
        books = now.get(customer) or recognised[customer]
        invoiced = now[customer].invoiced_minor if customer in now else 0
        earned = sum(recognised[customer].earned(month_end).values()) if customer in recognised else 0
        found.append(Deferred(customer, books.name, invoiced - earned - forfeited[customer]))
    return found


def deferred_report(day: date, *, actor: Actor) -> list[Deferred]:
    """What is still deferred per customer at the end of `day` (finance, admin); customers with nothing left out.

    :raise InvalidInput: naming `date`, for a day outside the years 2000-2999 the books can hold.
    """
    require_role(actor, *FINANCE_ROLES)
    if not 2000 <= day.year <= 2999:
        raise InvalidInput.single("date", "not_a_date")
    return [row for row in deferred_on(day) if row.deferred_minor]
