"""receive_message (docs/support.md): real mail in, a reply, a new case or an inbox item out; never lost, never twice."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from ledger.extensions import db
from ledger.models import Case, CaseAttachment, CaseEvent, InboundMail, InboxItem
from ledger.services.access import SYSTEM
from ledger.services.accounts.closing import close_customer
from ledger.services.support.case_reads import get_case
from ledger.services.support.cases import change_case_status, respond_to_case
from ledger.services.support.inbound import receive_message
from tests.mail_messages import CUSTOMER_ADDRESS, build_mail, mail_bytes
from tests.services.helpers import race
from tests.services.mail_desk_helpers import TEAM_ADDRESS, outbox
from tests.services.support_helpers import local


def count(model) -> int:  # noqa: ANN001
    db.session.rollback()
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_contacts_mail_opens_a_case_with_its_text_and_files_at_the_plans_mail_severity(desk, freeze_clock):
    freeze_clock(local(2026, 12, 7, 10))
    received = receive_message(mail_bytes(files=[("app.log", "text/plain", b"ERROR orders stuck\n")]), source="pipe")
    assert received.outcome == "new_case" and received.as_dict() == {"outcome": "new_case", "case_id": received.case_id}
    view = get_case(received.case_id, actor=SYSTEM)
    case = view.case
    assert (case.channel, case.severity, case.subject, case.reporter_contact_id) == ("email", 3, "Ordrar fastnar",
                                                                                      desk.anna.id)
    assert case.description == "Hej!\n\nInga ordrar har kommit över sedan i morse."
    [opened] = view.conversation.messages
    assert (opened.direction, opened.author, opened.channel) == ("in", "Anna Svensson", "email")
    assert [(file.file_name, file.size_bytes) for file in opened.attachments] == [("app.log", 19)]
    assert [message.recipient for message in outbox()] == [desk.anna.email, TEAM_ADDRESS]


def test_the_same_message_three_times_changes_nothing_after_the_first(desk):
    raw = mail_bytes()
    outcomes = [receive_message(raw).outcome for _ in range(3)]
    assert outcomes == ["new_case", "duplicate", "duplicate"]
    assert (count(Case), count(InboundMail), len(outbox())) == (1, 1, 2)


def test_the_same_message_delivered_twice_at_once_is_received_once(app, desk):
    raw = mail_bytes()
    results = race(app, lambda _i: receive_message(raw).outcome, 2)
    assert sorted(results) == ["duplicate", "new_case"]
    assert count(Case) == 1


def test_a_message_without_a_message_id_is_known_again_by_its_bytes(desk):
    raw = mail_bytes(message_id=None)
    assert [receive_message(raw).outcome for _ in range(2)] == ["new_case", "duplicate"]
    assert receive_message(mail_bytes("Ett annat fel.\n", message_id=None)).outcome == "new_case"
    assert count(Case) == 2


def test_a_reply_to_our_mail_lands_on_its_case_and_staff_are_told(desk):
    opened = receive_message(mail_bytes())
    ack = outbox("case_opened")[0]
    reply = mail_bytes("Nu har det börjat fungera igen.\n", subject="Re: Ordrar fastnar", in_reply_to=ack.message_id,
                       references=ack.message_id)
    received = receive_message(reply)
    assert (received.outcome, received.case_id) == ("reply", opened.case_id)
    messages = get_case(opened.case_id, actor=SYSTEM).conversation.messages
    assert [(message.kind, message.text) for message in messages][-1] == ("customer_replied",
                                                                           "Nu har det börjat fungera igen.")
    [told] = outbox("case_customer_wrote")
    assert told.recipient == TEAM_ADDRESS and "Nu har det börjat fungera igen." in told.body_text


def test_a_case_tag_lands_on_the_case_only_from_a_contact_of_its_customer(desk, make_customer):
    case_id = receive_message(mail_bytes()).case_id
    other = make_customer(name="Annan AB")
    desk.add_contact(other.id, "olle@annan.example", "Olle")
    stranger = receive_message(mail_bytes("Vad gäller detta?\n", sender="olle@annan.example",
                                          subject=f"Re: [#{case_id}] Ordrar fastnar"))
    assert (stranger.outcome, stranger.reason) == ("inbox", "not_a_contact_of_case")
    own = receive_message(mail_bytes("Mer info.\n", subject=f"[#{case_id}] Ordrar fastnar"))
    assert (own.outcome, own.case_id) == ("reply", case_id)
    assert get_case(case_id, actor=SYSTEM).case.last_event_seq == 2


def test_a_reply_puts_a_case_waiting_on_the_customer_back_to_open(desk):
    case_id = receive_message(mail_bytes()).case_id
    change_case_status(case_id, "waiting_on_customer", actor=SYSTEM)
    receive_message(mail_bytes("Här är svaret.\n", sender=CUSTOMER_ADDRESS,
                               subject=f"Re: [#{case_id}] Ordrar fastnar"))
    view = get_case(case_id, actor=SYSTEM)
    assert [event.kind for event in view.events] == ["opened", "status", "customer_replied", "status"]
    assert view.case.status == "open"
    assert view.conversation.messages[-1].author == "Anna Svensson"  # a bare address is named by its contact


def test_a_reply_reopens_a_case_resolved_within_14_days_and_opens_a_new_one_later(desk, freeze_clock):
    freeze_clock(local(2026, 12, 1, 10))
    recent = receive_message(mail_bytes("Fel ett\n", subject="Fel ett")).case_id
    older = receive_message(mail_bytes("Fel två\n", subject="Fel två")).case_id
    change_case_status(recent, "resolved", actor=SYSTEM)
    change_case_status(older, "resolved", actor=SYSTEM)
    freeze_clock(local(2026, 12, 14, 10))
    assert receive_message(mail_bytes("Igen.\n", subject=f"Re: [#{recent}] Fel ett")).outcome == "reply"
    assert get_case(recent, actor=SYSTEM).case.status == "open"
    freeze_clock(local(2026, 12, 16, 10))
    follow_up = receive_message(mail_bytes("Igen!\n", subject=f"Re: [#{older}] Fel två"))
    assert follow_up.outcome == "new_case" and follow_up.case_id != older
    assert get_case(follow_up.case_id, actor=SYSTEM).conversation.follows_case_id == older
    assert "Ärende %s är stängt" % older in outbox("case_opened")[-1].body_text


def test_a_reply_to_a_closed_case_opens_a_new_case_that_names_it(desk):
    case_id = receive_message(mail_bytes()).case_id
    change_case_status(case_id, "resolved", actor=SYSTEM)
    change_case_status(case_id, "closed", actor=SYSTEM)
    again = receive_message(mail_bytes("Det är tillbaka.\n", subject=f"Re: [#{case_id}] Ordrar fastnar"))
    assert again.outcome == "new_case"
    assert get_case(again.case_id, actor=SYSTEM).conversation.follows_case_id == case_id


def test_an_auto_reply_storm_is_stored_and_answered_never(desk, freeze_clock):
    case_id = receive_message(mail_bytes()).case_id
    respond_to_case(case_id, "Vi tittar på det.", actor=SYSTEM)
    ours = outbox("case_reply")[0].message_id
    before = len(outbox())
    start = local(2026, 12, 7, 10)
    for number in range(50):
        freeze_clock(start + timedelta(seconds=number))
        received = receive_message(mail_bytes("Jag är på semester till måndag.\n", subject=f"Autosvar: [#{case_id}]",
                                              in_reply_to=ours, headers={"Auto-Submitted": "auto-replied"}))
        assert (received.outcome, received.reason) == ("ignored", "automatic")
    assert len(outbox()) == before
    assert get_case(case_id, actor=SYSTEM).case.last_event_seq == 2
    statuses = db.session.execute(select(InboxItem.status, func.count()).group_by(InboxItem.status)).all()
    assert statuses == [("ignored", 50)]


def test_a_bounce_and_our_own_mail_coming_back_are_ignored(desk):
    case_id = receive_message(mail_bytes()).case_id
    ack = outbox("case_opened")[0]
    bounce = (b"From: MAILER-DAEMON@mx.kund.example\nTo: support@vendor.example\nSubject: Undelivered Mail\n"
              b"Message-ID: <bounce1@mx.kund.example>\nMIME-Version: 1.0\n"
              b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n--b\n'
              b"Content-Type: text/plain\n\nThe mail system could not deliver it.\n--b--\n")
    assert receive_message(bounce).outcome == "ignored"
    echo = mail_bytes("Kopia.\n", message_id=ack.message_id, subject=f"[#{case_id}] Ordrar fastnar")
    assert receive_message(echo).as_dict()["outcome"] == "ignored"
    automatic = db.session.execute(select(InboundMail.automatic).order_by(InboundMail.id)).scalars().all()
    assert automatic == [None, "report_sender", "our_message"]
    assert len(outbox()) == 2


def test_a_30_mb_message_goes_to_the_inbox_with_its_text_but_without_its_files(desk):
    big = mail_bytes("Hela loggen bifogad.\n", files=[("dump.bin", "application/octet-stream", bytes(22 * 2**20))])
    assert len(big) > 30_000_000
    received = receive_message(big)
    assert (received.outcome, received.reason) == ("inbox", "too_large")
    mail = db.session.execute(select(InboundMail)).scalar_one()
    assert (mail.text, mail.raw, mail.skipped_attachments[0]["reason"]) == ("Hela loggen bifogad.", None,
                                                                             "message_too_large")
    assert count(CaseAttachment) == 0


def test_past_the_hourly_limit_a_senders_new_mail_waits_in_the_inbox(desk, freeze_clock, app):
    app.config["MAIL_MAX_NEW_CASES_PER_HOUR"] = 3
    freeze_clock(local(2026, 12, 7, 10))
    outcomes = [receive_message(mail_bytes(f"Fel {number}\n", subject=f"Fel {number}")).outcome
                for number in range(4)]
    assert outcomes == ["new_case"] * 3 + ["inbox"]
    freeze_clock(local(2026, 12, 7, 11, 1))
    assert receive_message(mail_bytes("Fel 5\n", subject="Fel 5")).outcome == "new_case"


def test_strangers_senders_of_two_customers_and_closed_customers_go_to_the_inbox(desk, make_customer):
    assert receive_message(mail_bytes(sender="okand@example.com")).reason == "unknown_sender"
    other = make_customer(name="Annan AB")
    desk.add_contact(other.id, "delad@kund.example")
    desk.add_contact(desk.customer.id, "delad@kund.example")
    assert receive_message(mail_bytes(sender="delad@kund.example")).reason == "several_customers"
    close_customer(desk.customer.id, "Avslutad", actor=SYSTEM)
    assert receive_message(mail_bytes()).reason == "customer_closed"
    assert count(Case) == 0 and count(InboxItem) == 3
    kept = db.session.execute(select(InboundMail.raw).order_by(InboundMail.id)).scalars().first()
    assert kept is not None and b"Ordrar fastnar" in kept  # the inbox keeps the message for a case made later


def test_garbage_is_stored_in_the_inbox_not_refused(desk):
    received = receive_message(b"\x00\xff\xfe not a mail at all")
    assert (received.outcome, received.reason) == ("inbox", "unknown_sender")
    assert receive_message("text, not bytes").outcome == "inbox"  # type: ignore[arg-type]


def test_a_reply_by_mail_and_one_on_the_page_read_as_one_conversation(desk):
    case_id = receive_message(mail_bytes()).case_id
    respond_to_case(case_id, "Starta om tjänsten, tack.", actor=SYSTEM)
    receive_message(build_mail("Gjort, nu fungerar det.\n", subject=f"Re: [#{case_id}] Ordrar fastnar").as_bytes())
    events = db.session.execute(select(CaseEvent.kind).where(CaseEvent.case_id == case_id)
                                .order_by(CaseEvent.seq)).scalars().all()
    assert events == ["opened", "responded", "customer_replied"]
    messages = get_case(case_id, actor=SYSTEM).conversation.messages
    assert [message.direction for message in messages] == ["in", "out", "in"]
