"""The conversation (docs/support.md): messages both ways, internal notes only staff see, files for the case's people."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy.exc import DBAPIError

from ledger.domain.errors import InvalidInput
from ledger.domain.mail.files import IncomingFile
from ledger.services.access import SYSTEM
from ledger.services.errors import Forbidden, NotFound
from ledger.services.support.attachments import get_attachment
from ledger.services.support.case_reads import get_case
from ledger.services.support.cases import open_case, respond_to_case
from ledger.services.support.conversation import add_files, add_note
from ledger.services.support.inbound import receive_message
from tests.mail_messages import mail_bytes
from tests.services.helpers import run_sql
from tests.services.mail_desk_helpers import TEAM_ADDRESS, outbox
from tests.services.support_helpers import report

LOG = IncomingFile.of("app.log", "text/plain", b"2026-12-07 ERROR order 17 stuck\n")


@pytest.fixture
def case_and_customer_user(desk, make_user):  # noqa: ANN001, ANN201
    case_id = open_case(report(desk.customer.id, reporter_contact_id=desk.anna.id), actor=SYSTEM).case.id
    return case_id, make_user("customer", desk.customer.id)


def test_an_internal_note_is_shown_to_staff_and_never_to_the_customer(case_and_customer_user):
    case_id, customer_user = case_and_customer_user
    add_note(case_id, "Troligen fel i deras brandvägg.", actor=SYSTEM, files=[LOG])
    staff_view = get_case(case_id, actor=SYSTEM)
    [note] = staff_view.conversation.notes
    assert (note.direction, note.text, [file.file_name for file in note.attachments]) == (
        "internal", "Troligen fel i deras brandvägg.", ["app.log"])
    customer_view = get_case(case_id, actor=customer_user)
    assert customer_view.conversation.notes is None
    assert "note" not in [event.kind for event in customer_view.events]
    with pytest.raises(NotFound):
        get_attachment(note.attachments[0].id, actor=customer_user)


def test_the_customers_reply_with_a_file_reaches_staff_and_their_file_is_theirs_to_fetch(case_and_customer_user,
                                                                                        desk, make_customer,
                                                                                        make_user):
    case_id, customer_user = case_and_customer_user
    respond_to_case(case_id, "Här är loggen.", actor=customer_user, files=[LOG])
    [message] = [entry for entry in get_case(case_id, actor=customer_user).conversation.messages
                 if entry.kind == "customer_replied"]
    assert (message.direction, message.channel, message.actor_id) == ("in", "web", customer_user.id)
    assert message.author.endswith(f"Customer{customer_user.email[8:].split('@')[0]}")  # the display name
    [file] = message.attachments
    assert file.sha256 == hashlib.sha256(LOG.content).hexdigest()
    assert get_attachment(file.id, actor=customer_user).content == LOG.content
    assert get_attachment(file.id, actor=make_user("staff")).content == LOG.content
    other = make_user("customer", make_customer(name="Annan AB").id)
    with pytest.raises(NotFound):
        get_attachment(file.id, actor=other)
    with pytest.raises(Forbidden):
        get_attachment(file.id, actor=make_user("finance"))
    assert [message.recipient for message in outbox("case_customer_wrote")] == [TEAM_ADDRESS]


def test_files_alone_make_a_reply_and_a_customer_cannot_make_them_internal(case_and_customer_user):
    case_id, customer_user = case_and_customer_user
    add_files(case_id, [LOG], actor=customer_user)
    assert get_case(case_id, actor=SYSTEM).conversation.messages[-1].attachments[0].file_name == "app.log"
    with pytest.raises(Forbidden):
        add_files(case_id, [LOG], internal=True, actor=customer_user)
    with pytest.raises(InvalidInput) as refused:
        add_files(case_id, [], actor=customer_user)
    assert list(refused.value.errors) == ["files"]


def test_a_file_over_10_mb_or_a_reply_with_nothing_in_it_is_refused_naming_the_field(case_and_customer_user):
    case_id, customer_user = case_and_customer_user
    with pytest.raises(InvalidInput) as refused:
        respond_to_case(case_id, "Stor fil", actor=customer_user,
                        files=[IncomingFile.of("dump.bin", None, bytes(10 * 2**20 + 1))])
    assert refused.value.problems["files"][0].code == "attachment_too_large"
    with pytest.raises(InvalidInput) as refused:
        respond_to_case(case_id, " ", actor=customer_user)
    assert list(refused.value.errors) == ["message"]
    assert get_case(case_id, actor=SYSTEM).case.last_event_seq == 1


def test_attachments_received_mail_and_message_ids_are_append_only(desk):
    receive_message(mail_bytes(files=[("app.log", "text/plain", b"log")]))
    for statement in ("UPDATE case_attachments SET file_name = 'x'", "DELETE FROM case_attachments",
                      "UPDATE inbound_mail SET text = 'x'", "DELETE FROM case_mail_ids"):
        with pytest.raises(DBAPIError, match="append-only"):
            run_sql(statement)
