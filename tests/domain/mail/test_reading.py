"""Reading received mail: real messages built with EmailMessage (and a few by hand, as odd clients send them)."""
from __future__ import annotations

import base64

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.mail.files import safe_file_name
from ledger.domain.mail.reading import read_mail
from tests.mail_messages import build_mail, mail_bytes

LIMIT = 25 * 1024 * 1024


def read(raw: bytes, limit: int = LIMIT):  # noqa: ANN201
    return read_mail(raw, max_bytes=limit)


def test_a_plain_message_gives_sender_subject_text_and_its_message_id():
    message = build_mail(message_id="<abc@kund.example>")
    found = read(message.as_bytes())
    assert (found.sender, found.sender_name) == ("anna.svensson@kund.example", "Anna Svensson")
    assert found.subject == "Ordrar fastnar"
    assert found.text == "Hej!\n\nInga ordrar har kommit över sedan i morse."
    assert found.message_id == "<abc@kund.example>"
    assert found.automatic is None and not found.too_large


def test_an_iso_8859_1_message_is_read_in_its_charset():
    raw = build_mail("Hälsningar från Åre, överallt fel.\n", charset="iso-8859-1", cte="8bit").as_bytes()
    assert "Hälsningar från Åre".encode("latin-1") in raw
    assert read(raw).text == "Hälsningar från Åre, överallt fel."


def test_windows_1252_text_declared_as_latin_1_keeps_its_euro_sign_and_quotes():
    raw = ("From: anna@kund.example\nSubject: Faktura\nMIME-Version: 1.0\n"
           "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n").encode() + \
        "Beloppet \u201d100 €\u201d stämmer inte.\n".encode("cp1252")
    assert read(raw).text == "Beloppet \u201d100 €\u201d stämmer inte."


def test_utf_8_in_base64_and_in_quoted_printable_read_the_same():
    text = "Örebro: ”fel” i rapporten – igen ✓\n"
    for cte in ("base64", "quoted-printable"):
        raw = build_mail(text, cte=cte).as_bytes()
        assert "Örebro".encode() not in raw  # really encoded
        assert read(raw).text == text.strip()


def test_rfc_2047_subjects_and_names_are_decoded():
    subject = "=?iso-8859-1?q?Fr=E5ga_om_f=F6rnyelse?= =?utf-8?b?4oCTIGRlbCAy?="
    raw = (f"From: =?utf-8?q?=C3=85sa_=C3=96berg?= <asa@kund.example>\nSubject: {subject}\n"
           "Message-ID: <x1@kund.example>\n\nHej\n").encode()
    found = read(raw)
    assert found.subject == "Fråga om förnyelse– del 2"
    assert (found.sender_name, found.sender) == ("Åsa Öberg", "asa@kund.example")


def test_html_only_mail_becomes_text_without_scripts_or_event_handlers():
    html = ('<html><head><style>p {color: red}</style><script>alert("head")</script></head><body>'
            '<p onclick="steal()">Systemet <b>svarar inte</b>.</p><script>document.cookie</script>'
            '<img src="x" onerror="alert(1)"><a href="javascript:alert(2)" onmouseover="x()">klicka</a> '
            '<a href="https://status.kund.example/">statussidan</a></body></html>')
    found = read(build_mail(None, html=html).as_bytes())
    assert "Systemet svarar inte." in found.text
    assert "statussidan <https://status.kund.example/>" in found.text
    for forbidden in ("<script", "alert", "onclick", "onerror", "onmouseover", "javascript:", "document.cookie",
                      "color: red", "<p", "<img", "<b>"):
        assert forbidden not in found.text


def test_plain_text_is_preferred_to_its_html_alternative():
    found = read(build_mail("Den riktiga texten.\n", html="<p>HTML-versionen</p>").as_bytes())
    assert found.text == "Den riktiga texten." and found.files == ()


GMAIL_SV = ("Tyvärr, felet är tillbaka.\n\n"
            "Den tors 4 dec. 2026 kl 10:12 skrev Servicekonto support <support@vendor.example>:\n"
            "> Vi har startat om tjänsten.\n>\n> Med vänlig hälsning\n")
GMAIL_EN = ("Thanks, that fixed it.\n\n"
            "On Thu, Dec 4, 2026 at 10:12 AM Servicekonto support <support@vendor.example> wrote:\n"
            "> We restarted the service.\n")
OUTLOOK_SV = ("Hej,\nfelet kvarstår.\n\n"
              "Från: Servicekonto support <support@vendor.example>\nSkickat: den 4 december 2026 10:12\n"
              "Till: Anna Svensson <anna.svensson@kund.example>\nÄmne: [#12] Ordrar fastnar\n\n"
              "Vi har startat om tjänsten.\n")
OUTLOOK_EN = ("The error remains.\n\n________________________________\n"
              "From: Servicekonto support <support@vendor.example>\nSent: Thursday, December 4, 2026 10:12 AM\n"
              "To: Anna Svensson <anna.svensson@kund.example>\nSubject: [#12] Orders stuck\n\nWe restarted it.\n")


def test_quoted_history_is_cut_in_gmail_and_outlook_replies_in_swedish_and_english():
    assert read(mail_bytes(GMAIL_SV)).text == "Tyvärr, felet är tillbaka."
    assert read(mail_bytes(GMAIL_EN)).text == "Thanks, that fixed it."
    assert read(mail_bytes(OUTLOOK_SV)).text == "Hej,\nfelet kvarstår."
    assert read(mail_bytes(OUTLOOK_EN)).text == "The error remains."


