"""SIE 4 exports read back by a strict reader: balanced vouchers, configured accounts, issue dates, CP437."""
from datetime import date

import pytest

from ledger.documents.sie import file_name, quoted, sie_file
from ledger.domain.books.vouchers import Posting, Voucher, bas_accounts, financial_year, issued_document, vouchers_for
from tests.documents.examples import ALL_EXAMPLES, BUYERS, swedish_invoice, without
from tests.documents.sie_reader import SieError, read_sie, tokens

SELLER = {"company_name": "Servicekonto Demo AB", "org_number": "559876-5435"}
YEAR = financial_year(date(2025, 11, 3))
GENERATED = date(2025, 12, 1)


def export(invoices, accounts=None, **options):
    vouchers = vouchers_for([issued_document(invoice) for invoice in invoices], accounts or bas_accounts(), **options)
    return vouchers, sie_file(vouchers, **SELLER, financial_year=YEAR, generated_on=GENERATED)


def test_the_months_documents_read_back_as_one_balanced_voucher_each():
    invoices = [factory() for factory in ALL_EXAMPLES.values()]
    vouchers, content = export(invoices)
    sie = read_sie(content)
    assert [voucher.number for voucher in sie.vouchers] == [str(voucher.number) for voucher in vouchers]
    for read, built in zip(sie.vouchers, vouchers, strict=True):
        assert sum(row.amount_minor for row in read.rows) == 0
        assert [(row.account, row.amount_minor) for row in read.rows] == [
            (posting.account.number, posting.amount_sek_minor) for posting in built.postings]
        assert read.voucher_date == date(2025, 11, 3)


def test_the_header_names_program_format_type_company_and_financial_year():
    sie = read_sie(export([swedish_invoice()])[1])
    assert sie.posts["FLAGGA"] == ["0"] and sie.posts["FORMAT"] == ["PC8"] and sie.posts["SIETYP"] == ["4"]
    assert sie.posts["PROGRAM"][0] == "Servicekonto"
    assert sie.posts["GEN"] == ["20251201"]
    assert sie.posts["FNAMN"] == ["Servicekonto Demo AB"] and sie.posts["ORGNR"] == ["559876-5435"]
    assert sie.financial_year == (date(2025, 1, 1), date(2025, 12, 31))


def test_konto_declares_exactly_the_accounts_used_on_the_configured_numbers():
    chart = bas_accounts(receivable=1511, sales_se=3001, sales_eu=3002, sales_non_eu=3003, vat_out=2610,
                         rounding=3741)
    sie = read_sie(export([swedish_invoice(), ALL_EXAMPLES["reverse_charge"]()], chart)[1])
    assert sorted(sie.accounts) == [1511, 2610, 3001, 3002, 3741]
    assert {row.account for voucher in sie.vouchers for row in voucher.rows} == set(sie.accounts)


def test_vouchers_are_dated_by_issue_date_in_the_series_configured():
    later = without(swedish_invoice(), number=1010, issue_date=date(2025, 11, 28),
                    due_date=date(2025, 12, 28))
    sie = read_sie(export([later, swedish_invoice()], voucher_series="A")[1])
    assert [(voucher.series, voucher.number, voucher.voucher_date) for voucher in sie.vouchers] == [
        ("A", "1004", date(2025, 11, 3)), ("A", "1010", date(2025, 11, 28))]


def test_swedish_letters_survive_code_page_437():
    _, content = export([swedish_invoice()])
    assert "Kommunförbundet Väst".encode("cp437") in content
    sie = read_sie(content)
    assert sie.vouchers[0].text == "Faktura F1004 Kommunförbundet Väst"
    assert sie.accounts[3740] == "Öres- och kronutjämning"
    assert sie.accounts[2611] == "Utgående moms på försäljning inom Sverige, 25 %"


def test_text_with_quotes_spaces_and_letters_cp437_lacks_reads_back_as_written():
    buyer = without(BUYERS["SE"], name='Bygg "Øst" AB\tavd. €')
    sie = read_sie(export([without(swedish_invoice(), buyer=buyer)])[1])
    assert sie.vouchers[0].text == 'Faktura F1004 Bygg "Ost" AB avd. EUR'
    assert quoted('a "b" c\\') == '"a \\"b\\" c/"'


def test_an_eur_document_is_in_sek_with_its_euro_amounts_as_row_texts():
    sie = read_sie(export([ALL_EXAMPLES["eur_swedish_vat"]()])[1])
    invoice = ALL_EXAMPLES["eur_swedish_vat"]()
    [voucher] = sie.vouchers
    assert [row.text for row in voucher.rows] == ["EUR 1356.76", "EUR 1085.41", "EUR 271.35"]
    assert next(row.amount_minor for row in voucher.rows if row.account == 2611) == -invoice.vat_sek_minor


def test_lines_end_with_cr_lf_and_every_voucher_is_braced():
    text = export([swedish_invoice()])[1].decode("cp437")
    assert text.startswith("#FLAGGA 0\r\n") and text.endswith("}\r\n")
    assert text.count("#VER") == text.count("\r\n{\r\n") == 1


def test_an_unbalanced_voucher_or_one_outside_the_year_is_never_written():
    chart = bas_accounts()
    unbalanced = Voucher("F", 1, date(2025, 11, 3), "Fel", (Posting(chart.receivable, 100),))
    with pytest.raises(ValueError, match="do not balance"):
        sie_file([unbalanced], **SELLER, financial_year=YEAR, generated_on=GENERATED)
    next_year = Voucher("F", 2, date(2026, 1, 2), "Nästa år", (Posting(chart.receivable, 0),))
    with pytest.raises(ValueError, match="outside the financial year"):
        sie_file([next_year], **SELLER, financial_year=YEAR, generated_on=GENERATED)


def test_the_export_is_an_import_file_named_by_its_period():
    assert file_name("2025-10") == "servicekonto-2025-10.si"


VALID = export([swedish_invoice()])[1].decode("cp437")


@pytest.mark.parametrize(("broken", "message"), [
    (VALID.replace("\r\n", "\n"), "CR LF"),
    (VALID.replace("#FLAGGA 0\r\n", ""), "FLAGGA"),
    (VALID.replace("#FORMAT PC8", "#FORMAT UTF8"), "malformed #FORMAT"),
    (VALID.replace("#TRANS 1510 {} 14933.00", "#TRANS 1510 {} 14933.01"), "does not balance"),
    (VALID.replace("#TRANS 1510 {} 14933.00", "#TRANS 1510 {} 14933,00"), "not an amount"),
    (VALID.replace("#KONTO 1510", "#KONTO 1519"), "has no #KONTO"),
    (VALID.replace('Väst"', 'Väst'), "unterminated quote"),
    (VALID.replace('Väst"', 'Väst\\"'), "unterminated quote"),
    (VALID.replace("#VER", "#VERIFIKAT"), "unknown post"),
    (VALID.replace(" 20251103 ", " 20261103 "), "outside the financial year"),
    (VALID.replace("}\r\n", ""), "not closed"),
    (VALID.replace("#SIETYP 4\r\n", ""), "missing posts: SIETYP"),
    (VALID.replace("\r\n{\r\n", "\r\n"), "followed by {"),
])
def test_the_reader_refuses_a_malformed_file(broken, message):
    assert broken != VALID
    with pytest.raises(SieError, match=message):
        read_sie(broken.encode("cp437"))


def test_the_reader_splits_quoted_fields_and_object_lists():
    assert tokens('#TRANS 1510 {} -1.50 20251103 "a \\"b\\" c"', 1) == [
        "#TRANS", "1510", "{}", "-1.50", "20251103", 'a "b" c']
