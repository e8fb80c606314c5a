"""Errors the domain raises: values a user can act on, with a stable code for translation.

A refusal is raised by code (see ledger.domain.problems): `Conflict(code="customer_closed", customer_id=4)`
takes its English text from the code's template; an explicit message is still accepted for refusals that
have no code of their own yet.
"""
from __future__ import annotations

from typing import Any

from ledger.domain.problems import N_, Problem, define_messages, fill, is_code

MESSAGES = define_messages({
    "invalid_input": N_("Please correct the marked fields."),
    "required": N_("Missing data for required field."),
    "blank": N_("Must not be blank."),
    "too_long": N_("Must be at most %(max_length)s characters."),
    "not_text": N_("Must be text."),
    "not_whole_number": N_("Must be a whole number."),
    "out_of_range": N_("Must be between %(low)s and %(high)s."),
    "one_of": N_("Must be one of: %(choices)s."),
    "reason_required": N_("A reason is required."),
    "not_a_date": N_("Must be a date, YYYY-MM-DD."),
    "not_an_email": N_("%(value)s is not an e-mail address."),
    # Customers, refused by several services: raise these codes, do not redefine them.
    "customer_not_found": N_("Customer %(customer_id)s does not exist."),
    "customer_closed": N_("Customer %(customer_id)s is closed; its account takes no new entries."),
    "insufficient_hours": N_("Customer %(customer_id)s has %(balance_minutes)s left; this needs %(needed_minutes)s "
                             "and the account allows an overdraft of at most %(overdraft_limit_minutes)s."),
    "insufficient_hours_no_overdraft": N_("Customer %(customer_id)s has %(balance_minutes)s left; this needs "
                                          "%(needed_minutes)s and the account allows no overdraft."),
})


class DomainError(Exception):
    """A business rule refused an operation; `code` is stable, `params` fill a translated text."""

    code = "domain_error"

    def __init__(self, message: str | None = None, *, code: str | None = None, phrasing: str | None = None,
                 **params: object) -> None:
        if code is not None:
            self.code = code
        self.params = params
        #: The code whose template says this refusal: its own code, or (`phrasing=`) a more precise one while
        #: the API keeps answering the stable `code` (NotFound stays `not_found` for clients).
        self.phrasing = phrasing or self.code
        if message is None:
            if not is_code(self.phrasing):
                raise ValueError(f"refusal code {self.phrasing!r} is not defined; add it to a define_messages table")
            from ledger.domain.problems import registered_messages

            message = fill(registered_messages()[self.phrasing], params)
        super().__init__(message)
        self.message = message


def summarize(errors: dict[str, list[str]]) -> str:
    """One sentence naming each bad field: "Invalid input: minutes: Must not be zero; price: ..."."""
    parts = (f"{field}: {' '.join(problems).rstrip('.')}" for field, problems in errors.items())
    return f"Invalid input: {'; '.join(parts)}."


class InvalidInput(DomainError):
    """One or more fields of a request are wrong.

    `problems` maps each field to its coded problems; `errors` is the same in English (the API's field map).
    """

    code = "invalid_input"

    def __init__(self, errors: dict[str, list[str]] | None = None, *,
                 problems: dict[str, list[Problem]] | None = None) -> None:
        merged: dict[str, list[Problem]] = {}
        for field, texts in (errors or {}).items():
            merged.setdefault(field, []).extend(Problem.of(text) for text in texts)
        for field, items in (problems or {}).items():
            merged.setdefault(field, []).extend(items)
        self.problems = merged
        self.errors = {field: [problem.english for problem in items] for field, items in merged.items()}
        super().__init__(summarize(self.errors))

    @classmethod
    def single(cls, field: str, code_or_sentence: str, **params: Any) -> "InvalidInput":
        """Build the error for one bad field, by code (with parameters) or, still, by English sentence."""
        return cls(problems={field: [Problem.of(code_or_sentence, params)]})


class FieldErrors:
    """Collects per-field problems while validating, then raises them all at once."""

    def __init__(self) -> None:
        self.problems: dict[str, list[Problem]] = {}

    @property
    def errors(self) -> dict[str, list[str]]:
        """The problems so far, in English."""
        return {field: [problem.english for problem in items] for field, items in self.problems.items()}

    def add(self, field: str, code_or_sentence: str, **params: Any) -> None:
        """Record a problem with `field`: a defined code and its parameters (or, still, an English sentence)."""
        self.problems.setdefault(field, []).append(Problem.of(code_or_sentence, params))

    def merge(self, error: InvalidInput) -> None:
        """Take over the problems of an InvalidInput raised by a helper."""
        for field, items in error.problems.items():
            self.problems.setdefault(field, []).extend(items)

    def __contains__(self, field: str) -> bool:
        return field in self.problems

    def raise_if_any(self) -> None:
        """Raise InvalidInput naming every field with a problem, if there is one."""
        if self.problems:
            raise InvalidInput(problems=self.problems)


class InsufficientHours(DomainError):
    """A debit would take the balance below the overdraft limit (invariant L4).

    The code is always `insufficient_hours`; the sentence says "no overdraft" when the limit is 0.
    """

    code = "insufficient_hours"

    def __init__(self, **params: Any) -> None:
        phrasing = "insufficient_hours" if params.get("overdraft_limit_minutes") else "insufficient_hours_no_overdraft"
        super().__init__(phrasing=phrasing, **params)


class Conflict(DomainError):
    """The request contradicts the current state (already reversed, already closed ...)."""

    code = "conflict"


class PlanError(ValueError):
    """A plan file is malformed; the message says where."""
