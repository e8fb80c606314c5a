"""Where a received message goes (docs/support.md), decided from facts the service looked up; first match wins:

1. it names case N (a Message-ID of the case in In-Reply-To/References, or `[#N]` in the subject) and the sender
   is a contact of N's customer: a reply on N; when N is closed, or resolved longer ago than it may be reopened,
   a new case that names N;
2. it names no case and the sender is a current contact of exactly one customer: a new case for that customer
   (at most MAIL_MAX_NEW_CASES_PER_HOUR per sender, the rest to the inbox);
3. anything else goes to the inbox, with the reason. Automatic mail is stored and never answered.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from ledger.domain.support.cases import REOPEN_DAYS

_TAG = re.compile(r"\[#(\d{1,9})\]")
#: Reply and forward prefixes of Swedish, English and German mail clients.
_PREFIX = re.compile(r"^\s*(?:(?:re|sv|fw|fwd|vb|vs|aw|wg|ang|antw)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
SUBJECT_MAX = 200
OUTCOMES = ("new_case", "reply", "inbox", "ignored", "duplicate")
INBOX_REASONS = ("unknown_sender", "several_customers", "not_a_contact_of_case", "automatic", "rate_limited",
                 "too_large", "customer_closed", "channel_not_in_plan")


@dataclass(frozen=True)
class NamedCase:
    """The case a message names, as it stands."""

    case_id: int
    customer_id: int
    status: str
    resolved_at: datetime | None


@dataclass(frozen=True)
class SenderContact:
    """A current contact with the sender's address."""

    contact_id: int
    customer_id: int


@dataclass(frozen=True)
class Route:
    """Where the message goes: the outcome, why (for the inbox), and the case, customer and contact it concerns."""

    outcome: str
    reason: str | None = None
    case_id: int | None = None
    customer_id: int | None = None
    contact_id: int | None = None
    follows_case_id: int | None = None


def case_tag(subject: str) -> int | None:
    """The N of the first `[#N]` in a subject."""
    found = _TAG.search(subject)
    return int(found.group(1)) if found else None


def case_subject(subject: str, text: str, sender: str) -> str:
    """A new case's subject from a message: without case tags and Re:/Sv:/Fwd: prefixes, at most 200 characters;
    the text's first line (or the sender) when the subject is empty."""
    cleaned = " ".join(_PREFIX.sub("", _TAG.sub(" ", subject)).split())
    if not cleaned:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        cleaned = first[:80] or sender or "–"
    return cleaned[:SUBJECT_MAX]


def tagged_subject(case_id: int, subject: str) -> str:
    """The subject of every mail about case N: `[#N] subject`, so that it threads and routes back."""
    return f"[#{case_id}] {subject}"


def _may_continue(case: NamedCase, now: datetime) -> bool:
    if case.status == "closed":
        return False
    if case.status == "resolved":
        return case.resolved_at is None or now - case.resolved_at <= timedelta(days=REOPEN_DAYS)
    return True


def _new_case(customer_id: int, contact_id: int, new_cases_last_hour: int, max_per_hour: int,
              follows_case_id: int | None = None) -> Route:
    if new_cases_last_hour >= max_per_hour:
        return Route("inbox", "rate_limited", customer_id=customer_id, contact_id=contact_id)
    return Route("new_case", customer_id=customer_id, contact_id=contact_id, follows_case_id=follows_case_id)


def route_message(*, automatic: bool, too_large: bool, named: NamedCase | None, contacts: list[SenderContact],
                  new_cases_last_hour: int, max_per_hour: int, now: datetime) -> Route:
    """Where a message goes; the service writes what the route says."""
    if automatic:
        return Route("ignored", "automatic")
    if too_large:
        return Route("inbox", "too_large")
    if named is not None:
        contact = next((found for found in contacts if found.customer_id == named.customer_id), None)
        if contact is None:
            return Route("inbox", "not_a_contact_of_case", case_id=named.case_id)
        if _may_continue(named, now):
            return Route("reply", case_id=named.case_id, customer_id=named.customer_id, contact_id=contact.contact_id)
        return _new_case(named.customer_id, contact.contact_id, new_cases_last_hour, max_per_hour, named.case_id)
    customers = {contact.customer_id for contact in contacts}
    if not customers:
        return Route("inbox", "unknown_sender")
    if len(customers) > 1:
        return Route("inbox", "several_customers")
    return _new_case(contacts[0].customer_id, contacts[0].contact_id, new_cases_last_hour, max_per_hour)
