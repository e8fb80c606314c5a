"""The mail desk's pages, in Swedish: the inbox, the case as a thread with notes and files, the portal's thread."""
from __future__ import annotations

import html
import io
import re

from ledger.services.access import SYSTEM
from ledger.services.support.conversation import add_note
from ledger.services.support.inbound import receive_message
from tests.mail_messages import mail_bytes
from tests.web.conftest import csrf_token, post_form


def visible(response) -> str:  # noqa: ANN001
    """What a reader sees: the text between the tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(response.get_data(as_text=True)))).replace(
        "\xa0", " ")


def post_files(client, path: str, page: str, **data):  # noqa: ANN001, ANN201
    """Post a form with files as a browser does, then close the body the test client spooled to a temporary file."""
    answer = client.post(path, data={**data, "csrf_token": csrf_token(client, page)},
                         content_type="multipart/form-data")
    answer.request.environ["wsgi.input"].close()
    return answer


def test_staff_make_a_case_of_an_inbox_message_for_a_customer_they_choose(client, sign_in, desk):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    inbox_id = receive_message(mail_bytes("Vi är nya, inget fungerar.\n", sender="Nils Nyman <nils@ny.example>",
                                          subject="Hjälp", files=[("fel.png", "image/png", b"PNG")])).inbox_id
    sign_in("staff")
    listing = visible(client.get("/staff/inbox"))
    assert "Inkorg" in listing and "Hjälp" in listing and "Avsändaren är inte kontaktperson hos någon kund" in listing
    page = visible(client.get(f"/staff/inbox/{inbox_id}"))
    assert "Vi är nya, inget fungerar." in page and "fel.png (1 kB)" in page and "Skapa ett ärende" in page
    incomplete = post_form(client, f"/staff/inbox/{inbox_id}/case", {"severity": "3", "subject": "Hjälp"},
                           page=f"/staff/inbox/{inbox_id}")
    assert incomplete.status_code == 422
    made = post_form(client, f"/staff/inbox/{inbox_id}/case", {
        "customer_id": str(desk.customer.id), "severity": "2", "subject": "Hjälp att komma igång",
        "add_contact": "y", "contact_name": "Nils Nyman", "contact_language": "sv"}, page=f"/staff/inbox/{inbox_id}")
    assert made.status_code == 303
    case_page = visible(client.get(made.headers["Location"]))
    assert "Hjälp att komma igång" in case_page and "Nils Nyman (kund)" in case_page and "fel.png" in case_page
    assert "Ärende skapat" in visible(client.get("/staff/inbox?view=done"))


def test_staff_discard_a_message_with_a_reason(client, sign_in, desk):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    inbox_id = receive_message(mail_bytes(sender="spam@spam.example", subject="Billiga klockor")).inbox_id
    sign_in("staff")
    assert post_form(client, f"/staff/inbox/{inbox_id}/discard", {"reason": " "},
                     page=f"/staff/inbox/{inbox_id}").status_code == 422
    assert post_form(client, f"/staff/inbox/{inbox_id}/discard", {"reason": "Skräppost"},
                     page=f"/staff/inbox/{inbox_id}").status_code == 303
    assert "Skräppost" in visible(client.get(f"/staff/inbox/{inbox_id}"))
    assert "Billiga klockor" not in visible(client.get("/staff/inbox"))


def test_the_staff_case_page_is_a_thread_with_notes_marked_and_takes_a_note_with_a_file(client, sign_in, desk):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    case_id = receive_message(mail_bytes()).case_id
    sign_in("staff")
    path = f"/staff/cases/{case_id}"
    answer = post_files(client, f"{path}/note", path, message="Kolla deras brandvägg.",
                        files=[(io.BytesIO(b"trace"), "trace.txt")])
    assert answer.status_code == 303
    reply = client.post(f"{path}/respond", data={"message": "", "csrf_token": csrf_token(client, path),
                                                  "files": [(io.BytesIO(b"patch"), "fix.patch")]},
                        content_type="multipart/form-data")
    assert reply.status_code == 303
    page = visible(client.get(path))
    assert "Konversation" in page and "Anna Svensson (kund) · " in page and "via e-post" in page
    assert "Intern anteckning" in page and "Kolla deras brandvägg." in page and "trace.txt" in page
    assert "fix.patch" in page


def test_the_portal_thread_shows_no_internal_note_and_takes_a_reply_with_a_file(client, sign_in, desk):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    case_id = receive_message(mail_bytes()).case_id
    add_note(case_id, "HEMLIG intern anteckning", actor=SYSTEM)
    sign_in("customer", desk.customer.id)
    path = f"/portal/cases/{case_id}"
    before = visible(client.get(path))
    assert "Inga ordrar har kommit över" in before and "HEMLIG" not in before and "Intern anteckning" not in before
    answer = client.post(f"{path}/reply", data={"message": "Här är loggen.", "csrf_token": csrf_token(client, path),
                                                 "files": [(io.BytesIO(b"log"), "app.log")]},
                         content_type="multipart/form-data")
    assert answer.status_code == 303
    after = client.get(path)
    page = visible(after)
    assert "Du" in page and "Här är loggen." in page and "app.log" in page and "HEMLIG" not in page
    link = re.search(r'href="(/api/v1/attachments/\d+)"', after.get_data(as_text=True)).group(1)
    download = client.get(link)
    assert download.data == b"log" and download.headers["Content-Disposition"].startswith("attachment")


def test_a_too_large_upload_is_refused_with_a_swedish_page_and_nothing_saved(client, sign_in, desk):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    case_id = receive_message(mail_bytes()).case_id
    sign_in("customer", desk.customer.id)
    path = f"/portal/cases/{case_id}"
    answer = post_files(client, f"{path}/reply", path, message="Stor",
                        files=[(io.BytesIO(bytes(32 * 2**20)), "dump.bin")])
    assert answer.status_code == 413 and "för stort" in visible(answer)
    assert "Stor" not in visible(client.get(path)).replace("Storlek", "")


def test_a_file_over_10_mb_is_marked_on_the_form_in_swedish(client, sign_in, desk):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    case_id = receive_message(mail_bytes()).case_id
    sign_in("customer", desk.customer.id)
    path = f"/portal/cases/{case_id}"
    answer = post_files(client, f"{path}/reply", path, message="Loggen",
                        files=[(io.BytesIO(bytes(11 * 2**20)), "stor.log")])
    assert answer.status_code == 422 and "stor.log är större än 10 MB" in visible(answer)
