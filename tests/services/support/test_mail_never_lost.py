"""A property of receive_message: whatever arrives is stored (on a case, or in the inbox), never lost, and bad input
never makes it raise."""
from __future__ import annotations

from email.message import EmailMessage

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from ledger.domain.mail.reading import read_mail
from ledger.extensions import db
from ledger.models import InboundMail, InboxItem
from ledger.services.support.inbound import message_key, receive_message
from tests.mail_messages import CUSTOMER_ADDRESS

SENDERS = st.sampled_from([CUSTOMER_ADDRESS, "Okänd <okand@example.com>", "", "MAILER-DAEMON@mx.example",
                           "=?utf-8?b?w4XDpA==?= <aa@kund.example>", "<>", "not an address", "a@b@c"])
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
ONE_LINE = TEXT.filter(lambda text: len(text.splitlines()) <= 1 and not text.endswith(("\n", "\r")))
HEADERS = st.dictionaries(st.sampled_from(["Auto-Submitted", "Precedence", "X-Autoreply", "Return-Path",
                                           "In-Reply-To", "References"]),
                          st.sampled_from(["auto-replied", "no", "bulk", "<>", "yes", "<x@y>", "<<", "[#1]"]),
                          max_size=3)


@st.composite
def messages(draw: st.DrawFn) -> bytes:
    """A message as some client might send it, or bytes no client would."""
    if draw(st.booleans()) and draw(st.booleans()):
        return draw(st.binary(max_size=2000))
    message = EmailMessage()
    message["From"] = draw(SENDERS)
    subject = draw(ONE_LINE)
    message["Subject"] = (draw(st.sampled_from(["", "Re: [#1] ", "[#99999] "])) + subject)[:200]
    if draw(st.booleans()):
        message["Message-ID"] = draw(st.sampled_from(["<same@kund.example>", "<{}@kund.example>".format(
            draw(st.integers(0, 10**9))), "no brackets", "<" + "x" * 300 + ">"]))
    for name, value in draw(HEADERS).items():
        message[name] = value
    body = draw(TEXT)
    if draw(st.booleans()):
        message.set_content(body, subtype=draw(st.sampled_from(["plain", "html"])),
                            charset=draw(st.sampled_from(["utf-8", "iso-8859-1"])) if body.isascii() else "utf-8")
    else:
        message.set_content(body)
        try:
            message.add_attachment(draw(st.binary(max_size=500)), maintype="application", subtype="octet-stream",
                                   filename=draw(ONE_LINE) or None)
        except ValueError:  # a file name the standard library will not write into a header: no client sends it
            return b"Subject: unwritable file name\n\n" + body.encode("utf-8")
        message.set_boundary("boundary-of-the-test")  # the standard library draws one at random otherwise
    raw = message.as_bytes()
    if draw(st.booleans()):  # damage it: cut it short, or drop bytes in the middle
        cut = draw(st.integers(0, len(raw)))
        raw = raw[:cut] if draw(st.booleans()) else raw[:cut] + raw[cut + 7:]
    return raw


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(raw=messages())
def test_every_message_is_stored_on_a_case_or_in_the_inbox_and_never_raises(desk, raw):
    received = receive_message(raw)
    key = message_key(read_mail(raw, max_bytes=25 * 2**20))
    db.session.rollback()
    stored = db.session.execute(select(InboundMail).where(InboundMail.message_key == key)).scalar_one()
    item = db.session.execute(select(InboxItem).where(InboxItem.inbound_mail_id == stored.id)).scalar_one_or_none()
    if received.outcome in ("new_case", "reply"):
        assert stored.case_id == received.case_id and stored.case_event_id is not None and item is None
    elif received.outcome in ("inbox", "ignored"):
        assert item is not None and item.id == received.inbox_id and stored.raw == raw
    else:
        assert received.outcome == "duplicate"
