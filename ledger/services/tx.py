"""Transaction ownership: a use case opens one write transaction and locks the account it writes to."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ledger.database import WRITE_OPTION
from ledger.extensions import db
from ledger.models import Customer, ServiceAccount
from ledger.services.errors import NotFound


@contextmanager
def write_transaction() -> Iterator[Session]:
    """One write transaction: BEGIN IMMEDIATE on SQLite, committed on success, rolled back on any error."""
    session = db.session()  # the app context's Session behind the scoped proxy
    if session.in_transaction():
        # A read snapshot taken earlier in the request must not be upgraded to a write on SQLite
        # (that can fail with "database is locked"); the use case owns the transaction from here.
        session.rollback()
    session.connection(execution_options={WRITE_OPTION: True})
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


#: Built once: every write locks an account, and building the statement cost as much as running it.
_LOCK_ACCOUNT = (
    select(Customer, ServiceAccount)
    .join(ServiceAccount, ServiceAccount.customer_id == Customer.id)
    .where(Customer.id == bindparam("customer_id"))
    .with_for_update(of=ServiceAccount)
    .execution_options(populate_existing=True)
)


def lock_account(session: Session, customer_id: int) -> tuple[Customer, ServiceAccount]:
    """Lock a customer's service account row for the rest of the transaction (SELECT … FOR UPDATE)."""
    row = session.execute(_LOCK_ACCOUNT, {"customer_id": customer_id}).one_or_none()
    if row is None:
        raise NotFound(phrasing="customer_not_found", customer_id=customer_id)
    return row.Customer, row.ServiceAccount