def test_cutting_the_history_keeps_the_indentation_of_what_the_customer_wrote():
    trace = "Loggen:\n  File \"app.py\", line 3\n    raise Boom\n"
    assert read(mail_bytes(trace + "\n" + GMAIL_EN)).text == trace + "\nThanks, that fixed it."


def test_a_message_that_is_only_quoted_history_keeps_its_whole_text():
    text = "On Thu, Dec 4, 2026 at 10:12 AM Support <support@vendor.example> wrote:\n> hello\n"
    assert read(mail_bytes(text)).text == text.strip()


def test_attachments_are_kept_with_safe_names_and_inline_logos_are_not():
    message = build_mail(files=[("../../etc/passwd", "text/plain", b"root"), ("fel logg.txt", "text/plain", b"x"),
                                ("<script>.html", "text/html", b"<b>")])
    related = build_mail(None, html='<p>Hej <img src="cid:logo"></p>')
    related.add_related(b"\x89PNG", maintype="image", subtype="png", cid="<logo>", filename="logo.png",
                        disposition="inline")
    assert [file.file_name for file in read(message.as_bytes()).files] == ["passwd", "fel logg.txt", "script_.html"]
    assert read(related.as_bytes()).files == ()


def test_a_forwarded_message_is_kept_whole_as_an_eml_file():
    inner = build_mail("Det ursprungliga felet.\n", subject="Ursprungligt")
    outer = build_mail("Se nedan.\n")
    outer.add_attachment(inner)
    files = read(outer.as_bytes()).files
    assert [(file.file_name, file.content_type) for file in files] == [("attachment.eml", "message/rfc822")]
    assert b"Det ursprungliga felet." in files[0].content


def test_a_file_over_the_limit_is_listed_as_skipped_not_kept(monkeypatch):
    monkeypatch.setattr("ledger.domain.mail.reading.ATTACHMENT_MAX_BYTES", 1000)  # 10 MB in use; the rule is the same
    found = read(mail_bytes(files=[("stor.bin", "application/octet-stream", bytes(1001)),
                                   ("liten.bin", "application/octet-stream", bytes(1000))]))
    assert [file.file_name for file in found.files] == ["liten.bin"]
    assert [(skipped.file_name, skipped.reason) for skipped in found.skipped] == [("stor.bin", "file_too_large")]


def test_a_message_over_the_limit_keeps_its_text_and_lists_its_files_as_skipped():
    found = read(mail_bytes("Se bifogad logg.\n", files=[("logg.txt", "text/plain", b"x" * 5000)]), limit=4000)
    assert found.too_large and found.text == "Se bifogad logg." and found.files == ()
    assert found.skipped[0].reason == "message_too_large"


def test_a_very_long_text_is_kept_whole_as_a_file_beside_a_shortened_text():
    found = read(mail_bytes("rad\n" * 15_000))
    assert found.text.endswith("[…]") and len(found.text) < 60_000
    assert [file.file_name for file in found.files] == ["message.txt"]


def test_replies_name_the_message_ids_they_answer_nearest_first():
    found = read(mail_bytes(in_reply_to="<c@x>", references="<a@x> <b@x> <c@x>"))
    assert found.named_ids == ("<c@x>", "<b@x>", "<a@x>")


def test_automatic_mail_is_recognised_by_its_headers_and_senders():
    cases = {
        "auto_submitted": {"headers": {"Auto-Submitted": "auto-replied"}},
        "precedence": {"headers": {"Precedence": "bulk"}},
        "x_autoreply": {"headers": {"X-Autoreply": "yes"}},
        "empty_envelope": {"headers": {"Return-Path": "<>"}},
        "report_sender": {"sender": "MAILER-DAEMON@mx.kund.example"},
    }
    for reason, options in cases.items():
        assert read(mail_bytes(**options)).automatic == reason
    assert read(mail_bytes(headers={"Auto-Submitted": "no"})).automatic is None
    bounce = (b"From: mx@kund.example\nSubject: Undelivered\nMIME-Version: 1.0\n"
              b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
              b"--b\nContent-Type: text/plain\n\nCould not deliver.\n--b--\n")
    assert read(bounce).automatic == "report"


def test_a_message_without_a_message_id_has_none():
    assert read(mail_bytes(message_id=None)).message_id is None


def test_file_names_lose_directories_controls_and_specials():
    assert safe_file_name("C:\\Users\\anna\\rapport.pdf") == "rapport.pdf"
    assert safe_file_name("a\x00b\u202e.exe") == "ab.exe"
    assert safe_file_name("", "application/pdf") == "attachment.pdf"
    assert safe_file_name("x" * 300 + ".log").endswith(".log") and len(safe_file_name("x" * 300 + ".log")) == 120


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_are_read_without_raising_into_storable_text(raw):
    found = read(raw)
    for text in (found.text, found.subject, found.sender, found.sender_name):
        assert "\x00" not in text and not any("\ud800" <= char <= "\udfff" for char in text)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([b"Content-Type: multipart/mixed; boundary=x\n", b"--x\n", b"--x--\n",
                                 b"Content-Transfer-Encoding: base64\n", b"Content-Type: text/html; charset=nope\n",
                                 b"From: =?utf-8?b?////?= <\xff@\xfe>\n", b"Subject: =?x?q?=FF?=\n",
                                 b"\n", b"<p onclick=x>t</p>\n", base64.b64encode(b"\xff\xfe") + b"\n",
                                 b"Message-ID: <" + b"a" * 300 + b">\n", b"In-Reply-To: <<>>\n"]), max_size=25))
def test_mime_shaped_junk_is_read_without_raising(lines):
    found = read(b"".join(lines))
    assert found.message_id is None or len(found.message_id) <= 250
