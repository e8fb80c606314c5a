"""System memos on entries read back as codes and parameters, so a page can say them in Swedish."""
import pytest

from ledger.domain.accounts.memos import MEMOS, read_memo
from ledger.domain.problems import fill


@pytest.mark.parametrize(("kind", "memo", "code", "params"), [
    ("consumption", "Task 6: Fixed the export: 2 files", "memo_task", {"task_id": 6, "description": "Fixed the export: 2 files"}),
    ("purchase", "Hour package 600 min", "memo_hour_package", {"package_minutes": 600}),
    ("settlement", "Hours owed for 2026-10 invoiced", "memo_hours_owed", {"period": "2026-10"}),
    ("reversal", "Task 7 voided: logged twice", "memo_task_voided", {"task_id": 7, "note": "logged twice"}),
    ("reversal", "Task 7 overridden to included: a bug", "memo_task_overridden", {"task_id": 7, "note": "a bug"}),
    ("reversal", "Invoice F1004 credited", "memo_invoice_credited", {"number": "F1004"}),
])
def test_each_memo_the_services_write_is_read_back_as_its_code_and_parameters(kind, memo, code, params):
    read = read_memo(kind, memo)
    assert (read.code, read.params) == (code, params)


def test_the_english_template_filled_with_the_parameters_gives_back_the_memo_as_written():
    read = read_memo("consumption", "Task 6: Fixed it")
    assert fill(MEMOS[read.code], read.params) == "Task 6: Fixed it"


def test_an_old_credit_memo_without_series_gets_the_series_in_front():
    assert read_memo("reversal", "Invoice 1004 credited", series="F").params == {"number": "F1004"}


def test_a_reason_someone_typed_is_their_own_text_even_when_it_reads_like_a_system_memo():
    read = read_memo("adjustment", "Task 6: goodwill")
    assert read.code is None and read.template == "Task 6: goodwill"
    assert read_memo("forfeit", None).text == ""
