"""The EN 16931 business rules that apply to our invoices, asserted on the UBL we write (XPath, exact decimals).

Each test is named after the rule it checks (docs/einvoice.md lists them). Our checks are stricter where the
official ones allow slack: amounts must agree to the öre, not within one unit.
"""
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.documents.examples import ALL_EXAMPLES
from tests.documents.ubl import Ubl

CENT = Decimal("0.01")


@pytest.fixture(params=sorted(ALL_EXAMPLES), ids=sorted(ALL_EXAMPLES))
def ubl(request: pytest.FixtureRequest) -> Ubl:
    return Ubl.of(ALL_EXAMPLES[request.param]())


def _by_category(ubl: Ubl, code: str) -> list:
    return [line for line in ubl.lines if ubl.text("cac:Item/cac:ClassifiedTaxCategory/cbc:ID", line) == code]


def _subtotals(ubl: Ubl, code: str) -> list:
    return ubl.all(f"cac:TaxTotal/cac:TaxSubtotal[cac:TaxCategory/cbc:ID='{code}']")


def test_br_01_to_05_every_document_has_specification_number_date_type_and_currency(ubl):
    assert ubl.text("cbc:CustomizationID") and ubl.text("cbc:ID") and ubl.text("cbc:IssueDate")
    assert ubl.text("cbc:CreditNoteTypeCode" if ubl.credit else "cbc:InvoiceTypeCode")
    assert ubl.currency in ("SEK", "EUR")


def test_br_06_to_11_seller_and_buyer_have_a_registered_name_an_address_and_a_country(ubl):
    for party in ("cac:AccountingSupplierParty/cac:Party", "cac:AccountingCustomerParty/cac:Party"):
        assert ubl.text(f"{party}/cac:PartyLegalEntity/cbc:RegistrationName").strip()
        assert len(ubl.text(f"{party}/cac:PostalAddress/cac:Country/cbc:IdentificationCode")) == 2


def test_br_12_to_16_the_totals_and_at_least_one_line_are_present(ubl):
    for total in ("LineExtensionAmount", "TaxExclusiveAmount", "TaxInclusiveAmount", "PayableAmount"):
        assert ubl.exists(f"cac:LegalMonetaryTotal/cbc:{total}")
    assert ubl.lines


def test_br_21_to_27_every_line_has_id_quantity_unit_amount_item_name_and_a_price_not_below_zero(ubl):
    ids = [ubl.text("cbc:ID", line) for line in ubl.lines]
    assert len(set(ids)) == len(ids)
    for line in ubl.lines:
        assert ubl.one(ubl.quantity_tag, line).get("unitCode")
        assert ubl.text("cac:Item/cbc:Name", line).strip()
        assert ubl.amount("cac:Price/cbc:PriceAmount", line) >= 0
        assert ubl.exists("cbc:LineExtensionAmount", line)


def test_br_29_the_invoice_period_ends_on_or_after_its_start(ubl):
    assert ubl.text("cac:InvoicePeriod/cbc:EndDate") >= ubl.text("cac:InvoicePeriod/cbc:StartDate")


def test_br_30_a_line_period_ends_on_or_after_its_start(ubl):
    for line in ubl.lines:
        for period in ubl.all("cac:InvoicePeriod", line):
            assert ubl.text("cbc:EndDate", period) >= ubl.text("cbc:StartDate", period)


def test_br_co_10_sum_of_line_net_amounts_is_the_line_extension_total(ubl):
    lines = sum(ubl.amount("cbc:LineExtensionAmount", line) for line in ubl.lines)
    assert ubl.amount("cac:LegalMonetaryTotal/cbc:LineExtensionAmount") == lines


def test_br_co_13_amount_without_vat_is_the_line_total_as_we_grant_no_allowances_or_charges(ubl):
    assert not ubl.exists("cac:AllowanceCharge")
    monetary = "cac:LegalMonetaryTotal"
    assert ubl.amount(f"{monetary}/cbc:TaxExclusiveAmount") == ubl.amount(f"{monetary}/cbc:LineExtensionAmount")


def test_br_co_14_vat_total_is_the_sum_of_the_vat_breakdown(ubl):
    total = ubl.one("cac:TaxTotal[cac:TaxSubtotal]")
    assert ubl.amount("cbc:TaxAmount", total) == sum(
        ubl.amount("cbc:TaxAmount", subtotal) for subtotal in ubl.all("cac:TaxSubtotal", total))


