"""schemathesis against /api/v1/openapi.json: generated requests, valid and invalid, never get a 5xx, and
every answer matches what the document promises (status, content type, body schema).

schemathesis's own pytest plugin does not run under pytest 9, so each operation's hypothesis strategies
(valid and invalid requests) are driven here directly. Acceptance of schema-valid data is not checked:
the document cannot express every rule (an organisation number's Luhn digit), and those refusals are
documented 422s.
"""
import os

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
from ledger.services.accounts import record_purchase
from ledger.services.invoicing import run_invoices
from ledger.services.issuing import issue_invoice
from ledger.services.users import issue_token

#: Examples per operation and mode: bounded so the suite stays fast; raise it locally to fuzz harder.
MAX_EXAMPLES = int(os.environ.get("SERVICEKONTO_FUZZ_EXAMPLES", "12"))
#: The same examples on every run, so that CI is repeatable; SERVICEKONTO_FUZZ_RANDOM=1 explores new ones.
DERANDOMIZE = not os.environ.get("SERVICEKONTO_FUZZ_RANDOM")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


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
