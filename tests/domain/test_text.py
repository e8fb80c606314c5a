"""Text no database stores and JSON no parser should chew on are found, field by field, without an app."""
import json

import pytest

from ledger.domain.errors import InvalidInput
from ledger.domain.money import parse_amount
from ledger.domain.text import MAX_JSON_DEPTH, json_number, json_problems, text_field_problems, text_problem


def parsed(text):
    return json.loads(text, parse_int=json_number, parse_float=json_number)


def test_nul_and_lone_surrogates_are_named_wherever_they_hide_in_a_document():
    document = parsed('{"name": "A\\u0000B", "lines": [{"text": "\\udc00"}], "k\\u0000": 1, "ok": "Ölands Kaffe ☕"}')
    assert json_problems(document) == {"k?": [("nul_character", {})], "lines.0.text": [("lone_surrogate", {})],
                                       "name": [("nul_character", {})]}


def test_a_number_of_thousands_of_digits_is_kept_as_text_and_named():
    document = parsed('{"minutes": ' + "9" * 5000 + ', "price": 12.5, "count": -3}')
    assert (document["price"], document["count"]) == (12.5, -3)
    assert json_problems(document) == {"minutes": [("number_too_long", {"max_digits": 30})]}


def test_nesting_deeper_than_the_limit_is_named_by_its_top_level_field():
    assert json_problems(parsed('{"a": ' + "[" * 40 + "]" * 40 + "}")) == {
        "a": [("nested_too_deeply", {"max_depth": MAX_JSON_DEPTH})]}
    assert json_problems(parsed("[" * 10 + "]" * 10)) == {}


def test_query_and_form_fields_are_checked_by_name_and_value():
    assert text_field_problems([("q", "a\x00b"), ("x\x00", "1"), ("next", "/staff")]) == {
        "q": [("nul_character", {})], "x?": [("nul_character", {})]}
    assert text_problem("Åsa Öberg, 50% rabatt") is None


def test_a_multipart_part_whose_name_could_not_be_read_is_no_crash():
    assert text_field_problems([(None, "{}"), ("file", "a\x00b")]) == {"file": [("nul_character", {})]}


@pytest.mark.parametrize("price", ["١٠٠", "²", "１００", "٣٫٥"])
def test_digits_of_other_scripts_are_not_an_amount(price):
    with pytest.raises(InvalidInput) as refused:
        parse_amount(price, "SEK", "price")
    assert list(refused.value.errors) == ["price"]
