"""The Peppol BIS Billing 3.0 rules (PEPPOL-EN16931-*, PEPPOL-COMMON-*) and the Swedish national rules (SE-R-*)
that apply to our invoices, asserted on the UBL we write."""
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from stdnum import ean, luhn

from ledger.documents.peppol import CUSTOMIZATION_ID, PROFILE_ID
from tests.documents.examples import ALL_EXAMPLES
from tests.documents.ubl import Ubl

SUPPLIER = "cac:AccountingSupplierParty/cac:Party"
CUSTOMER = "cac:AccountingCustomerParty/cac:Party"
#: The schemes our documents may use, all on Peppol's Electronic Address Scheme list (PEPPOL-EN16931-CL008).
EAS_USED = {"0007", "0088", "0192", "0184", "0211", "0213", "9910", "9914", "9920", "9925", "9926", "9928", "9929",
            "9930", "9931", "9933", "9934", "9935", "9937", "9938", "9939", "9943", "9944", "9945", "9946", "9947",
            "9949", "9950", "9957"}


@pytest.fixture(params=sorted(ALL_EXAMPLES), ids=sorted(ALL_EXAMPLES))
def ubl(request: pytest.FixtureRequest) -> Ubl:
    return Ubl.of(ALL_EXAMPLES[request.param]())


def test_peppol_r001_r004_r007_the_document_is_peppol_bis_billing_3_in_process_01(ubl):
    assert ubl.text("cbc:CustomizationID") == CUSTOMIZATION_ID
    assert ubl.text("cbc:ProfileID") == PROFILE_ID == "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"


def test_peppol_r002_at_most_one_note(ubl):
    assert len(ubl.all("cbc:Note")) <= 1


def test_peppol_r110_r111_every_line_period_lies_within_the_documents_period(ubl):
    start, end = ubl.text("cac:InvoicePeriod/cbc:StartDate"), ubl.text("cac:InvoicePeriod/cbc:EndDate")
    for line in ubl.lines:
        for begins in ubl.all("cac:InvoicePeriod/cbc:StartDate", line):
            assert begins.text >= start
        for ends in ubl.all("cac:InvoicePeriod/cbc:EndDate", line):
            assert ends.text <= end


def test_peppol_r003_a_buyer_reference_is_given(ubl):
    assert ubl.text("cbc:BuyerReference").strip()


def test_peppol_r008_no_element_is_empty(ubl):
    assert [element.tag for element in ubl.all("//*[not(*) and not(normalize-space())]")] == []


def test_peppol_r010_r020_both_parties_have_an_electronic_address(ubl):
    assert ubl.text(f"{SUPPLIER}/cbc:EndpointID") and ubl.text(f"{CUSTOMER}/cbc:EndpointID")


def test_peppol_r051_every_amount_is_in_the_document_currency_but_the_vat_in_sek(ubl):
    currencies = {element.get("currencyID") for element in ubl.all("//*[@currencyID]")
                  if not (element.tag.endswith("TaxAmount") and element.getparent().tag.endswith("TaxTotal")
                          and not ubl.exists("cac:TaxSubtotal", element.getparent()))}
    assert currencies == {ubl.currency}


def test_peppol_r053_r054_r005_one_vat_total_with_breakdown_and_one_in_sek_when_vat_is_stated_in_sek(ubl):
    assert len(ubl.all("cac:TaxTotal[cac:TaxSubtotal]")) == 1
    in_sek = ubl.all("cac:TaxTotal[not(cac:TaxSubtotal)]")
    assert len(in_sek) == len(ubl.all("cbc:TaxCurrencyCode"))
    for code in ubl.all("cbc:TaxCurrencyCode"):
        assert code.text == "SEK" != ubl.currency


def test_peppol_r055_vat_and_vat_in_sek_have_the_same_sign(ubl):
    amounts = [Decimal(element.text) for element in ubl.all("cac:TaxTotal/cbc:TaxAmount")]
    assert all(amount >= 0 for amount in amounts) or all(amount <= 0 for amount in amounts)


def test_peppol_r120_every_line_is_quantity_times_price_over_base_quantity_rounded_to_the_ore(ubl):
    for line in ubl.lines:
        quantity = ubl.amount(ubl.quantity_tag, line)
        price = ubl.amount("cac:Price/cbc:PriceAmount", line)
        base = ubl.amount("cac:Price/cbc:BaseQuantity", line) if ubl.exists("cac:Price/cbc:BaseQuantity", line) else 1
        exact = quantity * price / base
        amount = ubl.amount("cbc:LineExtensionAmount", line)
        assert amount == exact.quantize(Decimal("0.01"), ROUND_HALF_UP)  # halves away from zero
        assert abs(amount - exact) <= Decimal("0.005")  # the official slack is 0.02


def test_peppol_r121_r130_a_base_quantity_is_positive_and_counts_the_same_unit_as_the_quantity(ubl):
    for line in ubl.lines:
        for base in ubl.all("cac:Price/cbc:BaseQuantity", line):
            assert Decimal(base.text) > 0
            assert base.get("unitCode") == ubl.one(ubl.quantity_tag, line).get("unitCode")


