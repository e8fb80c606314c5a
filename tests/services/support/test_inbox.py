"""The inbox (docs/support.md): staff make a case of a message for a customer they choose, or discard it with a reason."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from ledger.domain.errors import Conflict, InvalidInput
from ledger.extensions import db
from ledger.models import ContactChange
from ledger.services.access import SYSTEM
from ledger.services.accounts.closing import close_customer
from ledger.services.support.inbound import receive_message
from ledger.services.support.inbox import discard_inbox_item, get_inbox_item, list_inbox, make_case_from_inbox
from tests.mail_messages import build_mail, new_message_id
from tests.services.mail_desk_helpers import outbox

STRANGER = "Nils Nyman <nils@ny.example>"


def test_a_case_made_of_a_strangers_mail_keeps_its_files_and_threads_their_next_reply(desk, make_user):
    theirs = new_message_id()
    inbox_id = receive_message(build_mail("Vi är nya kunder, systemet går inte igång.\n", sender=STRANGER,
                                          subject="Hjälp", message_id=theirs,
                                          files=[("fel.png", "image/png", b"\x89PNG...")]).as_bytes()).inbox_id
    assert get_inbox_item(inbox_id, actor=SYSTEM).files == (("fel.png", 7),)
    staff = make_user("staff")
    view = make_case_from_inbox(inbox_id, {"customer_id": desk.customer.id, "add_contact": True,
                                           "contact_language": "en"}, actor=staff)
    case = view.case
    assert (case.subject, case.description, case.channel, case.severity) == (
        "Hjälp", "Vi är nya kunder, systemet går inte igång.", "email", 3)
    assert (case.reporter.name, case.reporter.email, case.reporter.language) == ("Nils Nyman", "nils@ny.example", "en")
    assert db.session.execute(select(ContactChange.action).where(ContactChange.contact_id == case.reporter.id)
                              ).scalars().all() == ["created"]
    [opened] = view.conversation.messages
    assert [file.file_name for file in opened.attachments] == ["fel.png"]
    [ack] = outbox("case_opened")
    assert ack.recipient == "nils@ny.example" and ack.headers["In-Reply-To"] == theirs and ack.language == "en"
    entry = get_inbox_item(inbox_id, actor=SYSTEM)
    assert (entry.item.status, entry.item.case_id, entry.item.decided_by) == ("case_made", case.id, staff.id)
    reply = build_mail("Tack!\n", sender=STRANGER, subject="Re: Hjälp", in_reply_to=theirs)
    assert receive_message(reply.as_bytes()).case_id == case.id


def test_without_adding_the_sender_an_existing_contact_with_the_address_reports_it(desk):
    inbox_id = receive_message(build_mail(sender="Anna <anna@privat.example>").as_bytes()).inbox_id
    other = desk.add_contact(desk.customer.id, "ANNA@privat.example", "Anna Privat")
    view = make_case_from_inbox(inbox_id, {"customer_id": desk.customer.id, "severity": 2, "subject": "Eget"},
                                actor=SYSTEM)
    assert (view.case.reporter_contact_id, view.case.severity, view.case.subject) == (other.id, 2, "Eget")


def test_a_discarded_message_keeps_its_reason_and_cannot_be_dealt_with_twice(desk):
    inbox_id = receive_message(build_mail(sender=STRANGER, subject="Köp billiga klockor").as_bytes()).inbox_id
    discard_inbox_item(inbox_id, "Skräppost", actor=SYSTEM)
    entry = get_inbox_item(inbox_id, actor=SYSTEM)
    assert (entry.item.status, entry.item.discard_reason) == ("discarded", "Skräppost")
    with pytest.raises(Conflict) as refused:
        make_case_from_inbox(inbox_id, {"customer_id": desk.customer.id}, actor=SYSTEM)
    assert refused.value.code == "inbox_item_decided"
    with pytest.raises(InvalidInput):
        discard_inbox_item(inbox_id, " ", actor=SYSTEM)


def test_the_inbox_lists_waiting_automatic_and_dealt_with_mail_apart(desk):
    waiting = receive_message(build_mail(sender=STRANGER).as_bytes()).inbox_id
    automatic = receive_message(build_mail(headers={"Precedence": "bulk"}).as_bytes()).inbox_id
    done = receive_message(build_mail(sender=STRANGER, subject="Annat").as_bytes()).inbox_id
    discard_inbox_item(done, "Dubblett", actor=SYSTEM)
    views = {view: [entry.item.id for entry in list_inbox(actor=SYSTEM, view=view)]
             for view in ("open", "automatic", "done")}
    assert views == {"open": [waiting], "automatic": [automatic], "done": [done]}
    make_case_from_inbox(automatic, {"customer_id": desk.customer.id}, actor=SYSTEM)  # staff may still take it


def test_making_a_case_is_refused_for_a_closed_customer_or_without_one(desk):
    inbox_id = receive_message(build_mail(sender=STRANGER).as_bytes()).inbox_id
    with pytest.raises(InvalidInput) as refused:
        make_case_from_inbox(inbox_id, {}, actor=SYSTEM)
    assert list(refused.value.errors) == ["customer_id"]
    close_customer(desk.customer.id, "Avslutad", actor=SYSTEM)
    with pytest.raises(Conflict):
        make_case_from_inbox(inbox_id, {"customer_id": desk.customer.id}, actor=SYSTEM)
    assert get_inbox_item(inbox_id, actor=SYSTEM).item.status == "open"
