"""Errors raised by use cases in addition to the domain's own."""
from __future__ import annotations

from ledger.domain.errors import Conflict, DomainError
from ledger.domain.problems import N_, define_messages

MESSAGES = define_messages({
    "forbidden": N_("This needs the %(roles)s role; %(email)s is %(role)s."),
    "invoice_not_found": N_("Invoice %(invoice_id)s does not exist."),
})


class NotFound(DomainError):
    """The thing does not exist, or the actor may not know that it does."""

    code = "not_found"


class Forbidden(DomainError):
    """The actor's role does not allow this operation."""

    code = "forbidden"


class IdempotencyConflict(Conflict):
    """An idempotency key was reused with a different request."""

    code = "idempotency_key_reused"


class LedgerInconsistent(DomainError):
    """Stored state contradicts the ledger (should never happen; `flask ledger verify` explains)."""

    code = "ledger_inconsistent"