def test_hours_owed_are_minutes_priced_per_hour_with_base_quantity_sixty(ubl):
    owed = [line for line in ubl.lines if ubl.one(ubl.quantity_tag, line).get("unitCode") == "MIN"]
    assert len(owed) == 1
    assert ubl.text("cac:Price/cbc:BaseQuantity", owed[0]) == "60"
    assert ubl.text(ubl.quantity_tag, owed[0]) == "50"


def test_peppol_p0100_p0101_type_codes_are_commercial_invoice_and_credit_note(ubl):
    expected = ("cbc:CreditNoteTypeCode", "381") if ubl.credit else ("cbc:InvoiceTypeCode", "380")
    assert ubl.text(expected[0]) == expected[1]


def test_peppol_p0104_p0107_exemption_codes_match_their_category(ubl):
    for category in ubl.all("//cac:TaxCategory[cbc:TaxExemptionReasonCode]"):
        code = ubl.text("cbc:TaxExemptionReasonCode", category)
        assert code == {"AE": "VATEX-EU-AE", "G": "VATEX-EU-G"}[ubl.text("cbc:ID", category)]


def test_peppol_cl008_electronic_address_schemes_are_on_the_peppol_list(ubl):
    assert {element.get("schemeID") for element in ubl.all("//cbc:EndpointID")} <= EAS_USED


def test_peppol_common_r040_r049_gln_and_swedish_organisation_numbers_have_valid_check_digits(ubl):
    for element in ubl.all("//*[@schemeID='0088']"):
        assert ean.is_valid(element.text) and len(element.text) == 13
    for element in ubl.all("//*[@schemeID='0007']"):
        assert len(element.text) == 10 and element.text.isdigit() and luhn.is_valid(element.text)


def test_peppol_f001_dates_are_iso(ubl):
    for element in ubl.all("//cbc:IssueDate | //cbc:DueDate | //cbc:StartDate | //cbc:EndDate"):
        assert date.fromisoformat(element.text).isoformat() == element.text


def test_se_r_001_se_r_002_the_swedish_vat_number_is_se_and_twelve_digits(ubl):
    vat = ubl.text(f"{SUPPLIER}/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID")
    assert len(vat) == 14 and vat.startswith("SE") and vat[2:].isdigit()


def test_se_r_003_se_r_004_se_r_013_the_seller_org_number_is_ten_digits_with_a_luhn_check_digit(ubl):
    company = ubl.text(f"{SUPPLIER}/cac:PartyLegalEntity/cbc:CompanyID")
    assert company.isdigit() and len(company) == 10 and luhn.is_valid(company)


def test_se_r_005_the_seller_states_godkand_for_f_skatt_as_its_other_tax_scheme(ubl):
    other = ubl.one(f"{SUPPLIER}/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID!='VAT']")
    assert ubl.text("cbc:CompanyID", other).upper() == "GODKÄND FÖR F-SKATT"
    assert ubl.text("cac:TaxScheme/cbc:ID", other) == "TAX"


def test_se_r_006_swedish_standard_rate_is_25_12_or_6_percent(ubl):
    for category in ubl.all("//cac:TaxCategory[cbc:ID='S'] | //cac:ClassifiedTaxCategory[cbc:ID='S']"):
        assert Decimal(ubl.text("cbc:Percent", category)) in (25, 12, 6)


def test_se_r_008_to_se_r_012_bankgiro_is_credit_transfer_30_with_seven_or_eight_digits(ubl):
    assert not ubl.all("cac:PaymentMeans[cbc:PaymentMeansCode='50' or cbc:PaymentMeansCode='56' "
                       "or cbc:PaymentMeansCode='31']")
    for account in ubl.all("cac:PaymentMeans/cac:PayeeFinancialAccount"
                           "[cac:FinancialInstitutionBranch/cbc:ID='SE:BANKGIRO']"):
        number = ubl.text("cbc:ID", account)
        assert number.isdigit() and len(number) in (7, 8) and luhn.is_valid(number)


def test_a_sek_invoice_is_paid_to_the_bankgiro_with_the_ocr_reference():
    invoice = ALL_EXAMPLES["invoice"]()
    ubl = Ubl.of(invoice)
    means = ubl.one("cac:PaymentMeans")
    assert ubl.text("cbc:PaymentID", means) == invoice.ocr
    assert ubl.text("cac:PayeeFinancialAccount/cbc:ID", means) == "5050125"
    assert ubl.text("cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID", means) == "SE:BANKGIRO"


@pytest.mark.parametrize("example", ["reverse_charge", "eur_swedish_vat"])
def test_a_eur_invoice_is_paid_to_the_iban_and_bic_with_the_invoice_number(example):
    invoice = ALL_EXAMPLES[example]()
    ubl = Ubl.of(invoice)
    means = ubl.one("cac:PaymentMeans")
    assert ubl.text("cbc:PaymentID", means) == invoice.document_number
    assert ubl.text("cac:PayeeFinancialAccount/cbc:ID", means) == invoice.seller.iban.replace(" ", "")
    assert ubl.text("cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID", means) == invoice.seller.bic
