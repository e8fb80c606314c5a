"""Shared set-up for invoicing tests: a customer with a month of work, and reading PDFs back."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from typing import Any

import pytest
from pypdf import PdfReader

from ledger.models import Customer
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.work.tasks import record_task
from tests.conftest import utc

OCTOBER_DAY = utc(2026, 10, 6, 9)
AFTER_OCTOBER = utc(2026, 11, 2, 9)


def log_work(customer_id: int, category: str, minutes: int, description: str, **facts: Any) -> None:
    from ledger.domain.periods import local_date
    from ledger.services.clock import utcnow

    record_task({"customer_id": customer_id, "category": category, "minutes": minutes, "description": description,
                 "work_date": local_date(utcnow()), **facts}, actor=SYSTEM)


@pytest.fixture
def october(make_customer, freeze_clock):
    """Factory: a customer who bought 2 h in October, used 3 h 30 min debited and 30 min included; the clock
    then stands on 2 November, so October can be invoiced."""

    def make(**terms: Any) -> Customer:
        freeze_clock(OCTOBER_DAY)
        customer = make_customer(**{"address": "Storgatan 12\n111 22 Stockholm", "invoice_reference": "Karin Ek", **terms})
        record_purchase(customer.id, 120, "1900.00" if customer.currency == "SEK" else "190.00", actor=SYSTEM)
        log_work(customer.id, "installation", 210, "Installerade integrationen")
        log_work(customer.id, "hosting", 30, "Patchade servern")
        freeze_clock(AFTER_OCTOBER)
        return customer

    return make


def pdf_text(content: bytes) -> str:
    """The PDF's text as pdftotext reads it twice: in reading order (wrapped cells joined) and in layout
    order (each table row on one line), whitespace runs as single spaces."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian package poppler-utils); `make test` installs it")
    readings = []
    for options in ([], ["-layout"]):
        result = subprocess.run(["pdftotext", *options, "-", "-"], input=content, capture_output=True, check=True)
        text = result.stdout.decode("utf-8")
        readings.append(re.sub(r"\s+", " ", text) if not options else
                        "\n".join(re.sub(r"\s+", " ", line).strip() for line in text.splitlines()))
    return "\n".join(readings)


def pypdf_text(content: bytes) -> str:
    """The PDF's text as pypdf reads it."""
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))
