"""Refusals from the services, said in the page's language; error pages."""
from __future__ import annotations

from typing import Any

from flask import Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ledger.api.problems import domain_error_response, is_api_request
from ledger.domain.errors import DomainError, InvalidInput
from ledger.domain.problems import LEGACY_CODE, Problem, fill, is_code, registered_messages
from ledger.formatting import hours, local_value
from ledger.services.errors import Forbidden, NotFound


def describe(error: DomainError) -> str:
    """A translated sentence for a refusal the user can act on; the service's own text when none is known."""
    params = error.params
    messages = {
        "insufficient_hours": lambda: gettext(
            "Not enough hours: the balance is %(balance)s and this needs %(needed)s; %(limit)s.",
            balance=hours(params["balance_minutes"]), needed=hours(params["needed_minutes"]),
            limit=gettext("the account allows no overdraft") if params.get("overdraft_limit_minutes") == 0
            else gettext("the overdraft limit is %(limit)s", limit=hours(params.get("overdraft_limit_minutes") or 0))),
        "customer_closed": lambda: gettext("The customer is closed; its account takes no new entries."),
        "already_issued": lambda: gettext("The invoice is already issued."),
        "already_credited": lambda: gettext("The invoice is already credited."),
        "not_creditable": lambda: gettext("Only an issued invoice can be credited."),
        "not_in_review": lambda: gettext("The task is not waiting for review."),
        "task_voided": lambda: gettext("The task is voided."),
        "same_outcome": lambda: gettext("The task already has that outcome."),
        "duplicate_customer": lambda: gettext("A customer with this organisation number already exists."),
        "hours_owed": lambda: gettext("The customer owes hours; invoice them before closing the account."),
        "empty_invoice": lambda: gettext("The draft has nothing left to invoice."),
        "not_found": lambda: gettext("That does not exist."),
        "forbidden": lambda: gettext("Your role does not allow this."),
        "idempotency_key_reused": lambda: gettext("This form was already sent with other values; reload the page."),
    }
    if error.code in messages:
        return messages[error.code]()
    if isinstance(error, InvalidInput):
        return gettext("Please correct the marked fields.")
    if is_code(error.phrasing):
        return translate(Problem(error.phrasing, registered_messages()[error.phrasing], error.params))
    return error.message


def translate(problem: Problem) -> str:
    """A coded problem in the page's language: its template from the catalogue, filled with local formats."""
    if problem.code == LEGACY_CODE:
        return problem.english  # a sentence from before codes: no catalogue entry to look up
    return fill(gettext(problem.template), problem.params, local_value)


def apply_field_errors(form: Any, error: InvalidInput) -> list[str]:
    """Put a service's field errors on the form's fields, translated; return those that match no field."""
    unmatched = []
    for field, problems in error.problems.items():
        texts = [translate(problem) for problem in problems]
        target = getattr(form, field, None)
        if target is not None and hasattr(target, "errors"):
            target.errors = list(target.errors) + texts
        else:
            unmatched.extend(texts)  # said without the field's internal name, which is no word of the reader's
    return unmatched


def _unhandled_refusal(error: DomainError) -> str:
    """A refusal no form on the page can mark (such as a NUL in the query string), said in full."""
    if isinstance(error, InvalidInput):
        return " ".join(dict.fromkeys(translate(problem) for items in error.problems.values() for problem in items))
    return describe(error)


def register_page_errors(app: Flask) -> None:
    """HTML pages for 403/404/405/413 and refusals outside /api/ (the API answers problem+json)."""

    def page(status: int) -> Any:
        return render_template("errors/error.html", status=status), status

    @app.errorhandler(403)
    def forbidden(error: Any) -> Any:
        return app.extensions["servicekonto.api"].handle_http_exception(error) if is_api_request() else page(403)

    @app.errorhandler(404)
    def not_found(error: Any) -> Any:
        return app.extensions["servicekonto.api"].handle_http_exception(error) if is_api_request() else page(404)

    @app.errorhandler(405)
    def not_allowed(error: Any) -> Any:
        return app.extensions["servicekonto.api"].handle_http_exception(error) if is_api_request() else page(405)

    @app.errorhandler(413)
    def too_large(error: Any) -> Any:
        return app.extensions["servicekonto.api"].handle_http_exception(error) if is_api_request() else page(413)

    @app.errorhandler(DomainError)
    def refused(error: DomainError) -> Any:
        if is_api_request():
            return domain_error_response(error)
        if isinstance(error, NotFound):
            return page(404)
        if isinstance(error, Forbidden):
            return page(403)
        flash(_unhandled_refusal(error), "error")
        # Back to the page the form was on; a POST without a referrer must not be sent to its own URL (405).
        fallback = request.path if request.method == "GET" else url_for("auth.home")
        return redirect(request.referrer or fallback, code=303)
