"""`flask mail receive` (an MTA's pipe) and `flask mail fetch` (the IMAP mailbox) as an operator wires them up."""
from __future__ import annotations

import json

import pytest

from ledger import create_app
from tests.conftest import app_config
from tests.mail_messages import mail_bytes


def test_receive_reads_a_message_on_stdin_and_prints_what_became_of_it(runner, desk):
    raw = mail_bytes()
    first = runner.invoke(args=["mail", "receive"], input=raw)
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["outcome"] == "new_case"
    again = runner.invoke(args=["mail", "receive"], input=raw)
    assert (again.exit_code, json.loads(again.output)["outcome"]) == (0, "duplicate")
    ignored = runner.invoke(args=["mail", "receive"], input=mail_bytes(headers={"Auto-Submitted": "auto-replied"}))
    assert (ignored.exit_code, json.loads(ignored.output)) == (0, {"outcome": "ignored", "inbox_id": 1,
                                                                    "reason": "automatic"})


@pytest.mark.parametrize("url", ["sqlite:////nonexistent-servicekonto-dir/mail.db",
                                 "postgresql+psycopg://postgres@127.0.0.1:9/test?connect_timeout=2"])
def test_receive_exits_75_so_that_the_mta_retries_when_the_database_cannot_be_reached(url):
    app = create_app(app_config(url))
    result = app.test_cli_runner().invoke(args=["mail", "receive"], input=mail_bytes())
    assert result.exit_code == 75
    assert "not stored, try again later" in result.output


def test_fetch_says_what_to_set_without_an_imap_url_and_receives_with_one(runner, app, desk, imap_server):
    app.config["MAIL_IMAP_URL"] = None
    refused = runner.invoke(args=["mail", "fetch"])
    assert refused.exit_code == 1 and "Set MAIL_IMAP_URL" in refused.output
    imap_server.empty()
    imap_server.deliver(mail_bytes(), mail_bytes(sender="x@okand.example"))
    app.config["MAIL_IMAP_URL"] = imap_server.url
    fetched = runner.invoke(args=["mail", "fetch"])
    assert fetched.exit_code == 0, fetched.output
    assert fetched.output.strip() == "received: 1 inbox, 1 new_case; 2 moved; 0 left for the next fetch."
