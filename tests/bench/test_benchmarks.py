"""The benchmarks run and measure something (tiny sizes here; `make bench` runs them for real)."""
import os
import re

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
    assert float(figures["verify / bare fetch (check cost ratio)"]) > 0
    assert "Ledger benchmark" in capsys.readouterr().out


def test_the_pdf_benchmark_compares_rendering_issuing_and_export(capsys):
    from bench import pdf_bench

    figures = dict(pdf_bench.main(["--issue", "2", "--export", "6", "--repeat", "1"]))
    assert float(figures["invoice / bare page (render cost ratio)"]) > 1
    assert float(figures["speed-up 1 -> 2 processes (ratio)"]) > 0
    export = re.fullmatch(r"[\d.]+ s \(([\d.]+) MB\)", figures["export 6 archived PDFs to zip"])
    assert export is not None and float(export.group(1)) > 0.05  # six real PDFs written, not an empty zip
    assert "PDF benchmark" in capsys.readouterr().out


def test_the_api_benchmark_loads_gunicorn_with_wrk_and_compares_endpoints():
    import shutil

    from bench import api_bench

    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (Debian package wrk); `make test` installs it as root")
    figures = dict(api_bench.run(None, seconds=1, connections=2))
    assert "req/s" in figures["POST /api/v1/tasks, 5 accounts"] and "p99" in figures["GET /api/v1/health"]
    assert "req/s" in figures["POST /api/v1/tasks, 1 hot account"]
    assert 0 < float(figures["tasks 5 accounts / trivial (ratio)"]) < 1
    assert 0 < float(figures["tasks 1 account / trivial (ratio)"]) < 1
    assert figures["ledger verify afterwards"].startswith("OK")


def test_wrk_output_is_read_into_rate_and_percentiles():
    from bench.api_bench import parse_wrk

    sample = """Running 1s test @ http://127.0.0.1:1/
  Latency Distribution
     50%  812.00us
     75%    1.10ms
     90%    1.40ms
     99%    2.50ms
  1234 requests in 1.00s, 300.00KB read
Requests/sec:   1230.55
"""
    assert parse_wrk(sample) == {"rps": 1230.55, "p50": 0.812, "p99": 2.5}


def test_the_scale_benchmark_times_a_big_account_and_a_month(capsys):
    from bench import scale_bench

    figures = dict(scale_bench.main(["--entries", "3000", "--customers", "3"]))
    assert float(figures["balance read ratio (~1 = O(1))"]) > 0
    assert figures["ledger verify, 3,010 entries"].endswith("/s)")
    assert figures["invoice run 2026-10: 5 drafts"].endswith("/s)")
    assert "Scale benchmark" in capsys.readouterr().out


@pytest.mark.parametrize("url", ENGINE_URLS, ids=lambda url: "postgresql" if url else "sqlite")
def test_the_sla_benchmark_compares_the_sla_state_of_open_cases_with_a_plain_list(url, capsys):
    from bench import sla_bench

    figures = dict(sla_bench.main(["--cases", "60", "--repeat", "1"] + (["--database-url", url] if url else [])))
    assert figures["plain list of 60 open cases"].endswith(" ms")
    assert float(figures["sla / plain (ratio)"]) > 0
    assert float(figures["first read / plain (ratio)"]) > 0
    assert "SLA benchmark" in capsys.readouterr().out


@pytest.mark.parametrize("url", ENGINE_URLS, ids=lambda url: "postgresql" if url else "sqlite")
def test_the_sla_report_benchmark_compares_the_report_across_customers_with_a_plain_read(url, capsys):
    from bench import sla_report_bench

    figures = dict(sla_report_bench.main(["--cases", "40", "--repeat", "1"] + (["--database-url", url] if url else [])))
    assert figures["plain read of 40 cases of the month"].endswith(" ms")
    assert float(figures["report / plain (ratio)"]) > 0 and float(figures["first read / plain (ratio)"]) > 0
    assert figures["XLSX of the report"].endswith(" ms")
    assert "SLA report benchmark" in capsys.readouterr().out


def test_the_jobs_benchmark_issues_through_worker_processes_and_measures_the_mail_window(capsys):
    from bench import jobs_bench

    figures = dict(jobs_bench.main(["--issue", "3", "--month-end", "4", "--messages", "3"]))
    assert float(figures["speed-up 1 -> 2 workers (ratio)"]) > 0
    assert figures["month end 4 customers: end to end"].endswith(" s")
    assert "median" in figures["mail window acceptance -> commit (3 mails)"]
    assert "Jobs benchmark" in capsys.readouterr().out


@pytest.mark.parametrize("url", ENGINE_URLS, ids=lambda url: "postgresql" if url else "sqlite")
def test_the_mail_benchmark_compares_receiving_with_the_bare_parse(url, capsys):
    from bench import mail_bench

    figures = dict(mail_bench.main(["--messages", "10"] + (["--database-url", url] if url else [])))
    assert figures["messages (new cases + replies)"].startswith("4 + 6")
    assert figures["outcomes"] == "4 new_case, 6 reply"
    assert figures["receive_message, all"].endswith(" msg/s")
    assert 0 < float(figures["receive / bare parse (ratio, goal >= 0.3)"]) < 1
    assert "Mail benchmark" in capsys.readouterr().out


def test_the_reports_benchmark_compares_the_xlsx_download_with_the_library_alone(capsys):
    from bench import reports_bench

    figures = dict(reports_bench.main(["--tasks", "300", "--repeat", "1"]))
    assert figures["engine"] == "sqlite"
    assert re.fullmatch(r"[\d.]+ s, CPU [\d.]+ s \([\d.]+ MB\)", figures["report of 300 tasks as XLSX (HTTP)"])
    assert float(figures["report / library alone (ratio)"]) > 0
    assert float(figures["report / library alone, CPU (ratio)"]) > 0
    assert figures["summary of 300 tasks (page, JSON)"].endswith(" ms")
    assert "Hours report benchmark" in capsys.readouterr().out


def test_the_bgmax_benchmark_imports_a_file_in_a_few_statements(capsys):
    from bench import bgmax_bench

    figures = dict(bgmax_bench.main(["--payments", "30", "--invoices", "2"]))  # both engines: test_bgmax_batches
    assert figures["import 30 payments (20 matched, 10 unmatched)"].endswith("/s)")
    assert int(figures["SQL statements for the import"]) <= 8  # not one round trip per payment
    assert "BgMax benchmark" in capsys.readouterr().out


def test_the_books_benchmark_times_the_sie_export_against_a_bare_read(capsys):
    from bench import books_bench

    figures = dict(books_bench.main(["--customers", "4", "--history", "100", "--repeat", "1"]))
    assert figures["engine"] == "sqlite"
    assert re.fullmatch(r"[\d,]+ ms", figures["SIE export 2026-11: 4 customers, 5 vouchers"])
    assert figures["recognition voucher rows"] == "8"  # a pair per customer
    assert float(figures["export / bare read (ratio)"]) > 0
    assert float(figures["with history / without (ratio, ~1 = the past costs nothing)"]) > 0
    assert "Books benchmark" in capsys.readouterr().out