def test_br_co_15_amount_with_vat_is_amount_without_vat_plus_vat_in_the_document_currency(ubl):
    vat = ubl.all(f"cac:TaxTotal/cbc:TaxAmount[@currencyID='{ubl.currency}']")
    assert len(vat) == 1
    monetary = "cac:LegalMonetaryTotal"
    assert ubl.amount(f"{monetary}/cbc:TaxInclusiveAmount") == (
        ubl.amount(f"{monetary}/cbc:TaxExclusiveAmount") + Decimal(vat[0].text))


def test_br_co_16_amount_due_is_amount_with_vat_plus_the_rounding(ubl):
    monetary = "cac:LegalMonetaryTotal"
    assert not ubl.exists(f"{monetary}/cbc:PrepaidAmount")
    rounding = ubl.amount(f"{monetary}/cbc:PayableRoundingAmount") if ubl.exists(
        f"{monetary}/cbc:PayableRoundingAmount") else Decimal(0)
    assert ubl.amount(f"{monetary}/cbc:PayableAmount") == ubl.amount(f"{monetary}/cbc:TaxInclusiveAmount") + rounding


def test_br_co_17_vat_of_each_category_is_its_taxable_amount_times_its_rate_rounded(ubl):
    for subtotal in ubl.all("cac:TaxTotal/cac:TaxSubtotal"):
        taxable, rate = ubl.amount("cbc:TaxableAmount", subtotal), ubl.amount("cac:TaxCategory/cbc:Percent", subtotal)
        expected = (abs(taxable) * rate / 100).quantize(CENT, ROUND_HALF_UP)
        assert abs(ubl.amount("cbc:TaxAmount", subtotal)) == expected


def test_br_co_18_there_is_a_vat_breakdown(ubl):
    assert ubl.exists("cac:TaxTotal/cac:TaxSubtotal")


def test_br_co_25_an_amount_due_comes_with_a_due_date_or_payment_terms(ubl):
    if ubl.amount("cac:LegalMonetaryTotal/cbc:PayableAmount") > 0:
        assert ubl.exists("cbc:DueDate") or ubl.text("cac:PaymentTerms/cbc:Note").strip()


def test_br_co_09_and_br_co_26_vat_numbers_start_with_a_country_and_the_seller_is_identified(ubl):
    for company in ubl.all("//cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID"):
        assert company.text[:2].isalpha() and company.text[:2].isupper()
    assert ubl.exists("cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID")


def test_br_dec_amounts_have_at_most_two_decimals(ubl):
    amounts = ubl.all("//cbc:*[@currencyID][not(self::cbc:PriceAmount)]")
    assert amounts and all(len(element.text.partition(".")[2]) <= 2 for element in amounts)


def test_br_45_to_48_each_vat_breakdown_has_taxable_amount_vat_category_and_rate(ubl):
    for subtotal in ubl.all("cac:TaxTotal/cac:TaxSubtotal"):
        assert ubl.exists("cbc:TaxableAmount", subtotal) and ubl.exists("cbc:TaxAmount", subtotal)
        assert ubl.text("cac:TaxCategory/cbc:ID", subtotal) in ("S", "AE", "G", "E")
        assert ubl.text("cac:TaxCategory/cac:TaxScheme/cbc:ID", subtotal) == "VAT"
        assert ubl.amount("cac:TaxCategory/cbc:Percent", subtotal) >= 0


def test_br_e_exempt_lines_have_a_breakdown_of_their_own_at_zero_with_a_reason_beside_the_invoices(ubl):
    exempt = _by_category(ubl, "E")
    subtotals = _subtotals(ubl, "E")
    if not exempt:
        assert subtotals == []
        return
    [subtotal] = subtotals  # BR-E-08: the exempt lines' sum, no VAT, a reason (BR-E-10)
    assert ubl.amount("cbc:TaxableAmount", subtotal) == sum(ubl.amount("cbc:LineExtensionAmount", line)
                                                            for line in exempt)
    assert ubl.amount("cbc:TaxAmount", subtotal) == 0 and ubl.amount("cac:TaxCategory/cbc:Percent", subtotal) == 0
    assert ubl.text("cac:TaxCategory/cbc:TaxExemptionReason", subtotal).strip()
    assert not _subtotals(ubl, "O")  # BR-O-11: category O could not stand beside the invoice's own


def test_br_49_br_50_br_61_a_credit_transfer_names_the_account_to_pay_to(ubl):
    if ubl.credit:
        assert not ubl.exists("cac:PaymentMeans")
        return
    means = ubl.one("cac:PaymentMeans")
    assert ubl.text("cbc:PaymentMeansCode", means) == "30"
    assert ubl.text("cac:PayeeFinancialAccount/cbc:ID", means)


