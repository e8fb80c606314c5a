"""A Swedish support desk's day: memos, refusals and input formats read as Swedish (issue 12)."""
from __future__ import annotations

import html

import pytest

from ledger.services.access import SYSTEM
from ledger.services.accounts import record_purchase
from tests.conftest import utc
from tests.services.helpers import debit
from tests.web.conftest import post_form


@pytest.fixture
def swedish(client, freeze_clock):
    """Swedish pages on a fixed day, 5 March 2026."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    freeze_clock(utc(2026, 3, 5, 10))


@pytest.fixture
def staff(swedish, sign_in):
    return sign_in("staff")


def text(response) -> str:
    """The page's text as read: entities decoded, non-breaking spaces as spaces."""
    return html.unescape(response.get_data(as_text=True)).replace("\xa0", " ")


def test_the_memos_the_system_wrote_read_in_swedish_on_the_customer_page(client, staff, make_customer):
    customer = make_customer()
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    debit(customer.id, 45, description="Installerade integrationen")
    page = text(client.get(f"/staff/customers/{customer.id}"))
    assert "Timpaket 10 tim" in page
    assert "Installerade integrationen" in page and "Uppgift " in page
    assert "Hour package" not in page and "Task " not in page


def test_a_page_behind_sign_in_asks_in_swedish(client, swedish):
    page = text(client.get("/staff/customers", follow_redirects=True))
    assert "Logga in för att se sidan." in page and "Please log in" not in page
