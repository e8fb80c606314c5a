"""Issued PDFs read back: every field Swedish law requires, in Swedish and English, PDF/A with embedded fonts,
and user text that can neither inject markup nor make the renderer read a file."""
import io
import re
import socket

from pypdf import PdfReader

from ledger.documents.pdf import RefusingFetcher, html_to_pdf
from ledger.domain.billing.exchange_rates import vat_sek_minor
from ledger.domain.billing.invoicing import is_valid_ocr
from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import credit_invoice, issue_invoice
from ledger.services.billing.reads import invoice_pdf
from ledger.services.billing.runs import run_invoices
from tests.services.invoice_helpers import AFTER_OCTOBER, OCTOBER_DAY, log_work, pdf_text, pypdf_text

OCTOBER = Period(2026, 10)


def issued_pdf(customer):
    draft = next(i for i in run_invoices(OCTOBER, actor=SYSTEM).created if i.customer_id == customer.id)
    invoice = issue_invoice(draft.id, actor=SYSTEM)
    return invoice, invoice_pdf(invoice.id, actor=SYSTEM).content


SWEDISH_FIELDS = [
    "Faktura", "Fakturanummer F1001", "Faktura F1001 · Sida 1 av 2", "Fakturadatum 2026-11-02", "Förfallodatum 2026-12-02", "OCR-nummer 100164",
    "Period 2026-10-01 – 2026-10-31", "Er referens Karin Ek",
    "Servicekonto Demo AB", "Drottninggatan 1", "111 51 Stockholm", "Org.nr 559876-5435",
    "Momsreg.nr SE559876543501", "Godkänd för F-skatt",
    "Testbolaget AB", "Storgatan 12", "111 22 Stockholm",
    "Månadsavgift 2026-10", "Timpaket 2 tim, köpt 2026-10-06", "Timmar utöver förbetalt saldo per 2026-10-31",
    "90 min", "950,00 kr/tim", "1 425,00 kr", "À-pris exkl. moms", "1 mån", "1 499,00 kr/mån",
    "Underlag för moms 25 % 4 824,00 kr", "Moms 25 % 1 206,00 kr", "Att betala 6 030,00 kr",
    "Bankgiro: 505-0125", "Betalningsvillkor: 30 dagar netto", "dröjsmålsränta",
    "Specifikation av utfört arbete 2026-10", "Installerade integrationen", "Debiterat servicekontot",
    "Patchade servern", "Ingår i månadsavgiften",
]
ENGLISH_FIELDS = [
    "Invoice", "Invoice number F1001", "Invoice F1001 · Page 2 of 2", "Invoice date 2026-11-02", "Due date 2026-12-02", "OCR reference 100164",
    "Service period 2026-10-01 – 2026-10-31", "Your reference Karin Ek",
    "Org. no. 559876-5435", "VAT no. SE559876543501", "Approved for F-tax",
    "Monthly fee 2026-10", "Hour package 2 h, bought 2026-10-06", "Hours beyond the prepaid balance at 2026-10-31",
    "90 min", "SEK 950.00/h", "SEK 1,425.00", "Unit price excl. VAT", "Taxable amount at 25 % SEK 4,824.00", "VAT 25 % SEK 1,206.00",
    "Amount to pay SEK 6,030.00", "Payment terms: 30 days net", "Late payment interest",
    "Specification of work 2026-10", "Debited to the service account", "Included in the monthly fee",
]


def test_a_swedish_invoice_carries_every_required_field(october):
    invoice, content = issued_pdf(october(language="sv"))
    text = (pdf_text(content))
    missing = [field for field in SWEDISH_FIELDS if field not in text]
    assert missing == []
    ocr = re.search(r"OCR-nummer (\d+)", text).group(1)
    assert ocr == invoice.ocr and is_valid_ocr(ocr)


def test_an_english_invoice_carries_every_required_field(october):
    _invoice, content = issued_pdf(october(language="en"))
    text = (pdf_text(content))
    assert [field for field in ENGLISH_FIELDS if field not in text] == []
    assert "Faktura" not in text


def test_every_page_of_a_two_page_invoice_carries_its_number_and_page_and_no_rule_id_is_printed(october):
    invoice, content = issued_pdf(october())
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    assert len(pages) == 2
    for number, page in enumerate(pages, start=1):
        assert f"Faktura F{invoice.number} · Sida {number} av 2" in page
    text = pdf_text(content)
    assert "debited.installation_training" not in text and "included.hosting" not in text
    assert "Debiterat servicekontot" in text  # the reason is printed, the rule id is not


def test_pypdf_reads_the_same_amounts_as_pdftotext(october):
    _invoice, content = issued_pdf(october())
    assert "6 030,00 kr" in pypdf_text(content) and "100164" in pypdf_text(content)


def test_the_pdf_is_pdf_a_3b_with_its_fonts_embedded(october):
    _invoice, content = issued_pdf(october())
    reader = PdfReader(io.BytesIO(content))
    metadata = reader.xmp_metadata
    assert metadata is not None
    xml = metadata.stream.get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(?:>|=\")3", xml) and re.search(r"pdfaid:conformance(?:>|=\")B", xml)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor, "font not embedded"
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVu" in font for font in fonts)
    assert "Åsa" in pdf_text(issued_pdf(october(name="Åsa Örn Ägare AB", org_number="559012-3450"))[1])


