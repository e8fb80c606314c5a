"""The mail desk through the API (docs/support.md): mail posted as message/rfc822, the inbox, notes, files up and down."""
from __future__ import annotations

import io

import pytest

from tests.mail_messages import mail_bytes
from tests.services.mail_desk_helpers import outbox


@pytest.fixture
def callers(api, desk):  # noqa: ANN001, ANN201
    return {"staff": api("staff"), "customer": api("customer", desk.customer.id), "finance": api("finance")}


def post_mail(caller, raw: bytes, content_type: str = "message/rfc822"):  # noqa: ANN001, ANN201
    return caller.client.post("/api/v1/mail/inbound", data=raw, content_type=content_type,
                              headers={"Authorization": f"Bearer {caller.token}"})


def test_mail_posted_over_http_is_received_and_answers_what_became_of_it(callers):
    raw = mail_bytes()
    first, again = post_mail(callers["staff"], raw), post_mail(callers["staff"], raw)
    assert first.status_code == 200 and set(first.get_json()) == {"outcome", "case_id"}
    assert first.get_json()["outcome"] == "new_case" and again.get_json() == {"outcome": "duplicate",
                                                                               "case_id": first.get_json()["case_id"]}
    stranger = post_mail(callers["staff"], mail_bytes(sender="x@okand.example")).get_json()
    assert stranger["outcome"] == "inbox" and stranger["reason"] == "unknown_sender" and stranger["inbox_id"]


def test_posted_mail_must_be_rfc822_from_staff(callers):
    assert post_mail(callers["customer"], mail_bytes()).status_code == 403
    wrong = post_mail(callers["staff"], b'{"a": 1}', "application/json")
    assert wrong.status_code == 422 and list(wrong.get_json()["errors"]) == ["Content-Type"]
    assert post_mail(callers["staff"], b"").status_code == 422


def test_the_inbox_lists_a_message_and_staff_make_a_case_of_it_adding_the_sender(callers, desk):
    inbox_id = post_mail(callers["staff"], mail_bytes(sender="Nils Nyman <nils@ny.example>",
                                                      files=[("bild.png", "image/png", b"PNG")])).get_json()["inbox_id"]
    staff = callers["staff"]
    [listed] = staff.get("/api/v1/inbox").get_json()
    assert (listed["id"], listed["reason"], listed["message"]["sender"]) == (inbox_id, "unknown_sender",
                                                                               "nils@ny.example")
    assert staff.get(f"/api/v1/inbox/{inbox_id}").get_json()["files"] == [{"file_name": "bild.png", "size_bytes": 3}]
    made = staff.post(f"/api/v1/inbox/{inbox_id}/case", json={"customer_id": desk.customer.id, "add_contact": True})
    assert made.status_code == 201, made.get_json()
    case = made.get_json()
    assert case["messages"][0]["attachments"][0]["file_name"] == "bild.png" and case["channel"] == "email"
    assert staff.post(f"/api/v1/inbox/{inbox_id}/discard", json={"reason": "x"}).status_code == 409
    assert staff.get("/api/v1/inbox?view=done").get_json()[0]["status"] == "case_made"
    assert callers["customer"].get("/api/v1/inbox").status_code == 403
    assert staff.post(f"/api/v1/inbox/{inbox_id}/case", json={"customer_id": "x"}).status_code == 422


def test_a_note_is_in_the_staff_view_only_and_a_customer_gets_no_notes_key(callers):
    case_id = post_mail(callers["staff"], mail_bytes()).get_json()["case_id"]
    noted = callers["staff"].post(f"/api/v1/cases/{case_id}/notes", json={"message": "Internt: kolla loggen."})
    assert noted.status_code == 201 and noted.get_json()["notes"][0]["text"] == "Internt: kolla loggen."
    seen = callers["customer"].get(f"/api/v1/cases/{case_id}").get_json()
    assert "notes" not in seen and "Internt" not in str(seen)
    assert [message["direction"] for message in seen["messages"]] == ["in"]
    assert callers["customer"].post(f"/api/v1/cases/{case_id}/notes", json={"message": "x"}).status_code == 403


def test_files_go_up_with_a_reply_and_come_down_only_as_a_download(callers):
    case_id = post_mail(callers["staff"], mail_bytes()).get_json()["case_id"]
    customer = callers["customer"]
    up = customer.client.post(f"/api/v1/cases/{case_id}/attachments", content_type="multipart/form-data",
                              data={"files": [(io.BytesIO(b"<script>alert(1)</script>"), "x.html", "text/html")],
                                    "message": "Skärmdumpen"},
                              headers={"Authorization": f"Bearer {customer.token}"})
    assert up.status_code == 201, up.get_json()
    [file] = up.get_json()["messages"][-1]["attachments"]
    down = customer.get(file["url"])
    assert down.status_code == 200 and down.data == b"<script>alert(1)</script>"
    disposition = down.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "x.html" in disposition
    assert down.headers["X-Content-Type-Options"] == "nosniff" and down.headers["X-Content-SHA256"] == file["sha256"]
    assert callers["finance"].get(file["url"]).status_code == 403
    assert [message.kind for message in outbox()][-1] == "case_customer_wrote"
    empty = customer.client.post(f"/api/v1/cases/{case_id}/attachments", data={"message": "ingen fil"},
                                 content_type="multipart/form-data",
                                 headers={"Authorization": f"Bearer {customer.token}"})
    assert empty.status_code == 422 and list(empty.get_json()["errors"]) == ["files"]
