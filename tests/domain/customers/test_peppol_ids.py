"""Peppol IDs a customer may be given (0007, 0088, 0192), refused by code, and how a buyer is addressed."""
import pytest

from ledger.domain.customers.peppol_ids import PeppolId, buyer_endpoint, check_peppol_id, parse_peppol_id
from ledger.domain.errors import InvalidInput


@pytest.mark.parametrize(("given", "stored"), [
    ("0007:5567321707", "0007:5567321707"),
    ("0007:556732-1707", "0007:5567321707"),
    (" 0088:7300010000001 ", "0088:7300010000001"),
    ("0088:73 0001 000000 1", "0088:7300010000001"),
    ("0192:974760673", "0192:974760673"),
])
def test_a_valid_peppol_id_is_stored_normalised(given, stored):
    assert check_peppol_id(given) == stored


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_no_peppol_id_is_none(empty):
    assert check_peppol_id(empty) is None


@pytest.mark.parametrize(("given", "code", "params"), [
    ("5567321707", "peppol_id_format", {}),
    ("0007 5567321707", "peppol_id_format", {}),
    ("7:5567321707", "peppol_id_format", {}),
    ("0007:", "peppol_id_format", {}),
    ("9999:12345", "peppol_scheme_unsupported", {"scheme": "9999", "choices": ["0007", "0088", "0192"]}),
    ("0007:5567321708", "peppol_se_orgnr_invalid", {"identifier": "5567321708"}),
    ("0007:556732170", "peppol_se_orgnr_invalid", {"identifier": "556732170"}),
    ("0088:7300010000002", "peppol_gln_invalid", {"identifier": "7300010000002"}),
    ("0088:73000100000011", "peppol_gln_invalid", {"identifier": "73000100000011"}),
    ("0192:974760674", "peppol_no_orgnr_invalid", {"identifier": "974760674"}),
])
def test_a_wrong_peppol_id_is_refused_naming_the_field_and_what_is_wrong(given, code, params):
    with pytest.raises(InvalidInput) as refused:
        check_peppol_id(given)
    [problem] = refused.value.problems["peppol_id"]
    assert (problem.code, dict(problem.params)) == (code, params)


def test_a_peppol_id_that_is_not_text_is_refused():
    with pytest.raises(InvalidInput) as refused:
        check_peppol_id(7300010000001, field="customer.peppol_id")
    assert [problem.code for problem in refused.value.problems["customer.peppol_id"]] == ["not_text"]


def test_the_english_refusal_names_the_identifier():
    with pytest.raises(InvalidInput) as refused:
        parse_peppol_id("0088:7300010000002")
    assert refused.value.errors == {"peppol_id": ["7300010000002 is not a GLN (13 digits with a valid GS1 check digit)."]}


@pytest.mark.parametrize(("peppol_id", "country", "org_number", "vat_number", "expected"), [
    ("0088:7300010000001", "SE", "556036-0793", None, PeppolId("0088", "7300010000001")),
    (None, "SE", "556036-0793", "SE556036079301", PeppolId("0007", "5560360793")),
    (None, "NO", "974 760 673", None, PeppolId("0192", "974760673")),
    (None, "DE", "HRB 12345", "DE136695976", PeppolId("9930", "DE136695976")),
    (None, "FI", "2077474-0", "FI20774740", PeppolId("0213", "FI20774740")),
    (None, "DE", "HRB 12345", None, None),
    (None, "US", "12-3456789", None, None),
    (None, "SE", "556036-0794", None, None),
])
def test_a_buyer_is_addressed_by_peppol_id_then_org_number_then_eu_vat_number(peppol_id, country, org_number,
                                                                               vat_number, expected):
    assert buyer_endpoint(peppol_id, country, org_number, vat_number) == expected


def test_a_peppol_id_reads_as_scheme_colon_identifier():
    assert str(PeppolId("0007", "5567321707")) == "0007:5567321707"
