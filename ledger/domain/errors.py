"""Errors the domain raises: values a user can act on, with a stable code for translation."""
from __future__ import annotations


class DomainError(Exception):
    """A business rule refused an operation; `code` is stable, `params` fill a translated text."""

    code = "domain_error"

    def __init__(self, message: str, *, code: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.params = params


def summarize(errors: dict[str, list[str]]) -> str:
    """One sentence naming each bad field: "Invalid input: minutes: Must not be zero; price: ..."."""
    parts = (f"{field}: {' '.join(problems).rstrip('.')}" for field, problems in errors.items())
    return f"Invalid input: {'; '.join(parts)}."


class InvalidInput(DomainError):
    """One or more fields of a request are wrong; `errors` maps each field to its problems."""

    code = "invalid_input"

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = {field: list(problems) for field, problems in errors.items()}
        super().__init__(summarize(self.errors))

    @classmethod
    def single(cls, field: str, problem: str) -> "InvalidInput":
        """Build the error for one bad field."""
        return cls({field: [problem]})


class FieldErrors:
    """Collects per-field problems while validating, then raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, problem: str) -> None:
        """Record a problem with `field`."""
        self.errors.setdefault(field, []).append(problem)

    def merge(self, error: InvalidInput) -> None:
        """Take over the problems of an InvalidInput raised by a helper."""
        for field, problems in error.errors.items():
            self.errors.setdefault(field, []).extend(problems)

    def __contains__(self, field: str) -> bool:
        return field in self.errors

    def raise_if_any(self) -> None:
        """Raise InvalidInput naming every field with a problem, if there is one."""
        if self.errors:
            raise InvalidInput(self.errors)


class InsufficientHours(DomainError):
    """A debit would take the balance below the overdraft limit (invariant L4)."""

    code = "insufficient_hours"


class Conflict(DomainError):
    """The request contradicts the current state (already reversed, already closed ...)."""

    code = "conflict"