def test_br_53_a_vat_accounting_currency_comes_with_the_vat_in_that_currency(ubl):
    for currency in ubl.all("cbc:TaxCurrencyCode"):
        assert ubl.exists(f"cac:TaxTotal/cbc:TaxAmount[@currencyID='{currency.text}']")


def test_br_55_a_credit_note_names_the_invoice_it_credits_and_an_invoice_only_the_one_it_replaces(ubl):
    replaces = ubl.exists("cbc:Note") and ubl.text("cbc:Note").startswith("Ersätter faktura")
    if ubl.credit or replaces:  # BG-3, the preceding invoice: credited, or credited in full and invoiced anew
        assert ubl.text("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID").startswith("F")
        assert ubl.text("cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate")
    else:
        assert not ubl.exists("cac:BillingReference")


def test_br_62_br_63_electronic_addresses_carry_a_scheme(ubl):
    for party in ("cac:AccountingSupplierParty", "cac:AccountingCustomerParty"):
        assert ubl.one(f"{party}/cac:Party/cbc:EndpointID").get("schemeID")


def _category_rules(ubl: Ubl, code: str, *, rate_is_zero: bool) -> None:
    lines, subtotals = _by_category(ubl, code), _subtotals(ubl, code)
    if not lines:
        assert not subtotals
        return
    assert len(subtotals) == 1  # BR-x-01
    assert ubl.exists("cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']")
    subtotal = subtotals[0]
    rate = ubl.amount("cac:TaxCategory/cbc:Percent", subtotal)
    assert (rate == 0) is rate_is_zero  # BR-x-05/06/07
    for line in lines:
        assert ubl.amount("cac:Item/cac:ClassifiedTaxCategory/cbc:Percent", line) == rate
    assert ubl.amount("cbc:TaxableAmount", subtotal) == sum(  # BR-x-08, to the öre
        ubl.amount("cbc:LineExtensionAmount", line) for line in lines)


def test_br_s_01_to_10_standard_rate_breakdown_matches_its_lines_and_gives_no_exemption(ubl):
    _category_rules(ubl, "S", rate_is_zero=False)
    for subtotal in _subtotals(ubl, "S"):
        taxable, rate = ubl.amount("cbc:TaxableAmount", subtotal), ubl.amount("cac:TaxCategory/cbc:Percent", subtotal)
        assert ubl.amount("cbc:TaxAmount", subtotal) == (taxable * rate / 100).quantize(CENT, ROUND_HALF_UP)  # S-09
        assert not ubl.exists("cac:TaxCategory/cbc:TaxExemptionReason", subtotal)  # BR-S-10
        assert not ubl.exists("cac:TaxCategory/cbc:TaxExemptionReasonCode", subtotal)


def test_br_ae_01_to_10_reverse_charge_names_both_vat_numbers_charges_nothing_and_says_why(ubl):
    _category_rules(ubl, "AE", rate_is_zero=True)
    for subtotal in _subtotals(ubl, "AE"):
        assert ubl.exists("cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']")
        assert ubl.amount("cbc:TaxAmount", subtotal) == 0
        assert ubl.text("cac:TaxCategory/cbc:TaxExemptionReasonCode", subtotal) == "VATEX-EU-AE"
        assert ubl.text("cac:TaxCategory/cbc:TaxExemptionReason", subtotal).strip()


def test_br_g_01_to_10_outside_the_eu_charges_nothing_and_says_why(ubl):
    _category_rules(ubl, "G", rate_is_zero=True)
    for subtotal in _subtotals(ubl, "G"):
        assert ubl.amount("cbc:TaxAmount", subtotal) == 0
        assert ubl.text("cac:TaxCategory/cbc:TaxExemptionReasonCode", subtotal) == "VATEX-EU-G"
        assert "utanför EU" in ubl.text("cac:TaxCategory/cbc:TaxExemptionReason", subtotal)


@pytest.mark.parametrize(("example", "category"), [
    ("invoice", "S"), ("credit_note", "S"), ("eur_swedish_vat", "S"), ("reverse_charge", "AE"), ("outside_eu", "G"),
])
def test_each_vat_treatment_is_its_own_category(example, category):
    ubl = Ubl.of(ALL_EXAMPLES[example]())
    assert [ubl.text("cac:TaxCategory/cbc:ID", subtotal) for subtotal in ubl.all("cac:TaxTotal/cac:TaxSubtotal")] == [
        category]
