"""Long lists come a page at a time with previous, next and "show all"; odd page numbers never fail."""
from __future__ import annotations

import html

import pytest

from ledger.web.paging import paginate

ROWS = list(range(1, 121))


@pytest.mark.parametrize(("args", "first", "count", "number"), [
    ({}, 1, 50, 1), ({"page": "2"}, 51, 50, 2), ({"page": "3"}, 101, 20, 3),
    ({"page": "99"}, 101, 20, 3), ({"page": "0"}, 1, 50, 1), ({"page": "-1"}, 1, 50, 1),
    ({"page": "x"}, 1, 50, 1), ({"page": "9" * 40}, 1, 50, 1), ({"all": "1", "page": "2"}, 1, 120, 1),
])
def test_a_page_holds_its_rows_and_an_odd_page_number_falls_back_to_a_real_page(args, first, count, number):
    paged = paginate(ROWS, args)
    assert (paged.items[0], len(paged), paged.number, paged.pages, paged.total) == (first, count, number, 3, 120)


def test_an_empty_list_is_one_empty_page_without_a_pager():
    paged = paginate([], {})
    assert (paged.items, paged.pages, paged.has_more_than_one_page) == ([], 1, False)


def test_the_customer_list_is_paged_and_can_show_every_customer(client, sign_in, make_customer):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    for number in range(55):
        make_customer(name=f"Kund {number:02d} AB")
    sign_in("staff")
    first = html.unescape(client.get("/staff/customers").get_data(as_text=True))
    assert "Kund 49 AB" in first and "Kund 50 AB" not in first
    assert "Sida 1 av 2 (55 totalt)" in first and 'rel="next" href="/staff/customers?page=2"' in first
    second = html.unescape(client.get("/staff/customers?page=2").get_data(as_text=True))
    assert "Kund 50 AB" in second and "Kund 49 AB" not in second and 'rel="prev"' in second
    everyone = html.unescape(client.get("/staff/customers?all=1").get_data(as_text=True))
    assert "Kund 00 AB" in everyone and "Kund 54 AB" in everyone and "Alla 55 visas" in everyone
    searched = html.unescape(client.get("/staff/customers?q=Kund&page=2").get_data(as_text=True))
    assert "Kund 50 AB" in searched and "q=Kund" in searched, "the search is kept from page to page"
