"""A bank file that is malformed, out of order or does not add up is refused whole, naming the line."""
from datetime import date

import pytest

from ledger.domain.billing.invoicing import ocr_reference
from ledger.domain.payments import bgmax, bgmax_records
from ledger.domain.payments.bgmax import BgMaxRefused, parse_bgmax
from tests.domain.bgmax_files import Deposit, Pay, bgmax_lines, drop_line, encode, replace_line

OCR = ocr_reference(1001)


def valid_lines() -> list[str]:
    """01, 05, 20, 26, 27, 21, 22, 15, 05, 20, 25, 15, 70: thirteen lines."""
    return bgmax_lines([
        Deposit([Pay(100_000, OCR, name="Kalles Plåt AB", address="Storgatan 2", postal_code="12345"),
                 Pay(-20_000, "89853", extra_references=[(OCR, 0)])], serial=1),
        Deposit([Pay(50_000, ocr_reference(1002), information=["Tack"])], serial=2, payment_date=date(2026, 11, 24)),
    ])


def refusal(lines: list[str] | bytes) -> BgMaxRefused:
    data = lines if isinstance(lines, bytes) else encode(lines)
    with pytest.raises(BgMaxRefused) as refused:
        parse_bgmax(data)
    return refused.value


def test_the_valid_file_these_tests_break_is_itself_read():
    lines = valid_lines()
    assert [line[:2] for line in lines] == ["01", "05", "20", "26", "27", "21", "22", "15", "05", "20", "25", "15", "70"]
    assert len(parse_bgmax(encode(lines)).deposits) == 2


def _swap(lines: list[str], first: int, second: int) -> list[str]:
    changed = list(lines)
    changed[first - 1], changed[second - 1] = changed[second - 1], changed[first - 1]
    return changed


CASES = {
    "truncated before the end record": (lambda lines: lines[:-1], "bgmax_truncated", 12),
    "truncated inside a deposit": (lambda lines: lines[:10], "bgmax_truncated", 10),
    "payment count of the end record": (lambda lines: replace_line(lines, 13, 3, "00000003"),
                                        "bgmax_end_count_mismatch", 13),
    "deduction count of the end record": (lambda lines: replace_line(lines, 13, 11, "00000000"),
                                          "bgmax_end_count_mismatch", 13),
    "extra reference count of the end record": (lambda lines: replace_line(lines, 13, 19, "00000002"),
                                                "bgmax_end_count_mismatch", 13),
    "deposit count of the end record": (lambda lines: replace_line(lines, 13, 27, "00000001"),
                                        "bgmax_end_count_mismatch", 13),
    "deposit amount": (lambda lines: replace_line(lines, 8, 51, "000000000000080001"),
                       "bgmax_deposit_amount_mismatch", 8),
    "deposit payment count": (lambda lines: replace_line(lines, 8, 72, "00000003"), "bgmax_deposit_count_mismatch", 8),
    "payments missing from a deposit": (lambda lines: lines[:2] + lines[5:], "bgmax_deposit_count_mismatch", 5),
    "a short line": (lambda lines: [*lines[:3], lines[3].rstrip(), *lines[4:]], "bgmax_line_length", 4),
    "a long line": (lambda lines: [*lines[:4], lines[4] + " ", *lines[5:]], "bgmax_line_length", 5),
    "an empty line": (lambda lines: [*lines[:5], "", *lines[5:]], "bgmax_line_length", 6),
    "an unknown record type": (lambda lines: replace_line(lines, 4, 1, "99"), "bgmax_unknown_record", 4),
    "a name before its payment": (lambda lines: _swap(lines, 3, 4), "bgmax_out_of_order", 3),
    "an address before the name": (lambda lines: _swap(lines, 4, 5), "bgmax_out_of_order", 5),
    "information after the name": (lambda lines: [*lines[:5], lines[10], *lines[5:]], "bgmax_out_of_order", 6),
    "a second name record": (lambda lines: [*lines[:4], lines[3], *lines[4:]], "bgmax_out_of_order", 5),
    "an extra reference after the deposit record": (lambda lines: _swap(lines, 7, 8), "bgmax_out_of_order", 8),
    "a payment outside any deposit": (lambda lines: drop_line(lines, 9), "bgmax_out_of_order", 9),
    "a second start record": (lambda lines: [lines[0], *lines], "bgmax_out_of_order", 2),
    "a line after the end record": (lambda lines: [*lines, lines[1]], "bgmax_after_end", 14),
    "letters in an amount": (lambda lines: replace_line(lines, 3, 50, "1O"), "bgmax_bad_digits", 3),
    "a superscript digit in a count": (lambda lines: replace_line(lines, 13, 10, "²"), "bgmax_bad_digits", 13),
    "blanks in a BGC serial number": (lambda lines: replace_line(lines, 3, 58, "  "), "bgmax_bad_digits", 3),
    "an impossible payment date": (lambda lines: replace_line(lines, 8, 38, "20261131"), "bgmax_bad_date", 8),
    "an impossible file timestamp": (lambda lines: replace_line(lines, 1, 25, "20261323"), "bgmax_bad_date", 1),
    "an unknown test marker": (lambda lines: replace_line(lines, 1, 45, "X"), "bgmax_bad_marker", 1),
    "an unknown deposit type": (lambda lines: replace_line(lines, 8, 80, "Q"), "bgmax_bad_marker", 8),
    "text in a reserved field": (lambda lines: replace_line(lines, 3, 75, "X"), "bgmax_not_blank", 3),
    "an OCR reference with letters": (lambda lines: replace_line(lines, 3, 32, "A"), "bgmax_bad_ocr", 3),
    "a tab inside a name": (lambda lines: replace_line(lines, 4, 8, "\t"), "bgmax_control_character", 4),
    "another layout": (lambda lines: replace_line(lines, 1, 3, "LBIN "), "bgmax_not_bgmax", 1),
    "another version": (lambda lines: replace_line(lines, 1, 23, "02"), "bgmax_version_unsupported", 1),
    "an unknown currency": (lambda lines: replace_line(lines, 2, 23, "USD"), "bgmax_unknown_currency", 2),
    "a deposit in another currency than its opening": (
        lambda lines: replace_line(lines, 2, 23, "EUR"), "bgmax_currency_mismatch", 8),
}