def test_an_eu_business_is_invoiced_with_reverse_charge_and_both_vat_numbers(october):
    customer = october(name="Berliner Datenwerk GmbH", country="DE", org_number="HRB 123456 B",
                       vat_number="DE136695976", currency="EUR", language="en", hourly_rate="95.00", monthly_fee="149.00")
    invoice, content = issued_pdf(customer)
    text = (pdf_text(content))
    assert (invoice.vat_rate_bp, invoice.vat_minor, invoice.ocr) == (0, 0, None)
    for field in ("Reverse charge", "VAT no. DE136695976", "VAT no. SE559876543501", "VAT 0 % EUR 0.00",
                  "IBAN: SE45 5000 0000 0583 9825 7466", "BIC: ESSESESS", "Reference: F1001", "Germany"):
        assert field in text, field
    assert text.count("Germany") == 2  # once in the reading, once in the layout text
    assert "OCR" not in text


def test_a_swedish_reverse_charge_invoice_says_omvand_betalningsskyldighet(october):
    customer = october(name="Helsinki Oy", country="FI", org_number="2077474-0", vat_number="FI20774740", currency="EUR")
    _invoice, content = issued_pdf(customer)
    assert "Omvänd betalningsskyldighet" in pdf_text(content)


def test_a_customer_outside_the_eu_gets_the_outside_the_eu_text(october):
    customer = october(name="Fjordline AS", country="NO", org_number="987 654 321", currency="EUR", language="en",
                       hourly_rate="105.00", monthly_fee="179.00")
    invoice, content = issued_pdf(customer)
    text = (pdf_text(content))
    assert invoice.vat_rate_bp == 0 and "Norway" in text
    assert "The place of supply is outside the EU because the buyer is a taxable person established outside the EU" in text


def test_a_credit_note_pdf_names_the_invoice_it_credits(october):
    invoice, _content = issued_pdf(october())
    note = credit_invoice(invoice.id, "Fel timpris", actor=SYSTEM)
    text = (pdf_text(invoice_pdf(note.id, actor=SYSTEM).content))
    assert "Kreditfaktura" in text and f"Kreditfakturanummer F{note.number}" in text
    assert "Kreditering av faktura nr F1001, fakturadatum 2026-11-02" in text and "Fakturanummer" not in text
    assert "Orsak: Fel timpris" in text and "Summa krediterat \u22126 030,00 kr" in text


def test_user_text_is_printed_literally_and_no_file_is_read(october, freeze_clock, monkeypatch):
    fetched = []
    original_fetch = RefusingFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original_fetch(self, url, headers)

    monkeypatch.setattr(RefusingFetcher, "fetch", spy)
    customer = october()
    freeze_clock(OCTOBER_DAY)
    log_work(customer.id, "qualified_help", 15, '<img src="file:///etc/hostname"><b>x</b>')
    freeze_clock(AFTER_OCTOBER)
    _invoice, content = issued_pdf(customer)
    text = pdf_text(content)
    assert '<img src="file:///etc/hostname"><b>x</b>' in text.replace("/etc/ hostname", "/etc/hostname")
    assert fetched == [], "the escaped markup must not even be fetched"
    assert socket.gethostname() not in text


def test_the_renderer_refuses_file_and_network_urls_even_in_markup():
    fetcher = RefusingFetcher()
    html = ('<html><body><p>x</p><img src="file:///etc/hostname"><img src="http://127.0.0.1:9/a.png">'
            '<link rel="stylesheet" href="https://example.com/a.css"></body></html>')
    content = html_to_pdf(html, fetcher)
    assert set(fetcher.refused) == {"file:///etc/hostname", "http://127.0.0.1:9/a.png", "https://example.com/a.css"}
    assert socket.gethostname() not in pdf_text(content)


def test_an_eur_invoice_with_swedish_vat_states_the_vat_in_sek_with_the_rate_and_its_date(october):
    invoice, content = issued_pdf(october(country="FI", currency="EUR", org_number="2077474-0", language="sv"))
    assert invoice.vat_sek_minor == vat_sek_minor(invoice.vat_minor, 11_483_500) and invoice.vat_sek_minor > 0
    kronor, ore = divmod(invoice.vat_sek_minor, 100)
    text = pdf_text(content)
    assert "Moms i SEK enligt Riksbankens kurs 11,4835 SEK/EUR den 2020-01-02" in text
    assert f"{kronor:,}".replace(",", " ") + f",{ore:02d} kr" in text.replace("\xa0", " ")


def test_an_english_eur_invoice_writes_amounts_with_the_code_first(october):
    _invoice, content = issued_pdf(october(country="FI", currency="EUR", org_number="2077474-0", language="en",
                                           monthly_fee="149.99"))
    text = pdf_text(content)
    assert "EUR 149.99" in text and "VAT in SEK at the Riksbank's rate 11.4835 SEK/EUR of 2020-01-02" in text


def test_the_buyer_country_is_printed_once_when_the_address_ends_with_it(october):
    customer = october(name="Fjord Data AS", country="NO", org_number="974760673",
                       address="Karl Johans gate 1\n0154 Oslo\nNorge")
    _invoice, content = issued_pdf(customer)
    reading = pdf_text(content).split("\n")[0]
    assert reading.count("Norge") == 1
    swedish = pdf_text(issued_pdf(october(name="Svensk Kund AB"))[1]).split("\n")[0]
    assert "Sverige" in swedish


def test_an_outside_eu_invoice_in_swedish_cites_the_ground(october):
    _invoice, content = issued_pdf(october(name="Fjord AS", country="NO", org_number="974760673"))
    assert "köparen är en beskattningsbar person etablerad utanför EU" in pdf_text(content)
