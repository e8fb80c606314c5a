"""Renewal notices (docs/contacts-and-agreements.md): one mail per agreement period to the contract managers, in each one's
language, one calendar month before the end date — or at once when that day has passed and the agreement has
not ended. The daily job and `flask agreements notify` call `queue_renewal_notices`.

Once per period is kept twice over: the agreement's `renewal_notice_queued_at` is set, under a row lock, in the
transaction that queues the mail, and every message has the dedupe key renewal:<agreement>:<address>. A notice
with nobody to send it to (no contract manager and no invoice e-mail) is not marked: staff see why
(`unsent_notices`), and the next run sends it once somebody can receive it.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import aliased

from ledger.domain.periods import local_date
from ledger.domain.problems import N_, define_messages
from ledger.domain.support.agreements import agreement_state, notice_day
from ledger.extensions import db
from ledger.models import Agreement, Customer
from ledger.services.access import READ_ALL_ROLES, Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.customers.recipients import billing_recipients
from ledger.services.mail.outbox import queue_mail
from ledger.services.support.agreements import AgreementView, cancellations
from ledger.services.support.plans import active_maintenance, active_plans
from ledger.services.tx import write_transaction

RENEWAL_NOTICE = "renewal_notice"
#: Why a due notice was not sent (the pages say it in words).
NO_RECIPIENT = "renewal_notice_no_recipient"
MESSAGES = define_messages({
    NO_RECIPIENT: N_("The renewal notice could not be sent: no contract manager and no invoice e-mail."),
})
#: The notice day is one calendar month before the end: never more than 31 days ahead.
LONGEST_MONTH_DAYS = 31
#: The staff list of agreements expiring soon looks this far ahead.
EXPIRING_WITHIN_DAYS = 60


@dataclass
class RenewalRun:
    """What one run queued: the agreements noticed and the messages written (a recipient each), and the agreements
    whose notice is due but has nobody to go to (retried by the next run)."""

    agreement_ids: list[int] = field(default_factory=list)
    messages: int = 0
    unsent_agreement_ids: list[int] = field(default_factory=list)


def _needs_renewal(agreement: Agreement) -> bool:
    """Maintenance packs and priced support plans are renewed by buying; included plans need no notice."""
    if agreement.kind == "maintenance":
        return True
    plan = active_plans().plan(agreement.plan or "")
    return plan is not None and plan.price is not None


def _due(today: date, customer_ids: Collection[int] | None = None) -> list[int]:
    """Agreements whose notice day has come, that have not ended, are not renewed and have had no notice."""
    renewal = aliased(Agreement)
    query = (
        select(Agreement).join(Customer, Customer.id == Agreement.customer_id)
        .where(Agreement.renewal_notice_queued_at.is_(None), Customer.status == "active",
               Agreement.starts_on <= today, Agreement.ends_on >= today,
               Agreement.ends_on <= today + timedelta(days=LONGEST_MONTH_DAYS),
               ~exists().where(renewal.renews_agreement_id == Agreement.id))
        .order_by(Agreement.ends_on, Agreement.id)
    )
    if customer_ids is not None:
        query = query.where(Agreement.customer_id.in_(list(customer_ids)))
    candidates = db.session.execute(query).scalars().all()
    cancelled = cancellations(db.session, (agreement.id for agreement in candidates))
    return [agreement.id for agreement in candidates
            if notice_day(agreement.ends_on) <= today and agreement.id not in cancelled and _needs_renewal(agreement)]


def _labels(agreement: Agreement) -> dict[str, str]:
    if agreement.kind == "maintenance":
        variant = active_maintenance().get(agreement.variant or "")
        return {"label_sv": variant.label_sv if variant else agreement.variant or "",
                "label_en": variant.label_en if variant else agreement.variant or ""}
    plan = active_plans().plan(agreement.plan or "")
    return {"label_sv": plan.label_sv if plan else agreement.plan or "",
            "label_en": plan.label_en if plan else agreement.plan or ""}


def _notify(agreement_id: int, today: date) -> int | None:
    """Queue one agreement's notice in its own transaction; the number of messages written (0: done before), or
    None when nobody can receive it (the agreement stays unmarked, so a later run tries again)."""
    with write_transaction() as session:
        agreement = session.execute(
            select(Agreement).where(Agreement.id == agreement_id).with_for_update()
            .execution_options(populate_existing=True)
        ).scalar_one()
        if agreement.renewal_notice_queued_at is not None:  # another run got here first
            return 0
        customer = session.get_one(Customer, agreement.customer_id)
        recipients = billing_recipients(session, customer)
        if not recipients:
            return None
        params = {
            "customer_name": customer.name, "kind": agreement.kind, "variant": agreement.variant,
            "licence_reference": agreement.licence_reference, "starts_on": agreement.starts_on.isoformat(),
            "ends_on": agreement.ends_on.isoformat(), "renewal_starts_on": (agreement.ends_on + timedelta(days=1)).isoformat(),
            "days_left": (agreement.ends_on - today).days, **_labels(agreement),
        }
        written = 0
        for recipient in recipients:
            message = queue_mail(session, kind=RENEWAL_NOTICE, recipient=recipient.email, language=recipient.language,
                                 template=RENEWAL_NOTICE, params=params, customer_id=customer.id,
                                 dedupe_key=f"renewal:{agreement.id}:{recipient.email.lower()}")
            written += message is not None
        agreement.renewal_notice_queued_at = utcnow()
    return written


def queue_renewal_notices(today: date | None = None) -> RenewalRun:
    """Queue the renewal notices due on `today` (default: today in Stockholm); safe to run any number of times."""
    today = today or local_date(utcnow())
    run = RenewalRun()
    for agreement_id in _due(today):
        written = _notify(agreement_id, today)
        if written is None:
            run.unsent_agreement_ids.append(agreement_id)
            continue
        run.agreement_ids.append(agreement_id)
        run.messages += written
    return run


def unsent_notices(customer_ids: Collection[int] | None = None, today: date | None = None) -> dict[int, str]:
    """Agreements (of the given customers) whose renewal notice is due but cannot be sent, with the reason code."""
    due = _due(today or local_date(utcnow()), customer_ids)
    if not due:
        return {}
    agreements = db.session.execute(select(Agreement).where(Agreement.id.in_(due))).scalars().all()
    reachable: dict[int, bool] = {}
    for agreement in agreements:
        if agreement.customer_id not in reachable:
            customer = db.session.get_one(Customer, agreement.customer_id)
            reachable[customer.id] = bool(billing_recipients(db.session(), customer))
    return {agreement.id: NO_RECIPIENT for agreement in agreements if not reachable[agreement.customer_id]}


def expiring_agreements(*, actor: Actor, within_days: int = EXPIRING_WITHIN_DAYS) -> list[AgreementView]:
    """Agreements of active customers that end within `within_days` and are not renewed, soonest first (staff)."""
    require_role(actor, *READ_ALL_ROLES)
    today = local_date(utcnow())
    renewal = aliased(Agreement)
    found = db.session.execute(
        select(Agreement).join(Customer, Customer.id == Agreement.customer_id)
        .where(Customer.status == "active", Agreement.starts_on <= today, Agreement.ends_on >= today,
               Agreement.ends_on <= today + timedelta(days=within_days),
               ~exists().where(renewal.renews_agreement_id == Agreement.id))
        .order_by(Agreement.ends_on, Agreement.id)
    ).scalars().all()
    cancelled = cancellations(db.session, (agreement.id for agreement in found))
    views = []
    for agreement in found:
        if agreement.id in cancelled or not _needs_renewal(agreement):
            continue
        state = agreement_state(agreement.starts_on, agreement.ends_on, today)
        views.append(AgreementView(agreement, state.status, state.days_left, state.notice_on, None))
    return views
