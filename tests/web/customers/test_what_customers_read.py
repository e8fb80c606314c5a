"""Issue 22 items 4 and 5: what a customer reads about the work done for them.

4. An override read "… i stället för regeln debited.qualified_help: Goodwill efter klagomål": the portal and the
   statements now show the clause of the terms and its text, never a rule id or a catalogue version.
5. November's summary said "Debiterat 0 min" while its list showed 7 h 15 min debited (work dated November,
   logged in December): the summary and the list now count the same work, and the page says which."""
import re
from datetime import date

from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.accounts.statements import get_statement
from ledger.services.work.tasks import override_task, record_task
from tests.conftest import utc
from tests.services.helpers import run_sql
from tests.web.customers.test_contact_pages import visible

RULE_ID = re.compile(r"\b(?:included|debited|review|override)\.[a-z_]+|sv_servicekonto|\b20\d\d\.\d\b")


def _log(customer_id, category, minutes, work_date, description):
    return record_task({"customer_id": customer_id, "category": category, "minutes": minutes,
                        "work_date": work_date, "description": description}, actor=SYSTEM)


def test_an_override_shows_the_customer_the_clause_and_its_text_never_a_rule_id(client, sign_in, make_customer,
                                                                                make_user, freeze_clock):
    freeze_clock(utc(2026, 11, 10, 9))
    customer = make_customer()
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    task = _log(customer.id, "qualified_help", 90, date(2026, 11, 10), "Genomgång av returflödet").task
    override_task(task.id, "included", "Goodwill efter klagomål", actor=make_user("admin"))
    _log(customer.id, "hosting", 30, date(2026, 11, 10), "Patchade servern")
    sign_in("customer", customer.id)

    home, statement = (visible(client.get(path, headers={"Accept-Language": "sv"}))
                       for path in ("/portal", "/portal/statement?period=2026-11"))
    csv = client.get("/portal/statement.csv?period=2026-11").get_data(as_text=True)
    for page in (home, statement):
        assert ("Beslutat av administratör i stället för villkoret ”Kvalificerad hjälp – debiteras” "
                "(Servicekonto, inledningen): Goodwill efter klagomål") in page
        assert ("Villkor som åsidosattes: Servicekonto, inledningen – Efter leverans så har du tillgång till vår "
                "vägledande support") in page
        assert "Villkor: Ingår i månadsavgiften, punkt 2 – Drift av den servermiljö" in page
    for shown in (home, statement, csv):
        assert RULE_ID.search(shown) is None, RULE_ID.search(shown)

    # An override recorded before reasons named the clause still reads without the rule id.
    run_sql("UPDATE tasks SET reason_sv = :old WHERE id = :id", id=task.id,
            old="Beslutat av administratör i stället för regeln debited.qualified_help: Goodwill efter klagomål")
    page = visible(client.get("/portal", headers={"Accept-Language": "sv"}))
    assert RULE_ID.search(page) is None and "Goodwill efter klagomål" in page


def test_a_statements_summary_and_task_list_count_the_same_work_and_say_so(client, sign_in, make_customer,
                                                                           freeze_clock):
    freeze_clock(utc(2026, 12, 3, 9))
    customer = make_customer()
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    _log(customer.id, "installation", 435, date(2026, 11, 27), "Installerade kopplingen mot affärssystemet")
    _log(customer.id, "hosting", 20, date(2026, 11, 28), "Övervakning")

    november, december = (get_statement(customer.id, Period(2026, month), actor=SYSTEM) for month in (11, 12))
    assert (november.debited_minutes, november.included_minutes, november.basis) == (435, 20, "work_date")
    assert november.debited_minutes == sum(t.billed_minutes for t in november.tasks if t.outcome == "debited")
    assert (december.debited_minutes, december.closing_balance_minutes) == (0, 600 - 435)

    sign_in("customer", customer.id)
    page = visible(client.get("/portal/statement?period=2026-11", headers={"Accept-Language": "sv"}))
    summary = page[page.index("Utfört arbete 2026-11"):page.index("Förändringar av saldot")]
    assert "Debiterat servicekontot 7 tim 15 min" in summary and "Ingår i månadsavgiften 20 min" in summary
    assert "Efter den dag arbetet utfördes" in summary
