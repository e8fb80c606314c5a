"""Ledger entry rules: kinds and signs, the overdraft limit (L4), appending and verifying a chain (L2, L3)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ledger.domain.chain import GENESIS_HASH, EntryFields, chain_hash, utc_naive
from ledger.domain.errors import Conflict, InsufficientHours, InvalidInput
from ledger.domain.problems import N_, define_messages

MESSAGES = define_messages({
    "minutes_zero": N_("Must not be zero."),
    "entry_must_be_positive": N_("An entry of kind %(kind)s must add minutes."),
    "entry_must_be_negative": N_("An entry of kind %(kind)s must take minutes away."),
    "already_reversed": N_("This entry has already been reversed."),
    "reverse_reversal": N_("A reversal cannot itself be reversed; record a new entry instead."),
})


class EntryKind(StrEnum):
    """What an entry records (DESIGN.md §3)."""

    PURCHASE = "purchase"
    CONSUMPTION = "consumption"
    SETTLEMENT = "settlement"
    REVERSAL = "reversal"
    ADJUSTMENT = "adjustment"
    FORFEIT = "forfeit"


#: +1: always adds hours, -1: always removes them, 0: either way.
_SIGN = {
    EntryKind.PURCHASE: 1,
    EntryKind.CONSUMPTION: -1,
    EntryKind.SETTLEMENT: 1,
    EntryKind.REVERSAL: 0,
    EntryKind.ADJUSTMENT: 0,
    EntryKind.FORFEIT: -1,
}

#: Kinds whose negative minutes must respect the overdraft limit; a reversal or forfeit restores truth
#: and is never refused for lack of hours.
_LIMITED_KINDS = {EntryKind.CONSUMPTION, EntryKind.ADJUSTMENT}


@dataclass(frozen=True)
class AccountHead:
    """The running state stored on the account row: balance and the end of the chain."""

    balance_minutes: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS_HASH


@dataclass(frozen=True)
class NewEntry:
    """An entry ready to insert, with the head it leaves behind."""

    fields: EntryFields
    prev_hash: str
    hash: str
    head: AccountHead


def check_sign(kind: EntryKind, minutes: int) -> None:
    """Refuse zero minutes and minutes whose sign contradicts the kind."""
    if minutes == 0:
        raise InvalidInput.single("minutes", "minutes_zero")
    sign = _SIGN[kind]
    if sign and (minutes > 0) != (sign > 0):
        raise InvalidInput.single("minutes", "entry_must_be_positive" if sign > 0 else "entry_must_be_negative",
                                 kind=kind.value)


def check_limit(
    *, customer_id: int, balance_minutes: int, needed_minutes: int, overdraft_limit_minutes: int | None, what: str
) -> None:
    """Refuse a debit of `needed_minutes` that would take the balance below -overdraft limit (L4)."""
    if overdraft_limit_minutes is None or balance_minutes - needed_minutes >= -overdraft_limit_minutes:
        return
    raise InsufficientHours(
        customer_id=customer_id,
        balance_minutes=balance_minutes,
        needed_minutes=needed_minutes,
        overdraft_limit_minutes=overdraft_limit_minutes,
    )


def append_entry(
    head: AccountHead,
    *,
    account_id: int,
    kind: EntryKind,
    minutes: int,
    recorded_at: datetime,
    customer_id: int,
    overdraft_limit_minutes: int | None = None,
    what: str = "this entry",
    **references: object,
) -> NewEntry:
    """Validate and chain the next entry of an account; pure, so the caller must hold the account lock."""
    check_sign(kind, minutes)
    if kind in _LIMITED_KINDS and minutes < 0:
        check_limit(
            customer_id=customer_id,
            balance_minutes=head.balance_minutes,
            needed_minutes=-minutes,
            overdraft_limit_minutes=overdraft_limit_minutes,
            what=what,
        )
    fields = EntryFields(
        account_id=account_id,
        seq=head.last_seq + 1,
        kind=kind.value,
        minutes=minutes,
        balance_after=head.balance_minutes + minutes,
        recorded_at=recorded_at,
        **references,  # type: ignore[arg-type]
    )
    digest = chain_hash(head.last_hash, fields)
    return NewEntry(fields, head.last_hash, digest, AccountHead(fields.balance_after, fields.seq, digest))


def reversal_minutes(original_kind: str, original_minutes: int, already_reversed: bool) -> int:
    """Minutes of the reversal of an entry: exactly its negation, at most once (L5)."""
    if already_reversed:
        raise Conflict(code="already_reversed")
    if original_kind == EntryKind.REVERSAL:
        raise Conflict(code="reverse_reversal")
    return -original_minutes


@dataclass(frozen=True)
class StoredEntry:
    """An entry as read back from storage, for verification."""

    id: int
    fields: EntryFields
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainProblem:
    """The first thing wrong with an account's chain, naming the entry."""

    account_id: int
    entry_id: int | None
    seq: int | None
    problem: str

    def __str__(self) -> str:
        where = f"entry {self.entry_id} (account {self.account_id}, seq {self.seq})" if self.entry_id else (
            f"account {self.account_id}"
        )
        return f"{where}: {self.problem}"


def verify_chain(account_id: int, entries: Iterable[StoredEntry], stored_head: AccountHead) -> ChainProblem | None:
    """Recompute seq, balances and hashes of one account's entries in seq order (L2, L3)."""
    running = AccountHead()
    previous_time = None
    for entry in entries:
        fields = entry.fields

        def problem(text: str) -> ChainProblem:
            return ChainProblem(account_id, entry.id, fields.seq, text)

        if fields.seq != running.last_seq + 1:
            return problem(f"seq {fields.seq} follows seq {running.last_seq}; the sequence has a gap or repeat.")
        if entry.prev_hash != running.last_hash:
            return problem("prev_hash does not match the hash of the entry before it.")
        recomputed = chain_hash(running.last_hash, fields)
        if recomputed != entry.hash:
            return problem(
                f"hash mismatch: stored {entry.hash[:12]}…, recomputed {recomputed[:12]}…; "
                "the entry was changed after it was written."
            )
        try:
            check_sign(EntryKind(fields.kind), fields.minutes)
        except (ValueError, InvalidInput):
            return problem(f"{fields.minutes} minutes is not a valid {fields.kind!r} entry.")
        if fields.balance_after != running.balance_minutes + fields.minutes:
            return problem(
                f"balance_after is {fields.balance_after} but the entries before it sum to "
                f"{running.balance_minutes} {fields.minutes:+d}."
            )
        moment = utc_naive(fields.recorded_at)
        if previous_time is not None and moment < previous_time:
            return problem("recorded_at is earlier than the entry before it; entry times must not go back.")
        previous_time = moment
        running = AccountHead(fields.balance_after, fields.seq, entry.hash)
    if running != stored_head:
        return ChainProblem(
            account_id,
            None,
            None,
            f"the account row says balance {stored_head.balance_minutes}, last seq {stored_head.last_seq}, "
            f"but its entries give balance {running.balance_minutes}, last seq {running.last_seq}.",
        )
    return None
