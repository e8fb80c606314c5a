"""The README's production steps, followed in a clean clone of the repository (no `make`), give Swedish invoices.

The clone has no compiled catalogues (they are not in git): the steps must compile them, and without that step
production must refuse to start, naming it. The clone uses this interpreter and its packages (`sys.executable`),
as the shared venv stands in for `pip install -r requirements.txt`.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ledger.config import ROOT
from tests.services.invoice_helpers import pdf_text

pytestmark = pytest.mark.slow

COMPILE_STEP = "python -m ledger.translations compile"
SELLER = {
    "SELLER_NAME": "Servicekonto Prov AB", "SELLER_ADDRESS": "Drottninggatan 1\n111 51 Stockholm",
    "SELLER_ORG_NUMBER": "559876-5435", "SELLER_VAT_NUMBER": "SE559876543501", "SELLER_BANKGIRO": "505-0125",
    "SELLER_EMAIL": "faktura@prov.example", "SELLER_SEAT": "Styrelsens säte: Stockholm",
    "SELLER_IBAN": "SE45 5000 0000 0583 9825 7466", "SELLER_BIC": "ESSESESS",
}


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A fresh clone of the commit under test: only what is in git, so no .mo files and no instance/."""
    target = tmp_path / "servicekonto"
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(target)], check=True)
    subprocess.run(["git", "-C", str(target), "checkout", "--quiet", head], check=True)
    assert not list(target.glob("translations/*/LC_MESSAGES/messages.mo")), "compiled catalogues are not in git"
    return target


@pytest.fixture
def production(clone: Path, tmp_path: Path):
    """Run a command in the clone with production settings, as the README's production section sets them."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("SERVICEKONTO_", "FLASK_", "SELLER_", "TEST_DATABASE"))}
    environment.update(SELLER, SERVICEKONTO_ENV="production", SECRET_KEY="x" * 64,
                       DATABASE_URL=f"sqlite:///{tmp_path / 'production.db'}")

    def run(*args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, *args], cwd=clone, env=environment, input=stdin, text=True,
                                capture_output=True, timeout=300)
        if check:
            assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
        return result

    run.environment = environment  # type: ignore[attr-defined]
    return run


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, token: str) -> bytes:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.read()


def test_production_refuses_to_start_without_compiled_catalogues_and_names_the_step(production, clone):
    refused = production("-m", "flask", "db", "upgrade", check=False)
    assert refused.returncode != 0
    assert COMPILE_STEP in refused.stderr and "English" in refused.stderr
    production("-m", "ledger.translations", "compile")  # (that it then starts is the next test's first step)
    po = clone / "translations/sv/LC_MESSAGES/messages.po"
    later = po.with_suffix(".mo").stat().st_mtime + 10
    os.utime(po, (later, later))  # an updated .po that was not compiled again
    stale = production("-m", "flask", "db", "upgrade", check=False)
    assert stale.returncode != 0 and COMPILE_STEP in stale.stderr and "sv" in stale.stderr


def test_the_readme_production_steps_give_a_swedish_customer_a_swedish_invoice(production, clone):
    production("-m", "ledger.translations", "compile")
    production("-m", "flask", "db", "upgrade")
    production("-m", "flask", "users", "create", "admin@prov.example", "--role", "admin", "--name", "Anna Berg", stdin="ett långt lösenord\n")
    production("-m", "flask", "demo")  # Swedish and English customers with last month's work
    period = production("-c", "from ledger.domain.periods import local_date, period_of; from datetime import datetime, "
                        "timezone; print(period_of(local_date(datetime.now(timezone.utc))).previous())").stdout.strip()
    production("-m", "flask", "invoices", "run", "--period", period, "--issue", "--workers", "1")
    token = production("-m", "flask", "users", "token", "admin@prov.example").stdout.strip().splitlines()[-1]

    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
                               "app:app"], cwd=clone, env=production.environment,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                _get(f"{base}/api/v1/health", token)
                break
            except OSError:
                time.sleep(0.1)
        invoices = json.loads(_get(f"{base}/api/v1/invoices?period={period}&status=issued", token))
        swedish = next(invoice for invoice in invoices if invoice["language"] == "sv")
        text = pdf_text(_get(f"{base}/api/v1/invoices/{swedish['id']}/pdf", token))
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()  # type: ignore[union-attr]
    assert "Fakturanummer" in text and "Fakturadatum" in text
    assert "Invoice number" not in text
