"""Money finance records by hand: payments with a method, their reversal, refunds of an over-payment
and write-offs of a small remainder, each moving the status and what is outstanding; every refusal names why."""
import pytest
from sqlalchemy.exc import DatabaseError

from tests.conftest import utc
from tests.services.helpers import run_sql


def figures(caller, invoice_id):
    invoice = caller.get(f"/api/v1/invoices/{invoice_id}").get_json()
    return invoice["payment_status"], invoice["outstanding"]


def test_a_payment_by_hand_takes_amount_date_reference_and_method_and_a_reason_only_for_reversals(api, numbered,
                                                                                                 freeze_clock):
    [invoice] = numbered()
    freeze_clock(utc(2026, 11, 20, 9))
    finance, path = api("finance"), f"/api/v1/invoices/{invoice.id}/payments"
    swish = finance.post(path, json={"amount": "100.00", "paid_on": "2026-11-19", "reference": "Swish 4711",
                                     "method": "swish"})
    assert swish.status_code == 201, swish.get_json()
    assert {key: swish.get_json()[key] for key in ("kind", "method", "reference", "reason")} == {
        "kind": "payment", "method": "swish", "reference": "Swish 4711", "reason": None}
    cash = finance.post(path, json={"amount": "1.00", "paid_on": "2026-11-19", "method": "cash"})
    assert cash.status_code == 422 and set(cash.get_json()["errors"]) == {"method"}
    no_reason = finance.post(path, json={"amount": "-100.00", "paid_on": "2026-11-19"})
    assert no_reason.status_code == 422 and no_reason.get_json()["problems"]["reason"][0]["code"] == "reason_required"
    taken_back = finance.post(path, json={"amount": "-100.00", "paid_on": "2026-11-19", "reason": "Fel faktura"})
    assert (taken_back.status_code, taken_back.get_json()["kind"]) == (201, "reversal")
    assert figures(finance, invoice.id) == ("unpaid", "6030.00")


def test_payments_reversals_refunds_and_write_offs_move_status_and_outstanding_and_refuse_beyond_their_limits(
        api, numbered, freeze_clock):
    first, second = numbered(2)
    freeze_clock(utc(2026, 11, 20, 9))
    finance = api("finance")

    def pay(invoice, amount, method="transfer"):
        answer = finance.post(f"/api/v1/invoices/{invoice.id}/payments",
                              json={"amount": amount, "paid_on": "2026-11-20", "method": method})
        assert answer.status_code == 201, answer.get_json()
        return answer.get_json()["id"]

    mistaken = pay(first, "6000.00", "swish")
    assert figures(finance, first.id) == ("partly_paid", "30.00")
    assert finance.post(f"/api/v1/payments/{mistaken}/reverse", json={"reason": "Fel belopp"}).status_code == 201
    assert figures(finance, first.id) == ("unpaid", "6030.00")
    again = finance.post(f"/api/v1/payments/{mistaken}/reverse", json={"reason": "Igen"})
    assert (again.status_code, again.get_json()["code"]) == (409, "payment_already_reversed")
    overpaid = pay(first, "6040.00")
    assert figures(finance, first.id) == ("paid", "-10.00")
    too_much = finance.post(f"/api/v1/payments/{overpaid}/refund", json={"amount": "20.00"})
    assert too_much.status_code == 422
    assert too_much.get_json()["problems"]["amount"][0] == {"code": "refund_larger_than_overpayment",
                                                            "params": {"overpaid": "10.00"}}
    refund = finance.post(f"/api/v1/payments/{overpaid}/refund", json={"method": "transfer"})
    assert (refund.status_code, refund.get_json()["amount"], refund.get_json()["kind"]) == (201, "-10.00", "refund")
    assert figures(finance, first.id) == ("paid", "0.00")
    assert finance.post(f"/api/v1/payments/{overpaid}/refund", json={}).get_json()["code"] == "nothing_to_refund"

    pay(second, "6000.00")
    over_limit = finance.post(f"/api/v1/invoices/{second.id}/write-off", json={"reason": "Småbelopp"})
    assert (over_limit.status_code, over_limit.get_json()["code"]) == (409, "write_off_over_limit")
    assert over_limit.get_json()["params"]["limit"] == "10.00 SEK" and "WRITE_OFF_LIMIT" in over_limit.get_json()[
        "detail"]
    pay(second, "25.00")
    written = finance.post(f"/api/v1/invoices/{second.id}/write-off", json={"reason": "Öresdifferens"})
    assert (written.status_code, written.get_json()["amount"]) == (201, "5.00")
    after = finance.get(f"/api/v1/invoices/{second.id}").get_json()
    assert (after["payment_status"], after["outstanding"], after["written_off"]) == ("paid", "0.00", "5.00")
    assert api("staff").post(f"/api/v1/invoices/{second.id}/write-off", json={"reason": "x"}).status_code == 403
    for statement in ("UPDATE write_offs SET amount_minor = 1", "DELETE FROM write_offs"):
        with pytest.raises(DatabaseError, match="append-only"):
            run_sql(statement)
