"""Ledger entry rules: kinds and signs, the overdraft limit (L4), appending and verifying a chain (L2, L3)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum

from ledger.domain.accounts.chain import GENESIS_HASH, EntryFields, canonical_text, chain_hash, hash_after, utc_naive
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
    """What an entry records (docs/ledger.md)."""

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


def _against_sign(sign: int, minutes: int) -> bool:
    """Whether non-zero `minutes` contradict a kind's sign (1 adds, -1 takes away, 0 either)."""
    return bool(sign) and (minutes > 0) != (sign > 0)


def check_sign(kind: EntryKind, minutes: int) -> None:
    """Refuse zero minutes and minutes whose sign contradicts the kind."""
    if minutes == 0:
        raise InvalidInput.single("minutes", "minutes_zero")
    sign = _SIGN[kind]
    if _against_sign(sign, minutes):
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


#: A stored entry as a row, in this column order: what verification reads.
StoredRow = tuple[int, int, str, int, int, datetime, int | None, int | None, int | None, str, int | None, str | None,
                  str, str]


def stored_row(entry: StoredEntry) -> StoredRow:
    """A StoredEntry as the row verification reads."""
    fields = entry.fields
    return (entry.id, fields.seq, fields.kind, fields.minutes, fields.balance_after, fields.recorded_at,
            fields.task_id, fields.invoice_id, fields.reverses_entry_id, fields.memo, fields.actor_id,
            fields.idempotency_key, entry.prev_hash, entry.hash)


def verify_chain(account_id: int, entries: Iterable[StoredEntry], stored_head: AccountHead) -> ChainProblem | None:
    """Recompute seq, balances and hashes of one account's entries in seq order (L2, L3)."""
    return verify_rows(account_id, map(stored_row, entries), stored_head)


_SIGN_OF_KIND = {kind.value: sign for kind, sign in _SIGN.items()}


def verify_rows(account_id: int, rows: Iterable[StoredRow], stored_head: AccountHead) -> ChainProblem | None:
    """verify_chain on rows as read (no objects built per entry: `ledger verify` re-hashes millions of them)."""
    balance, last_seq, last_hash = 0, 0, GENESIS_HASH
    previous_time = None
    found = None
    for (entry_id, seq, kind, minutes, balance_after, recorded_at, task_id, invoice_id, reverses_entry_id, memo,
         actor_id, idempotency_key, prev_hash, stored_hash) in rows:
        if seq != last_seq + 1:
            found = f"seq {seq} follows seq {last_seq}; the sequence has a gap or repeat."
            break
        if prev_hash != last_hash:
            found = "prev_hash does not match the hash of the entry before it."
            break
        text = canonical_text(account_id, seq, kind, minutes, balance_after, recorded_at, task_id, invoice_id,
                              reverses_entry_id, memo, actor_id, idempotency_key)
        recomputed = hash_after(last_hash, text.encode("utf-8"))
        if recomputed != stored_hash:
            found = (f"hash mismatch: stored {stored_hash[:12]}…, recomputed {recomputed[:12]}…; "
                     "the entry was changed after it was written.")
            break
        sign = _SIGN_OF_KIND.get(kind)
        if sign is None or minutes == 0 or _against_sign(sign, minutes):
            found = f"{minutes} minutes is not a valid {kind!r} entry."
            break
        if balance_after != balance + minutes:
            found = f"balance_after is {balance_after} but the entries before it sum to {balance} {minutes:+d}."
            break
        if recorded_at.tzinfo is not timezone.utc:  # compared as aware UTC moments (naive ones are UTC)
            recorded_at = utc_naive(recorded_at).replace(tzinfo=timezone.utc)
        if previous_time is not None and recorded_at < previous_time:
            found = "recorded_at is earlier than the entry before it; entry times must not go back."
            break
        previous_time = recorded_at
        balance, last_seq, last_hash = balance_after, seq, stored_hash
    if found is not None:
        return ChainProblem(account_id, entry_id, seq, found)
    if (balance, last_seq, last_hash) != (stored_head.balance_minutes, stored_head.last_seq, stored_head.last_hash):
        return ChainProblem(
            account_id,
            None,
            None,
            f"the account row says balance {stored_head.balance_minutes}, last seq {stored_head.last_seq}, "
            f"but its entries give balance {balance}, last seq {last_seq}.",
        )
    return None
