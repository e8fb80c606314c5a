"""Part credits through the API: several may follow each other; one beyond what a line has left is a 409 naming
the line and the amounts, and writes nothing."""
from ledger.extensions import db
from ledger.models import Invoice


def test_two_part_credits_then_one_beyond_the_line_is_a_409_naming_it(api, october):
    october()
    finance = api("finance")
    [draft] = finance.post("/api/v1/invoices/run", json={"period": "2026-10"}).get_json()["created"]
    invoice = finance.post(f"/api/v1/invoices/{draft['id']}/issue").get_json()
    path = f"/api/v1/invoices/{invoice['id']}/credit"
    for amount in ("1000.00", "498.00"):
        answer = finance.post(path, json={"reason": "Rabatt", "lines": [{"position": 1, "amount": amount}]})
        assert answer.status_code == 201 or answer.status_code == 200, answer.get_json()
        assert answer.get_json()["credited_invoice_number"] == invoice["number"]
    refused = finance.post(path, json={"reason": "Rabatt", "lines": [{"position": 1, "amount": "1.01"}]})
    assert refused.status_code == 409
    body = refused.get_json()
    assert body["code"] == "credit_beyond_line"
    assert body["params"]["position"] == 1 and body["params"]["remaining"] == "1.00"
    assert body["params"]["field"] == "lines.0.amount" and "Line 1 of invoice F1001" in body["detail"]
    db.session.rollback()
    assert db.session.query(Invoice).filter_by(kind="credit_note").count() == 2, "nothing written"
    rest = finance.post(path, json={"reason": "Resten"}).get_json()
    assert rest["net"] == "-3326.00"  # what the invoice's 4 824,00 has left after 1 498,00 credited in parts
