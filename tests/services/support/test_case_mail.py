"""Mail about a case (docs/support.md), delivered to a real SMTP server and read back: numbered and threaded both ways,
in the contact's language, due times in Stockholm time with the weekday; notes are never mailed."""
from __future__ import annotations

from sqlalchemy import update

from ledger.extensions import db
from ledger.models import Case
from ledger.services.access import SYSTEM
from ledger.services.mail.delivery import deliver_due_messages
from ledger.services.support.case_reads import get_case
from ledger.services.support.cases import change_case_status, open_case, respond_to_case
from ledger.services.support.conversation import add_note
from ledger.services.support.inbound import receive_message
from tests.mail_messages import build_mail, new_message_id
from tests.services.mail_desk_helpers import SUPPORT_ADDRESS, TEAM_ADDRESS, outbox
from tests.services.support_helpers import local, on_plan, report


def header(mail, name):  # noqa: ANN001, ANN201
    """A header as read back, unfolded (long Message-IDs arrive on a continuation line)."""
    return None if mail[name] is None else " ".join(str(mail[name]).split())


def delivered(smtp_server):  # noqa: ANN001, ANN201
    """Deliver the outbox and return what the SMTP server received since the last call."""
    before = len(smtp_server.messages)
    report_ = deliver_due_messages()
    assert report_.failed == [] and report_.retried == []
    return smtp_server.messages[before:]


def test_the_acknowledgement_is_numbered_threaded_and_gives_the_due_times_with_the_weekday(
        app, desk, make_customer, freeze_clock, smtp_server):
    customer = on_plan(make_customer, "enterprise", name="Enterprise AB")
    desk.add_contact(customer.id, "karin@enterprise.example", "Karin Ek")
    freeze_clock(local(2026, 12, 7, 10))  # a Monday; severity 3 on Enterprise: 24 bh / 14 business days
    theirs = new_message_id()
    case_id = receive_message(build_mail(sender="Karin Ek <karin@enterprise.example>", message_id=theirs)
                              .as_bytes()).case_id
    ack, staff = delivered(smtp_server)
    assert header(ack, "Subject") == f"[#{case_id}] Ordrar fastnar" and header(ack, "To") == "karin@enterprise.example"
    assert (header(ack, "In-Reply-To"), header(ack, "References")) == (theirs, theirs)
    assert header(ack, "Reply-To") == SUPPORT_ADDRESS and header(ack, "Auto-Submitted") == "auto-replied"
    assert header(ack, "Message-ID") == outbox("case_opened")[0].message_id
    body = ack.get_body(("plain",)).get_content()
    assert f"Vi har tagit emot ert ärende och gett det nummer {case_id}: Ordrar fastnar." in body
    assert "Allvarlighetsgrad: 3 – Normal" in body
    assert "Vi svarar senast tors 10 dec 10:00 (svensk tid)." in body
    assert "Vårt mål är att lösa det senast tis 29 dec 10:00 (svensk tid)." in body  # jul: 24-25 Dec closed
    assert f"behåll [#{case_id}] i ämnesraden" in body
    assert header(staff, "To") == TEAM_ADDRESS and header(staff, "Reply-To") is None
    assert "Enterprise AB öppnade ärende" in staff.get_body(("plain",)).get_content()


def test_an_english_contact_is_answered_in_english(desk, smtp_server, freeze_clock):
    freeze_clock(local(2026, 12, 7, 10))
    desk.add_contact(desk.customer.id, "john@kund.example", "John Smith", language="en")
    receive_message(build_mail("Orders are stuck.\n", sender="john@kund.example", subject="Orders").as_bytes())
    ack = delivered(smtp_server)[0]
    body = ack.get_body(("plain",)).get_content()
    assert "We have received your case" in body and "your plan gives this severity no response time" in body


def test_a_public_reply_is_mailed_and_the_answer_to_it_threads_back_without_a_tag(desk, smtp_server):
    theirs = new_message_id()
    case_id = receive_message(build_mail(message_id=theirs).as_bytes()).case_id
    ack = delivered(smtp_server)[0]
    respond_to_case(case_id, "Starta om tjänsten, tack.", actor=SYSTEM)
    [reply] = delivered(smtp_server)
    assert header(reply, "Subject") == f"[#{case_id}] Ordrar fastnar" and header(reply, "Auto-Submitted") is None
    assert header(reply, "In-Reply-To") == header(ack, "Message-ID")
    assert header(reply, "References").split() == [theirs, header(ack, "Message-ID")]
    assert reply.get_body(("plain",)).get_content().startswith("Starta om tjänsten, tack.")
    answer = build_mail("Gjort!\n", subject="Re: Ordrar fastnar", in_reply_to=header(reply, "Message-ID"),
                        references=f"{theirs} {header(reply, 'Message-ID')}")
    assert receive_message(answer.as_bytes()).case_id == case_id
    assert get_case(case_id, actor=SYSTEM).conversation.messages[-1].text == "Gjort!"


def test_staff_hear_of_a_customers_mail_the_assignee_first_else_the_team(desk, make_user, smtp_server):
    case_id = receive_message(build_mail().as_bytes()).case_id
    delivered(smtp_server)
    receive_message(build_mail("Mer info.\n", subject=f"Re: [#{case_id}] Ordrar fastnar").as_bytes())
    assert [message["To"] for message in delivered(smtp_server)] == [TEAM_ADDRESS]
    owner = make_user("staff")
    db.session.execute(update(Case).where(Case.id == case_id).values(assignee_id=owner.id))
    db.session.commit()
    receive_message(build_mail("Ännu mer.\n", subject=f"Re: [#{case_id}] Ordrar fastnar").as_bytes())
    [told] = delivered(smtp_server)
    assert header(told, "To") == owner.email and "Ännu mer." in told.get_body(("plain",)).get_content()


def test_waiting_and_resolved_are_mailed_and_an_internal_note_never_is(desk, smtp_server):
    case_id = receive_message(build_mail().as_bytes()).case_id
    delivered(smtp_server)
    add_note(case_id, "Kunden verkar ha fel version. INTERNT", actor=SYSTEM)
    change_case_status(case_id, "waiting_on_customer", actor=SYSTEM)
    change_case_status(case_id, "resolved", actor=SYSTEM)
    mails = delivered(smtp_server)
    bodies = [mail.get_body(("plain",)).get_content() for mail in mails]
    assert [mail["To"] for mail in mails] == [desk.anna.email] * 2
    assert "väntar på ert svar" in bodies[0] and "är löst" in bodies[1] and "inom 14 dagar" in bodies[1]
    assert not any("INTERNT" in message.body_text or "INTERNT" in message.body_html for message in outbox())


def test_a_case_without_a_reporter_is_acknowledged_to_the_service_owners(desk, smtp_server):
    desk.add_contact(desk.customer.id, "agare@kund.example", "Ägare", roles=("service_owner",))
    open_case(report(desk.customer.id, channel="email"), actor=SYSTEM)
    assert [mail["To"] for mail in delivered(smtp_server)] == ["agare@kund.example"]
