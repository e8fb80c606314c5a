"""schemathesis against /api/v1/openapi.json: generated requests, valid and invalid, never get a 5xx, and
every answer matches what the document promises (status, content type, body schema).

schemathesis's own pytest plugin does not run under pytest 9, so each operation's hypothesis strategies
(valid and invalid requests) are driven here directly. Acceptance of schema-valid data is not checked:
the document cannot express every rule (an organisation number's Luhn digit), and those refusals are
documented 422s.
"""
import os
import re
from urllib.parse import quote

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.billing.issuing import issue_invoice
from ledger.services.billing.runs import run_invoices
from ledger.services.people.tokens import issue_token

#: Examples per operation and mode: bounded so the suite stays fast; raise it locally to fuzz harder.
MAX_EXAMPLES = int(os.environ.get("SERVICEKONTO_FUZZ_EXAMPLES", "12"))
#: The same examples on every run, so that CI is repeatable; SERVICEKONTO_FUZZ_RANDOM=1 explores new ones.
DERANDOMIZE = not os.environ.get("SERVICEKONTO_FUZZ_RANDOM")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
#: Mail posted to POST /mail/inbound (message/rfc822) goes as raw bytes, like any binary body.
schemathesis.serializer.alias("message/rfc822", "application/octet-stream")


@pytest.fixture
def seeded(app, october):
    """Data for generated ids to hit: customers 1-2 with October's work, a draft and an issued invoice."""
    first = october(name="Fuzz AB")
    october(name="Fuzz Två AB", org_number="559012-3450")
    record_purchase(first.id, 600, "9000.00", actor=SYSTEM)
    drafts = run_invoices(Period(2026, 10), actor=SYSTEM).created
    issue_invoice(drafts[0].id, actor=SYSTEM)


def test_no_request_gets_a_server_error_or_an_undocumented_answer(app, seeded, make_user):
    headers = {"Authorization": f"Bearer {issue_token(make_user('admin').email)}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20, "every documented operation is fuzzed"
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=DERANDOMIZE,
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(mode))
            def check(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                check()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, f"{operation.label}: no valid request could be generated"
                # An operation without parameters or body (GET /health) has no invalid request to send.
            except Exception as failure:
                raise AssertionError(f"{operation.label} ({mode.value}): {failure}") from failure


# Shapes a red-team run sent by hand: each answered 500 somewhere before. Every documented operation gets each
# shape in each place it takes input; the answer is a 4xx, and a value no database can store is a 422 naming
# its field.
UNSTORABLE_TEXT = {"nul": '"a\\u0000b"', "lone surrogate": '"\\ud800"'}
HUGE_NUMBER = "9" * 5000
ODD_DIGITS = ("²", "١٠٠", "٣", HUGE_NUMBER)
ODD_DATES = ("0001-01-01", "9999-12-31")


def _operations(client, headers):
    document = client.get("/api/v1/openapi.json", headers=headers).get_json()
    schemas = document["components"]["schemas"]
    for path, operations in document["paths"].items():
        shared = operations.get("parameters", [])
        for method, operation in operations.items():
            if method == "parameters":
                continue
            parameters = operation.get("parameters", []) + shared
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            properties = schemas[body["$ref"].rsplit("/", 1)[1]]["properties"] if body else {}
            yield method, path, parameters, properties


def _with_ids(path, value="1"):
    return re.sub(r"\{[a-z_]+\}", value, path)


def test_odd_input_in_every_body_query_header_and_path_is_a_4xx_naming_the_field(app, seeded, make_user):
    headers = {"Authorization": f"Bearer {issue_token(make_user('admin').email)}"}
    client = app.test_client()
    answers = []

    def send(method, path, field=None, **kwargs):
        answer = client.open(path, method=method.upper(), headers={**headers, **kwargs.pop("headers", {})}, **kwargs)
        assert answer.status_code < 500, f"{method.upper()} {path} {field}: {answer.status_code}"
        answers.append(answer.status_code)
        return answer

    def names(answer, field):
        body = answer.get_json()
        assert answer.status_code == 422 and field in body["errors"], (field, body)

    for method, path, parameters, properties in _operations(client, headers):
        for name in properties:
            for shape, literal in UNSTORABLE_TEXT.items():
                names(send(method, _with_ids(path), name, data=f'{{"{name}": {literal}}}',
                           content_type="application/json"), name)
            names(send(method, _with_ids(path), name, data=f'{{"{name}": {HUGE_NUMBER}}}',
                       content_type="application/json"), name)
        if properties:
            names(send(method, _with_ids(path), "body", data="[" * 1000 + "]" * 1000,
                       content_type="application/json"), "body")
        for parameter in parameters:
            where, name = parameter["in"], parameter["name"]
            if where == "path":
                for digits in ODD_DIGITS:
                    assert send(method, _with_ids(path, quote(digits)), name).status_code in (404, 405)
            elif where == "query":
                names(send(method, _with_ids(path), name, query_string={name: "a\x00b"}), name)
                for value in (*ODD_DIGITS, *ODD_DATES):
                    send(method, _with_ids(path), name, query_string={name: value})
            elif where == "header":
                names(send(method, _with_ids(path), name, headers={name: "a\x00b"},
                           data="{}", content_type="application/json"), name)
    assert len(answers) > 200


def test_the_ends_of_the_calendar_read_the_whole_ledger(app, seeded, make_user):
    headers = {"Authorization": f"Bearer {issue_token(make_user('admin').email)}"}
    answer = app.test_client().get("/api/v1/customers/1/ledger?from=0001-01-01&to=9999-12-31", headers=headers)
    assert answer.status_code == 200 and len(answer.get_json()["entries"]) >= 3
