"""The benchmarks run and measure something (tiny sizes here; `make bench` runs them for real)."""
import os

import pytest

from bench import ledger_bench

ENGINE_URLS = [None] + ([os.environ["TEST_DATABASE_URL"]] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.mark.parametrize("url", ENGINE_URLS, ids=lambda url: "postgresql" if url else "sqlite")
def test_the_ledger_benchmark_reports_rates_and_ratios(url, capsys):
    figures = dict(ledger_bench.main(["--appends", "20", "--entries", "200"] + (["--database-url", url] if url else [])))
    assert figures["engine"] == ("postgresql" if url else "sqlite")
    assert float(figures["service / bare (append cost ratio)"]) > 0
    assert float(figures["balance read ratio 200 / 10 (~1 = O(1))"]) > 0
    assert float(figures["tasks / bare (task cost ratio)"]) > 0
    assert figures["ledger verify (250 entries)"].endswith("entries/s")
    assert "Ledger benchmark" in capsys.readouterr().out


def test_the_pdf_benchmark_compares_rendering_issuing_and_export(capsys):
    from bench import pdf_bench

    figures = dict(pdf_bench.main(["--issue", "2", "--export", "6", "--repeat", "1"]))
    assert float(figures["invoice / bare page (render cost ratio)"]) > 1
    assert float(figures["speed-up 1 -> 2 processes (ratio)"]) > 0
    assert figures["export 6 archived PDFs to zip"].endswith("MB)")
    assert "PDF benchmark" in capsys.readouterr().out
