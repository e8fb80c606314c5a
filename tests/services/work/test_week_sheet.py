"""The week sheet: all of it saved in one transaction or nothing, a bad row named, and rows equal to tasks."""
from collections import Counter
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.domain.errors import Conflict, InvalidInput
from ledger.domain.work.week_sheet import SheetRow, Week
from ledger.extensions import db
from ledger.models import LedgerEntry, Task
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.idempotency import IdempotencyKey
from ledger.services.work.week_sheet import preview_week, record_week
from tests.conftest import utc
from tests.services.helpers import assert_account_sound

WEEK = Week(2026, 45)  # 2 to 8 November 2026
AFTER_THE_WEEK = utc(2026, 11, 10, 9)
#: Kinds of work whose decision needs nothing more than the facts given here.
KINDS = [({"category": "hosting"}, "included"), ({"category": "installation"}, "debited"),
         ({"category": "guidance"}, "included"), ({"category": "qualified_help"}, "debited"),
         ({"category": "troubleshooting", "root_cause": "our_product"}, "included"),
         ({"category": "troubleshooting", "root_cause": "customer_change"}, "debited"),
         ({"category": "troubleshooting"}, "needs_review"),
         ({"category": "project", "agreement_reference": "Offert 2026-114"}, "debited")]


def row(number, customer_id, cells, **facts):
    return SheetRow(number, customer_id, {"description": f"Row {number}", **facts}, tuple(cells))


@pytest.fixture
def customers(make_customer, freeze_clock):
    freeze_clock(AFTER_THE_WEEK)
    made = [make_customer(), make_customer(billing_increment_minutes=15), make_customer(overdraft_limit_minutes=0)]
    record_purchase(made[2].id, 60, "600.00", actor=SYSTEM)
    return made


def test_a_sheet_logs_a_task_per_filled_cell_classified_as_usual(customers, make_user):
    staff = make_user("staff")
    a, b, _ = customers
    result = record_week(WEEK, [
        row(1, a.id, ["1:30", "", "2 h", "", "", "", ""], category="installation"),
        row(2, b.id, ["", "20 min", "", "", "", "", ""], category="installation"),
        row(3, None, [""] * 7),
        row(4, a.id, ["", "", "", "", "0,5 h", "", ""], category="hosting"),
    ], actor=staff)
    assert [(t.customer_id, t.work_date, t.minutes, t.billed_minutes, t.outcome) for t in result.tasks] == [
        (a.id, date(2026, 11, 2), 90, 90, "debited"), (a.id, date(2026, 11, 4), 120, 120, "debited"),
        (b.id, date(2026, 11, 3), 20, 30, "debited"), (a.id, date(2026, 11, 6), 30, 0, "included")]
    assert all(task.created_by == staff.id for task in result.tasks)
    assert result.balances == {a.id: -210, b.id: -30}
    assert assert_account_sound(a.id) == -210 and assert_account_sound(b.id) == -30


def test_one_bad_row_refuses_the_whole_sheet_naming_its_row_and_field(customers):
    a, b, _ = customers
    sheet = [row(1, a.id, ["1:30"] + [""] * 6, category="installation"),
             row(2, b.id, ["", "", "1:75", "", "", "", ""], category="installation"),
             row(3, b.id, ["", "", "", "30", "", "", ""], category="project"),
             row(4, a.id, ["", "", "", "", "", "", "30"], category="hosting", description="")]
    with pytest.raises(InvalidInput) as refused:
        record_week(WEEK, sheet, actor=SYSTEM)
    assert refused.value.problems["rows.2.wed"][0].code == "duration_minutes_past_hour"
    assert db.session.query(Task).count() == 0
    sheet[1] = row(2, b.id, ["", "", "1:15", "", "", "", ""], category="installation")
    with pytest.raises(InvalidInput) as refused:
        record_week(WEEK, sheet, actor=SYSTEM)
    assert set(refused.value.problems) == {"rows.3.agreement_reference", "rows.4.description"}
    sheet[2] = row(3, 999_999, ["", "", "", "30", "", "", ""], category="hosting")
    with pytest.raises(InvalidInput) as refused:
        record_week(WEEK, sheet, actor=SYSTEM)
    assert set(refused.value.problems) == {"rows.3.customer_id", "rows.4.description"}
    assert db.session.query(Task).count() == 0 and db.session.query(LedgerEntry).count() == 1


