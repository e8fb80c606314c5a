"""Pages never answer 500 to odd input: a NUL in a form or a search, digits from other scripts in an id."""
import html
import re

from ledger.extensions import db
from ledger.models import Customer
from tests.web.conftest import post_form

NEW_CUSTOMER = {"name": "Nytt\x00Bolag AB", "org_number": "5566778899", "country": "SE", "language": "sv",
                "currency": "SEK", "hourly_rate": "950,00", "monthly_fee": "1499,00",
                "billing_increment_minutes": "1", "overdraft_limit_minutes": "", "low_balance_minutes": "120"}


def shown(client, answer):
    """The page the browser lands on after `answer`, as text."""
    assert answer.status_code in (302, 303), answer.status_code
    return html.unescape(client.get(answer.headers["Location"], follow_redirects=True).get_data(as_text=True))


def test_a_nul_in_a_form_field_is_refused_in_the_readers_language_and_creates_nothing(client, sign_in):
    sign_in("staff")
    answer = post_form(client, "/staff/customers/new", NEW_CUSTOMER)
    assert "Får inte innehålla NUL-tecknet." in shown(client, answer)
    assert db.session.query(Customer).count() == 0


def test_a_nul_in_a_search_is_refused_and_the_list_still_opens(client, sign_in):
    sign_in("staff")
    answer = client.get("/staff/customers?q=Nytt%00Bolag")
    assert "Får inte innehålla NUL-tecknet." in shown(client, answer)


def test_an_id_in_another_scripts_digits_is_not_an_id(client, sign_in, make_customer):
    customer = make_customer(name="Första AB")
    sign_in("staff")
    for odd in ("%C2%B2", "%D9%A1", "9" * 400):
        assert client.get(f"/staff/work?customer_id={odd}").status_code == 200
    assert client.get("/staff/customers/%D9%A1").status_code == 404
    def chosen(page):
        return re.findall(r'<option ([^>]*)>Första AB', page.get_data(as_text=True))[0]

    assert "selected" in chosen(client.get(f"/staff/work?customer_id={customer.id}"))
    assert "selected" not in chosen(client.get("/staff/work?customer_id=%D9%A1"))
