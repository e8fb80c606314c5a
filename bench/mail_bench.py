"""Mail benchmark: messages received per second through receive_message, against parsing the same bytes with
`email.message_from_bytes` alone, in the same run.

    python -m bench.mail_bench [--messages 1000] [--database-url postgresql+psycopg://...]

The mix is what a desk's mailbox holds: 40 % new cases and 60 % replies, from 50 contacts of 10 customers, each
message as a mail client writes it (plain text with an HTML alternative, a signature, the quoted history below a
reply); one in five carries a log of 20-80 kB. The replies answer the acknowledgements the new cases were sent,
by In-Reply-To, as a customer's mail client does, so they are built after the new cases are received; both halves
are timed, and the bare parse reads exactly the same bytes. Every message is received in its own transaction with
the mail it causes (acknowledgement, staff notice), as in production; the per-sender hourly limit is lifted, since
50 senders writing 400 new cases within a minute is the benchmark's doing, not a customer's.
"""
from __future__ import annotations

import argparse
import email
import time
from email.message import EmailMessage

from sqlalchemy import select

from bench.common import bench_customer, default_database_url, engine_label, print_table, scratch_app
from ledger.extensions import db
from ledger.models import Case, CaseMailId, Contact
from ledger.services.access import SYSTEM
from ledger.services.customers.contacts import create_contact
from ledger.services.support.inbound import receive_message

CUSTOMERS, CONTACTS_EACH = 10, 5
SIGNATURE = "\n\nMed vänlig hälsning\n{name}\nDrift och IT, {company}\n+46 8 123 45 67\n"
QUOTE = ("\n\nDen mån 7 dec. 2026 kl 10:12 skrev Servicekonto support <support@vendor.example>:\n"
         + "".join(f"> Rad {line} i vårt tidigare svar om felet och vad vi har gjort.\n" for line in range(25)))


def _message(sender: str, name: str, company: str, subject: str, text: str, number: int, *,
             in_reply_to: str | None = None, log_kb: int = 0) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = f"{name} <{sender}>", "support@vendor.example", subject
    message["Message-ID"] = f"<bench-{number}@{sender.split('@')[1]}>"
    message["Date"] = "Mon, 07 Dec 2026 10:15:00 +0100"
    if in_reply_to:
        message["In-Reply-To"], message["References"] = in_reply_to, in_reply_to
    body = text + SIGNATURE.format(name=name, company=company)
    message.set_content(body)
    message.add_alternative("<html><body>" + "".join(f"<p>{line}</p>" for line in body.splitlines() if line)
                            + "</body></html>", subtype="html")
    if log_kb:
        log = "".join(f"2026-12-07 09:{minute % 60:02d}:00 ERROR order {minute} stuck in queue 'export'\n"
                      for minute in range(log_kb * 1024 // 64))
        message.add_attachment(log.encode(), maintype="text", subtype="plain", filename="export.log")
    return message.as_bytes()


def _contacts() -> list[tuple[str, str, str]]:
    """(address, name, company) of the contacts who write, 5 at each of 10 customers."""
    found = []
    for index in range(CUSTOMERS):
        company = f"Bänkbolaget {index} AB"
        customer_id = bench_customer(company, f"mail-bench-{index}")
        for person in range(CONTACTS_EACH):
            address, name = f"person{person}@kund{index}.example", f"Person {person} Kund{index}"
            create_contact(customer_id, {"name": name, "email": address, "roles": ["expert_user"]}, actor=SYSTEM)
            found.append((address, name, company))
    return found


def _new_cases(contacts: list[tuple[str, str, str]], count: int) -> list[bytes]:
    return [_message(*contacts[number % len(contacts)], f"Exporten stannar, kö {number}",
                     f"Hej!\n\nExporten till affärssystemet har stannat igen (kö {number}). Inga ordrar sedan kl. 9.",
                     number, log_kb=20 + number % 4 * 20 if number % 5 == 0 else 0) for number in range(count)]


def _replies(contacts: list[tuple[str, str, str]], count: int, first_number: int) -> list[bytes]:
    """Replies to the acknowledgements sent so far, each naming our Message-ID as a mail client does."""
    ours: dict[str, list[str]] = {}
    for address, message_id in db.session.execute(
            select(Contact.email, CaseMailId.message_id).join(Case, Case.id == CaseMailId.case_id)
            .join(Contact, Contact.id == Case.reporter_contact_id).where(CaseMailId.direction == "out")
            .order_by(CaseMailId.id)):
        ours.setdefault(address, []).append(message_id)
    writers = [contact for contact in contacts if contact[0] in ours]
    replies = []
    for number in range(count):
        contact = writers[number % len(writers)]
        acknowledgements = ours[contact[0]]
        replies.append(_message(*contact, "Re: Exporten stannar",
                                "Nu har vi startat om tjänsten enligt era instruktioner, men felet kvarstår." + QUOTE,
                                first_number + number, in_reply_to=acknowledgements[number % len(acknowledgements)],
                                log_kb=40 if number % 5 == 0 else 0))
    return replies


def _receive(messages: list[bytes]) -> tuple[float, dict[str, int]]:
    outcomes: dict[str, int] = {}
    start = time.perf_counter()
    for raw in messages:
        outcome = receive_message(raw, source="other").outcome
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return time.perf_counter() - start, outcomes


def _bare(messages: list[bytes]) -> float:
    start = time.perf_counter()
    for raw in messages:
        email.message_from_bytes(raw)
    return time.perf_counter() - start


def run(database_url: str | None, messages: int = 1000) -> list[tuple[str, str]]:
    """Receive `messages` (40 % new cases, then 60 % replies to them) and parse the same bytes bare."""
    new_count = max(1, messages * 2 // 5)
    with scratch_app(database_url) as app:
        app.config["MAIL_MAX_NEW_CASES_PER_HOUR"] = 10_000
        contacts = _contacts()
        new_cases = _new_cases(contacts, new_count)
        new_seconds, new_outcomes = _receive(new_cases)
        replies = _replies(contacts, messages - new_count, new_count)
        reply_seconds, reply_outcomes = _receive(replies)
        everything = new_cases + replies
        bare_seconds = min(_bare(everything) for _ in range(3))
    received_rate = len(everything) / (new_seconds + reply_seconds)
    bare_rate = len(everything) / bare_seconds
    megabytes = sum(len(raw) for raw in everything) / 1e6
    return [
        ("engine", engine_label(database_url)),
        ("messages (new cases + replies)", f"{len(new_cases)} + {len(replies)}, {megabytes:.1f} MB"),
        ("outcomes", ", ".join(f"{count} {name}" for name, count in sorted({**new_outcomes, **{
            key: new_outcomes.get(key, 0) + value for key, value in reply_outcomes.items()}}.items()))),
        ("receive_message, new cases", f"{len(new_cases) / new_seconds:.0f} msg/s"),
        ("receive_message, replies", f"{len(replies) / reply_seconds:.0f} msg/s"),
        ("receive_message, all", f"{received_rate:.0f} msg/s"),
        ("email.message_from_bytes alone", f"{bare_rate:.0f} msg/s"),
        ("receive / bare parse (ratio, goal >= 0.3)", f"{received_rate / bare_rate:.3f}"),
    ]


def main(argv: list[str] | None = None) -> list[tuple[str, str]]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=default_database_url())
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args(argv)
    rows = run(args.database_url, args.messages)
    print_table("Mail benchmark", rows)
    return rows


if __name__ == "__main__":
    main()
