"""Files on a case (docs/support.md): stored append-only with their SHA-256 beside the event they came with, served only
to staff and to the case's customer (a file on an internal note to staff only)."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.mail.files import IncomingFile
from ledger.domain.problems import N_, define_messages
from ledger.domain.support.conversation import INTERNAL_KINDS
from ledger.extensions import db
from ledger.models import Case, CaseAttachment, CaseEvent
from ledger.services.access import STAFF_ROLES, Actor, require_role
from ledger.services.errors import NotFound

MESSAGES = define_messages({
    "attachment_not_found": N_("Attachment %(attachment_id)s does not exist."),
})


class AttachmentInfo(NamedTuple):
    """An attachment without its bytes: what a conversation lists."""

    id: int
    case_event_id: int
    file_name: str
    content_type: str
    size_bytes: int
    sha256: str


def store_attachments(session: Session, case: Case, event: CaseEvent, files: Iterable[IncomingFile],
                      now: datetime) -> list[CaseAttachment]:
    """Keep the files with the event, in the caller's transaction; each with its size and SHA-256."""
    stored = []
    for file in files:
        if event.id is None:
            session.flush()
        row = CaseAttachment(case_id=case.id, case_event_id=event.id, file_name=file.file_name,
                             content_type=file.content_type, size_bytes=len(file.content),
                             sha256=hashlib.sha256(file.content).hexdigest(), content=file.content, created_at=now)
        session.add(row)
        stored.append(row)
    return stored


def attachments_of(case_id: int) -> list[AttachmentInfo]:
    """A case's attachments in the order they came, without their bytes."""
    rows = db.session.execute(
        select(CaseAttachment.id, CaseAttachment.case_event_id, CaseAttachment.file_name, CaseAttachment.content_type,
               CaseAttachment.size_bytes, CaseAttachment.sha256)
        .where(CaseAttachment.case_id == case_id).order_by(CaseAttachment.id)
    ).all()
    return [AttachmentInfo(*row) for row in rows]


def get_attachment(attachment_id: int, *, actor: Actor) -> CaseAttachment:
    """An attachment with its bytes, for staff or the case's customer (not a file on an internal note).

    :raise NotFound: unknown, another customer's, or internal.  :raise Forbidden: a role that reads no cases' files.
    """
    if actor.role != "customer":
        require_role(actor, *STAFF_ROLES)
    found = db.session.execute(
        select(CaseAttachment, Case.customer_id, CaseEvent.kind)
        .join(Case, Case.id == CaseAttachment.case_id).join(CaseEvent, CaseEvent.id == CaseAttachment.case_event_id)
        .where(CaseAttachment.id == attachment_id)
    ).one_or_none()
    if found is None or (actor.role == "customer" and (found.customer_id != actor.customer_id
                                                        or found.kind in INTERNAL_KINDS)):
        raise NotFound(code="attachment_not_found", attachment_id=attachment_id)
    return found.CaseAttachment

