"""Refusals carry a stable code, the field and parameters; the English text is filled from the code's template."""
from datetime import date

import pytest

from ledger.domain import problems
from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.problems import LEGACY_CODE, Problem, define_messages, fill, registered_messages


@pytest.fixture(autouse=True)
def scratch_registry(monkeypatch):
    """Codes these tests define stay out of the real registry (which the translation test walks)."""
    monkeypatch.setattr(problems, "_REGISTRY", dict(problems._REGISTRY))


def test_a_field_problem_keeps_its_code_and_parameters_and_reads_as_english():
    errors = FieldErrors()
    errors.add("minutes", "out_of_range", low=1, high=1440)
    with pytest.raises(InvalidInput) as refused:
        errors.raise_if_any()
    [problem] = refused.value.problems["minutes"]
    assert (problem.code, dict(problem.params)) == ("out_of_range", {"low": 1, "high": 1440})
    assert refused.value.errors == {"minutes": ["Must be between 1 and 1440."]}
    assert "minutes: Must be between 1 and 1440" in refused.value.message


def test_a_conflict_raised_by_code_takes_its_text_from_the_template():
    define_messages({"test_case_closed": "Case %(case_id)s is closed since %(closed_on)s."})
    error = Conflict(code="test_case_closed", case_id=7, closed_on=date(2026, 11, 2))
    assert error.message == "Case 7 is closed since 2026-11-02."
    assert error.params["case_id"] == 7


def test_an_undefined_code_is_refused_loudly_so_that_no_refusal_goes_untranslated():
    with pytest.raises(ValueError, match="not defined"):
        FieldErrors().add("minutes", "no_such_code_anywhere")
    with pytest.raises(ValueError, match="not defined"):
        Conflict(code="no_such_code_anywhere")


def test_a_code_cannot_be_redefined_with_another_text():
    define_messages({"test_twice": "One text."})
    define_messages({"test_twice": "One text."})
    with pytest.raises(ValueError, match="already defined"):
        define_messages({"test_twice": "Another text."})


def test_an_english_sentence_is_still_accepted_under_the_legacy_code():
    problem = Problem.of("Describe the work done.")
    assert (problem.code, problem.english) == (LEGACY_CODE, "Describe the work done.")


def test_minutes_parameters_read_as_hours_and_unknown_placeholders_stay_visible():
    assert fill("needs %(needed_minutes)s, has %(other)s", {"needed_minutes": 90}) == "needs 1 h 30 min, has %(other)s"


def test_the_shared_codes_are_registered():
    assert {"required", "too_long", "out_of_range", "one_of", "invalid_input"} <= set(registered_messages())
