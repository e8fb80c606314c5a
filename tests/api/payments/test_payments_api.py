"""The payments API: the bank's file (raw or uploaded), payments by hand, assignments, and invoices' payment status."""
import io

from tests.conftest import utc
from tests.domain.bgmax_files import Deposit, Pay, bgmax_file, bgmax_lines, encode, replace_line
from tests.services.payment_helpers import TO_PAY_MINOR


def test_finance_posts_the_morning_file_and_sees_matched_unmatched_and_already_imported(api, issued):
    first, second = issued(2)
    finance = api("finance")
    data = bgmax_file([Deposit(payments=[Pay(TO_PAY_MINOR, first.ocr), Pay(100_000, second.ocr),
                                         Pay(2_500, "12345")])])
    answer = finance.post("/api/v1/payments/bgmax", data=data, content_type="application/octet-stream")
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert [(item["invoice_number"], item["amount"]) for item in body["matched"]] == [
        (f"F{first.number}", "6030.00"), (f"F{second.number}", "1000.00")]
    [unmatched] = body["unmatched"]
    assert (unmatched["line"], unmatched["unmatched_code"]) == (5, "payment_reference_not_ocr")
    assert "12345" in unmatched["unmatched_reason"]
    again = finance.post("/api/v1/payments/bgmax", data={"file": (io.BytesIO(data), "bgmax.txt")},
                         content_type="multipart/form-data").get_json()
    assert (again["matched"], again["unmatched"], len(again["already_imported"])) == ([], [], 3)
    invoice = finance.get(f"/api/v1/invoices/{second.id}").get_json()
    assert (invoice["payment_status"], invoice["paid"], invoice["outstanding"]) == ("partly_paid", "1000.00",
                                                                                      "5030.00")
    listed = {item["id"]: item["payment_status"] for item in finance.get("/api/v1/invoices").get_json()}
    assert listed == {first.id: "paid", second.id: "partly_paid"}


def test_a_file_whose_end_counts_disagree_is_refused_whole_naming_the_line_and_the_field(api, issued):
    [invoice] = issued()
    lines = replace_line(bgmax_lines([Deposit(payments=[Pay(100, invoice.ocr)])]), 5, 3, "00000002")
    answer = api("finance").post("/api/v1/payments/bgmax", data=encode(lines), content_type="text/plain")
    assert answer.status_code == 422
    body = answer.get_json()
    assert body["problems"]["file"] == [{"code": "bgmax_end_count_mismatch",
                                         "params": {"line": 5, "record": "20", "stated": 2, "actual": 1}}]
    assert "Line 5" in body["errors"]["file"][0]
    assert api("finance").get(f"/api/v1/invoices/{invoice.id}").get_json()["paid"] == "0.00"


def test_an_empty_upload_and_a_truncated_file_are_refused_with_their_codes(api, issued):
    [invoice] = issued()
    finance = api("finance")
    empty = finance.post("/api/v1/payments/bgmax", data=b"", content_type="application/octet-stream")
    assert (empty.status_code, empty.get_json()["problems"]["file"][0]["code"]) == (422, "bgmax_empty")
    whole = bgmax_file([Deposit(payments=[Pay(100, invoice.ocr)])])  # five lines of 80 characters and CR LF
    cut_at_a_line_end = finance.post("/api/v1/payments/bgmax", data=whole[:-82]).get_json()
    assert cut_at_a_line_end["problems"]["file"][0] == {"code": "bgmax_truncated", "params": {"line": 4}}
    cut_in_a_line = finance.post("/api/v1/payments/bgmax", data=whole[:-90]).get_json()
    assert cut_in_a_line["problems"]["file"][0] == {"code": "bgmax_line_length", "params": {"line": 4, "length": 74}}


