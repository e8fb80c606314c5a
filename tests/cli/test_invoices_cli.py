"""`flask invoices run|export` as finance runs them from a terminal."""
import zipfile

from ledger.extensions import db
from ledger.models import Invoice


def test_run_with_issue_drafts_and_issues_the_month(runner, october):
    october(name="Ett AB")
    october(name="Två AB", org_number="559012-3450")
    result = runner.invoke(args=["invoices", "run", "--period", "2026-10", "--issue", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "2 drafts created" in result.output and "Issued 2 invoices, numbers F1001–F1002." in result.output
    again = runner.invoke(args=["invoices", "run", "--period", "2026-10"])
    assert "0 drafts created, 2 already there" in again.output
    assert db.session.query(Invoice).filter_by(status="issued").count() == 2


def test_export_writes_the_zip(runner, october, tmp_path):
    october()
    runner.invoke(args=["invoices", "run", "--period", "2026-10", "--issue", "--workers", "1"])
    out = tmp_path / "oktober.zip"
    result = runner.invoke(args=["invoices", "export", "--period", "2026-11", "--out", str(out)])  # issued in November
    assert result.exit_code == 0 and "Wrote 1 PDFs" in result.output
    assert sorted(zipfile.ZipFile(out).namelist()) == ["F1001.pdf", "F1001.xml", "summary-2026-11.csv"]


def test_a_bad_period_is_refused_with_a_clear_message(runner):
    result = runner.invoke(args=["invoices", "run", "--period", "oktober"])
    assert result.exit_code == 2 and "write it as YYYY-MM" in result.output