@pytest.mark.parametrize(("change", "code", "line"), CASES.values(), ids=CASES.keys())
def test_a_broken_file_is_refused_naming_the_line(change, code, line):
    error = refusal(change(valid_lines()))
    assert (error.code, error.params["line"]) == (code, line)
    assert f"Line {line}" in error.message or f"line {line}" in error.message


def test_counts_that_disagree_say_which_record_type_and_both_numbers():
    error = refusal(replace_line(valid_lines(), 13, 3, "00000005"))
    assert dict(error.params) == {"line": 13, "record": "20", "stated": 5, "actual": 2}
    assert error.message == "Line 13: the end record counts 5 records 20, the file has 2."


def test_a_deposit_that_does_not_add_up_states_both_amounts():
    error = refusal(replace_line(valid_lines(), 8, 51, "000000000000090000"))
    assert (error.params["stated_ore"], error.params["actual_ore"]) == (90_000, 80_000)


def test_a_file_saved_again_as_utf8_is_told_apart_from_a_short_line():
    data = "\r\n".join(valid_lines()).encode("utf-8")
    error = refusal(data)
    assert (error.code, error.params["line"]) == ("bgmax_utf8", 4)  # the first line with an å


@pytest.mark.parametrize("data", [b"Datum;Grupp;Serie;V\xe4rde\r\n2026-11-20;x;SEKEURPMI;11,1\r\n", b"%PDF-1.7\n" + bytes(200)])
def test_a_file_that_is_not_bgmax_at_all_is_refused_on_its_first_line(data):
    error = refusal(data)
    assert (error.code, error.params["line"]) == ("bgmax_not_bgmax", 1)


def test_an_empty_upload_is_refused():
    assert refusal(b"").code == "bgmax_empty"


def test_every_bgmax_refusal_names_its_line_and_each_is_exercised_here():
    codes = {**bgmax.MESSAGES, **bgmax_records.MESSAGES}
    assert [code for code, template in codes.items() if "%(line)s" not in template] == ["bgmax_empty"]
    exercised = {code for _change, code, _line in CASES.values()} | {"bgmax_utf8", "bgmax_not_bgmax", "bgmax_empty"}
    assert set(codes) == exercised
