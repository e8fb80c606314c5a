"""Writing the conversation beyond replies (docs/support.md): internal notes, and files added on their own.

A note is internal: never mailed, never shown to the customer (nor are its files). Files added without a note
go with a reply (the customer's, or support's, which is mailed) or, when staff say so, with an internal note.
"""
from __future__ import annotations

from collections.abc import Sequence

from ledger.domain.errors import FieldErrors
from ledger.domain.mail.files import IncomingFile, checked_files
from ledger.domain.support.cases import MAX_MESSAGE_LENGTH
from ledger.domain.text import checked_text
from ledger.services.access import STAFF_ROLES, Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.support.attachments import store_attachments
from ledger.services.support.case_events import append_event, locked_case
from ledger.services.support.case_reads import CaseView, case_visible, get_case
from ledger.services.support.cases import CASE_ROLES, respond_to_case
from ledger.services.tx import write_transaction


def add_note(case_id: int, message: str | None, *, actor: Actor, files: Sequence[IncomingFile] = ()) -> CaseView:
    """An internal note on the case, with files if any (staff); nothing is mailed.

    :raise InvalidInput: no text and no file, a file over 10 MB.  :raise NotFound: unknown case.
    """
    require_role(actor, *STAFF_ROLES)
    errors = FieldErrors()
    text = checked_text(errors, "message", message, MAX_MESSAGE_LENGTH, required=not files)
    kept = checked_files(errors, files)
    errors.raise_if_any()
    with write_transaction() as session:
        case = locked_case(session, case_id, actor)
        now = utcnow()
        event = append_event(session, case, "note", actor.id, now, message=text or None)
        store_attachments(session, case, event, kept, now)
    return get_case(case_id, actor=actor)


def add_files(case_id: int, files: Sequence[IncomingFile], message: str | None = None, *, internal: bool = False,
              actor: Actor) -> CaseView:
    """Attach files to a case: as an internal note when staff ask for it, else with a reply (mailed to the other
    side like any reply).

    :raise InvalidInput: no file, a file over 10 MB.  :raise Forbidden: a customer asking for an internal note.
    """
    require_role(actor, *CASE_ROLES)
    case_visible(case_id, actor)  # who may not see the case learns that first, whatever the files
    errors = FieldErrors()
    if not files:
        errors.add("files", "attachment_not_a_file")
    errors.raise_if_any()
    if internal:
        return add_note(case_id, message, actor=actor, files=files)
    return respond_to_case(case_id, message, actor=actor, files=files)
