"""Idempotency keys (docs/api.md): same key and request -> the first result; other request -> refused."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.domain.problems import N_, define_messages
from ledger.models import IdempotencyRecord
from ledger.services.clock import utcnow
from ledger.services.errors import IdempotencyConflict

MAX_KEY_LENGTH = 255

MESSAGES = define_messages({
    "idempotency_key_reused": N_("Idempotency-Key %(key)s was already used for a different request (%(operation)s at "
                                 "%(used_at)s); use a new key for a new request."),
})
UseCase = TypeVar("UseCase", bound=Callable[..., Any])


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
        raise IdempotencyConflict(key=idempotency.key, operation=record.operation, used_at=record.created_at)
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


def _is_key_taken(error: IntegrityError) -> bool:
    """True if the unique (user, key) of idempotency_records refused the insert (PostgreSQL and SQLite name it)."""
    return "idempotency_records" in str(error.orig)


def replay_on_race(use_case: UseCase) -> UseCase:
    """Run a keyed use case once more if a concurrent request with the same key committed first.

    Two requests with one key can both find it unused and both do their work; the second's insert of the key
    then fails on the unique (user, key). Run again, it finds the first's record: the same request gets the
    first answer, a different request the 409 of IdempotencyConflict, never a 500.
    """

    @wraps(use_case)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return use_case(*args, **kwargs)
        except IntegrityError as error:
            if kwargs.get("idempotency") is None or not _is_key_taken(error):
                raise
            return use_case(*args, **kwargs)

    return run  # type: ignore[return-value]