def test_a_row_the_account_cannot_take_refuses_the_sheet_and_names_the_row_and_day(customers):
    a, _, limited = customers
    sheet = [row(1, a.id, ["1:00"] + [""] * 6, category="installation"),
             row(2, limited.id, ["45", "", "", "", "", "", ""], category="installation"),
             row(3, limited.id, ["", "", "", "", "", "30", ""], category="installation")]
    with pytest.raises(Conflict) as refused:
        record_week(WEEK, sheet, actor=SYSTEM)
    assert (refused.value.code, refused.value.params["row"], refused.value.params["day"]) == (
        "week_sheet_insufficient_hours", 3, date(2026, 11, 7))
    assert db.session.query(Task).count() == 0 and assert_account_sound(limited.id) == 60


def test_a_sheet_sent_twice_with_one_key_is_logged_once(customers, make_user):
    staff = make_user("staff")
    sheet = [row(1, customers[0].id, ["1:00"] + [""] * 6, category="installation")]
    key = IdempotencyKey.for_request(staff.id, "sheet-1", "record_week", "2026-W45 sheet")
    first = record_week(WEEK, sheet, actor=staff, idempotency=key)
    again = record_week(WEEK, sheet, actor=staff, idempotency=key)
    assert [t.id for t in again.tasks] == [t.id for t in first.tasks] and again.balances == first.balances
    assert db.session.query(Task).count() == 1


def test_the_preview_decides_each_row_and_names_its_problems_without_writing(customers, make_user):
    a, b, _ = customers
    previews = preview_week(WEEK, [
        row(1, b.id, ["20", "20", "", "", "", "", ""], category="installation"),
        row(2, a.id, ["", "", "", "", "", "", ""], category="troubleshooting"),
        row(3, a.id, ["1:75"] + [""] * 6, category="project"),
    ], actor=make_user("staff"))
    assert [(p.number, p.decision and p.decision.outcome, p.minutes, p.billed_minutes) for p in previews] == [
        (1, "debited", 40, 60), (2, "needs_review", 0, 0), (3, None, 0, 0)]
    assert set(previews[2].problems) == {"rows.3.mon", "rows.3.agreement_reference"}
    assert db.session.query(Task).count() == 0


def _typed(minutes, style):
    hours, rest = divmod(minutes, 60)
    if style == 1:
        return f"{hours}:{rest:02d}"
    if style == 2 and minutes % 6 == 0:
        return f"{minutes / 60:g} h".replace(".", ",")
    if style == 3:
        return f"{hours} tim {rest} min" if hours else f"{rest} min"
    return str(minutes)


@st.composite
def sheets(draw):
    """Rows of (number, customer index, kind index, description, [(minutes, as typed) or None per day])."""
    rows = []
    for number in range(1, draw(st.integers(1, 6)) + 1):
        cells = [draw(st.one_of(st.none(), st.integers(1, 240).flatmap(
            lambda minutes: st.integers(0, 3).map(lambda style: (minutes, _typed(minutes, style))))))
            for _ in range(7)]
        rows.append((number, draw(st.integers(0, 1)), draw(st.integers(0, len(KINDS) - 1)),
                     draw(st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs")), min_size=1, max_size=30)
                          .filter(str.strip)), cells))
    return rows


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=sheets())
def test_the_tasks_written_are_exactly_the_sheets_filled_cells(customers, drawn):
    sheet, expected = [], []
    for number, customer, kind, description, cells in drawn:
        facts, outcome = KINDS[kind]
        sheet.append(SheetRow(number, customers[customer].id, {**facts, "description": description},
                              tuple(cell[1] if cell else "" for cell in cells)))
        expected.extend((customers[customer].id, day, cell[0], facts["category"], description.strip(), outcome)
                        for day, cell in zip(WEEK.days, cells) if cell)
    before = db.session.query(Task).count()
    if not expected:
        with pytest.raises(InvalidInput):
            record_week(WEEK, sheet, actor=SYSTEM)
        return
    result = record_week(WEEK, sheet, actor=SYSTEM)
    written = [(task.customer_id, task.work_date, task.minutes, task.category, task.description, task.outcome)
               for task in result.tasks]
    assert written == expected  # row by row, Monday to Sunday
    stored = db.session.query(Task).filter(Task.id.in_([task.id for task in result.tasks])).all()
    assert Counter((t.customer_id, t.work_date, t.minutes) for t in stored) == Counter(e[:3] for e in expected)
    assert db.session.query(Task).count() - before == len(expected)