def test_a_payment_by_hand_and_its_reversal_answer_the_new_payment_and_move_the_status(api, issued, freeze_clock):
    [invoice] = issued()
    freeze_clock(utc(2026, 11, 20, 9))
    finance = api("finance")
    paid = finance.post(f"/api/v1/invoices/{invoice.id}/payments",
                        json={"amount": "6030,00", "paid_on": "2026-11-19", "reference": "Swish 123",
                              "reason": "Swish"})
    assert paid.status_code == 201, paid.get_json()
    assert (paid.get_json()["amount"], paid.get_json()["source"]) == ("6030.00", "manual")
    assert finance.get(f"/api/v1/invoices/{invoice.id}").get_json()["payment_status"] == "paid"
    reversed_ = finance.post(f"/api/v1/invoices/{invoice.id}/payments",
                             json={"amount": "-6030.00", "paid_on": "2026-11-20", "reason": "Dubbelregistrerad"})
    assert reversed_.status_code == 201
    freeze_clock(utc(2026, 12, 10, 9))
    after = finance.get(f"/api/v1/invoices/{invoice.id}").get_json()
    assert (after["payment_status"], after["days_overdue"], after["outstanding"]) == ("overdue", 8, "6030.00")
    assert [item["amount"] for item in finance.get(f"/api/v1/invoices/{invoice.id}/payments").get_json()] == [
        "6030.00", "-6030.00"]
    assert [item["id"] for item in finance.get("/api/v1/invoices/overdue").get_json()] == [invoice.id]


def test_bad_payments_by_hand_get_422_naming_each_field_and_nobody_but_finance_records_one(api, issued, freeze_clock):
    [invoice] = issued()
    freeze_clock(utc(2026, 11, 20, 9))
    answer = api("finance").post(f"/api/v1/invoices/{invoice.id}/payments",
                                 json={"amount": "12.345", "paid_on": "2026-02-30"})
    assert answer.status_code == 422
    assert set(answer.get_json()["errors"]) == {"amount", "paid_on"}  # a reason only for reversals
    future = api("finance").post(f"/api/v1/invoices/{invoice.id}/payments",
                                 json={"amount": "1.00", "paid_on": "2026-11-21", "reason": "x"})
    assert future.get_json()["problems"]["paid_on"][0]["code"] == "payment_in_future"
    assert api("staff").post(f"/api/v1/invoices/{invoice.id}/payments",
                             json={"amount": "1.00", "paid_on": "2026-11-19", "reason": "x"}).status_code == 403
    assert api("finance").post("/api/v1/invoices/999999/payments",
                               json={"amount": "1.00", "paid_on": "2026-11-19", "reason": "x"}).status_code == 404
    assert api("staff").post("/api/v1/payments/bgmax", data=b"x").status_code == 403


def test_an_unmatched_payment_is_listed_and_assigned_by_a_person(api, issued):
    [invoice] = issued()
    finance = api("finance")
    finance.post("/api/v1/payments/bgmax", data=bgmax_file([Deposit(payments=[Pay(TO_PAY_MINOR, "")])]))
    [waiting] = finance.get("/api/v1/payments/unmatched").get_json()
    assert waiting["unmatched_code"] == "payment_without_reference"
    assigned = finance.post(f"/api/v1/payments/{waiting['id']}/assign",
                            json={"invoice_id": invoice.id, "reason": "Beloppet stämmer"})
    assert (assigned.status_code, assigned.get_json()["payment_status"]) == (201, "paid")
    assert finance.get("/api/v1/payments/unmatched").get_json() == []
    twice = finance.post(f"/api/v1/payments/{waiting['id']}/assign", json={"invoice_id": invoice.id, "reason": "x"})
    assert (twice.status_code, twice.get_json()["code"]) == (409, "payment_already_assigned")


def test_a_customer_sees_its_own_invoices_payment_status(api, issued):
    [invoice] = issued()
    customer = api("customer", customer_id=invoice.customer_id)
    mine = customer.get(f"/api/v1/invoices/{invoice.id}").get_json()
    assert (mine["payment_status"], mine["outstanding"]) == ("unpaid", "6030.00")
    assert customer.get("/api/v1/payments/unmatched").status_code == 403
