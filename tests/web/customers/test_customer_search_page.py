"""Issue 22 item 23: the staff list and the API find "Fjällbacka AB" by "fjallbacka" and "5560360793"."""
from tests.web.test_staff_pages import text


def test_the_staff_list_and_the_api_ignore_accents_and_hyphens(client, sign_in, api, make_customer):
    make_customer(name="Fjällbacka AB", org_number="556036-0793")
    make_customer(name="Strömstad Data AB")
    found = api("staff").get("/api/v1/customers?search=5560360793").get_json()
    assert [customer["name"] for customer in found] == ["Fjällbacka AB"]
    sign_in("staff")
    page = text(client.get("/staff/customers?q=fjallbacka"))
    assert "Fjällbacka AB" in page and "Strömstad Data AB" not in page
