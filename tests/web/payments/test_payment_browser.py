"""Finance in a real browser: upload the bank's morning file, see it matched, assign what was not."""
import pytest

from tests.domain.bgmax_files import Deposit, Pay, bgmax_file
from tests.services.payment_helpers import TO_PAY_MINOR
from tests.web.browser import screenshot
from tests.web.test_browser import database_url, sign_in, swedish  # noqa: F401 - fixtures and helpers shared

pytestmark = pytest.mark.browser


def test_finance_uploads_the_morning_file_and_assigns_the_payment_it_could_not_match(swedish, live_server, issued,
                                                                                   make_user, tmp_path):
    page = swedish
    paid, other = issued(2)
    morning = tmp_path / "bgmax.txt"
    morning.write_bytes(bgmax_file([Deposit(payments=[Pay(TO_PAY_MINOR, paid.ocr),
                                                      Pay(TO_PAY_MINOR, "", name="Berits Garn")])]))
    sign_in(page, live_server, make_user("finance").email)
    page.goto(f"{live_server}/finance/payments")
    page.get_by_label("BgMax-fil från banken").set_input_files(str(morning))
    page.get_by_role("button", name="Läs in betalningar").click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "1 kopplade, 1 att koppla för hand, 0 redan inlästa" in main
    assert f"F{paid.number}" in main and "Betalningen saknar referens." in main
    screenshot(page, "payments-imported")
    page.get_by_label("Faktura", exact=True).select_option(label=f"F{other.number} · {other.buyer_name}")
    page.get_by_label("Varför just den här fakturan").fill("Beloppet stämmer med fakturan")
    page.get_by_role("button", name="Koppla betalningen").click()
    page.wait_for_load_state()
    assert "Betalningen kopplades." in page.inner_text("main")
    assert "Varje betalning hör till en faktura." in page.inner_text("main")
    screenshot(page, "payments-assigned")
