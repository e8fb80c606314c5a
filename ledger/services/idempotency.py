"""Idempotency keys (DESIGN.md L6): same key and request -> the first result; other request -> refused."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.models import IdempotencyRecord
from ledger.services.clock import utcnow
from ledger.services.errors import IdempotencyConflict

MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class IdempotencyKey:
    """A client's key for one request, with a fingerprint of what was asked."""

    user_id: int
    key: str
    request_hash: str

    @classmethod
    def for_request(cls, user_id: int, key: str, operation: str, payload: Any) -> "IdempotencyKey":
        """Fingerprint `payload` (any JSON-able value) for `operation` under the client's key."""
        document = json.dumps([operation, payload], sort_keys=True, separators=(",", ":"), default=str)
        return cls(user_id, key, hashlib.sha256(document.encode("utf-8")).hexdigest())


def replay(session: Session, idempotency: IdempotencyKey | None, operation: str) -> dict[str, Any] | None:
    """The stored result of an earlier request with this key, or None if the key is new."""
    if idempotency is None:
        return None
    record = session.execute(
        select(IdempotencyRecord).where(
            IdempotencyRecord.user_id == idempotency.user_id, IdempotencyRecord.key == idempotency.key
        )
    ).scalar_one_or_none()
    if record is None:
        return None
    if record.operation != operation or record.request_hash != idempotency.request_hash:
        raise IdempotencyConflict(
            f"Idempotency-Key {idempotency.key!r} was already used for a different request "
            f"({record.operation} at {record.created_at:%Y-%m-%d %H:%M:%S} UTC); use a new key for a new request.",
            key=idempotency.key,
        )
    return json.loads(record.result)


def remember(session: Session, idempotency: IdempotencyKey | None, operation: str, result: dict[str, Any]) -> None:
    """Store `result` under the key, in the caller's transaction, so it commits with the writes."""
    if idempotency is None:
        return
    session.add(
        IdempotencyRecord(
            user_id=idempotency.user_id,
            key=idempotency.key,
            operation=operation,
            request_hash=idempotency.request_hash,
            result=json.dumps(result, sort_keys=True),
            created_at=utcnow(),
        )
    )
