"""Crediting in full from the page: the confirmation names what the credit note will be, and afterwards the
invoice reads `credited`, not `paid`."""
import html
import re

from tests.web.conftest import post_form


def test_a_fully_credited_invoice_reads_credited_and_the_confirmation_shows_the_credit_notes_amount(
        client, sign_in, numbered, api):
    [invoice] = numbered(monthly_fee="549.00")  # 4 842,50 kr rounds to 4 843,00 kr to pay
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    sign_in("finance")
    page = f"/finance/invoices/{invoice.id}"
    question = post_form(client, f"{page}/credit", {"reason": "Fel pris"}, page=page)
    text = re.sub(r"[ \t\r\n]+", " ", html.unescape(question.get_data(as_text=True)))
    assert question.status_code == 200 and "(4\xa0843,00\xa0kr)" in text and "4\xa0842,50" not in text
    done = post_form(client, f"{page}/credit", {"reason": "Fel pris", "confirmed": "yes"}, page=page)
    assert done.status_code == 303
    answer = api("finance").get(f"/api/v1/invoices/{invoice.id}").get_json()
    assert (answer["payment_status"], answer["outstanding"]) == ("credited", "0.00")
