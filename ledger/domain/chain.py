"""The ledger's hash chain: canonical bytes of an entry and sha256(prev_hash || bytes) (invariant L3)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

#: prev_hash of the first entry of every account.
GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class EntryFields:
    """Everything an entry says, as hashed; the database id is not part of it."""

    account_id: int
    seq: int
    kind: str
    minutes: int
    balance_after: int
    recorded_at: datetime
    task_id: int | None = None
    invoice_id: int | None = None
    reverses_entry_id: int | None = None
    memo: str = ""
    actor_id: int | None = None
    idempotency_key: str | None = None


def utc_naive(moment: datetime) -> datetime:
    """The same instant as a naive UTC datetime (how both engines store it)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def canonical_bytes(fields: EntryFields) -> bytes:
    """Deterministic UTF-8 JSON of an entry: sorted keys, no spaces, UTC time with microseconds."""
    document = dict(vars(fields))  # every field is an immutable scalar: asdict's deep copy would only cost time
    document["recorded_at"] = utc_naive(fields.recorded_at).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def chain_hash(prev_hash: str, fields: EntryFields) -> str:
    """sha256(prev_hash || canonical bytes) as 64 hex digits."""
    return hashlib.sha256(prev_hash.encode("ascii") + canonical_bytes(fields)).hexdigest()
