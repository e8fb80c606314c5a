"""Errors as application/problem+json (RFC 9457), naming every bad field; never a 500 for bad input."""
from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import marshmallow as ma
from flask import Response, current_app, json, render_template, request
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from ledger.domain.errors import Conflict, DomainError, InsufficientHours, InvalidInput, summarize
from ledger.domain.problems import json_params
from ledger.services.errors import Forbidden, LedgerInconsistent, NotFound

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)

_STATUS_OF = (
    (InvalidInput, 422),
    (NotFound, 404),
    (Forbidden, 403),
    (InsufficientHours, 409),
    (Conflict, 409),
    (LedgerInconsistent, 500),
)


class ProblemSchema(ma.Schema):
    """An error: what went wrong, for people (`detail`) and programs (`code`, `errors`)."""

    type = ma.fields.String(metadata={"description": "URI naming the kind of problem."})
    title = ma.fields.String(metadata={"description": "HTTP status phrase."})
    status = ma.fields.Integer()
    detail = ma.fields.String(metadata={"description": "What went wrong, in a sentence."})
    code = ma.fields.String(metadata={"description": "Stable machine-readable code."})
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={"description": "Each bad field and its problems."},
    )
    params = ma.fields.Dict(metadata={"description": "Values behind the problem (balance, needed ...)."})
    problems = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.Dict()),
        metadata={"description": "Each bad field and its problems as `{code, params}`, for translation by clients."},
    )


def problem(status: int, detail: str, *, code: str | None = None, headers: dict[str, str] | None = None,
            errors: dict[str, list[str]] | None = None, params: dict[str, Any] | None = None,
            problems: dict[str, list[dict[str, Any]]] | None = None) -> Response:
    """Build a problem+json response."""
    code = code or HTTPStatus(status).name.lower()
    body: dict[str, Any] = {
        "type": f"urn:servicekonto:problem:{code}",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if errors:
        body["errors"] = errors
    if params:
        body["params"] = params
    if problems:
        body["problems"] = problems
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    response.headers.update(headers or {})
    return response


def _flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """webargs nests errors by location and field; clients want one flat map of field -> problems."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = str(key) if key not in ("json", "query", "headers", "view_args", "form") or prefix else ""
            child = f"{prefix}.{name}" if prefix and name else (name or prefix)
            for field, problems in _flatten(value, child).items():
                flat.setdefault(field, []).extend(problems)
    elif isinstance(messages, list) and all(isinstance(item, str) for item in messages):
        flat[prefix or "body"] = list(messages)
    elif isinstance(messages, list):
        for item in messages:
            for field, problems in _flatten(item, prefix).items():
                flat.setdefault(field, []).extend(problems)
    else:
        flat[prefix or "body"] = [str(messages)]
    return flat


def domain_error_response(error: DomainError) -> Response:
    """Map a refused operation to its status: 422 input, 404, 403, 409 conflict."""
    status = next((code for kind, code in _STATUS_OF if isinstance(error, kind)), 422)
    if status == 500:
        log.error("ledger inconsistency: %s", error.message)
    errors = problems = None
    if isinstance(error, InvalidInput):
        errors = error.errors
        problems = {field: [{"code": item.code, "params": json_params(item.params)} for item in items]
                    for field, items in error.problems.items()}
    params = json_params(error.params)
    return problem(status, error.message, code=error.code, errors=errors, params=params or None, problems=problems)


def is_api_request() -> bool:
    """True for requests under /api/."""
    return request.path.startswith("/api/")


class ProblemApi(Api):
    """flask-smorest Api whose errors are problem+json, documented as such."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self) -> None:
        for status in HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not 100 <= status < 200 and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def handle_http_exception(self, error: HTTPException) -> Any:
        if not is_api_request():
            return error
        data = getattr(error, "data", None) or {}
        messages = data.get("errors") or data.get("messages")
        headers = dict(data.get("headers") or {})
        if messages:
            errors = _flatten(messages)
            return problem(422, summarize(errors), code="invalid_input", errors=errors, headers=headers)
        status = error.code or 500
        detail = data.get("message") or error.description or HTTPStatus(status).phrase
        if status == 401:
            headers.setdefault("WWW-Authenticate", 'Bearer realm="servicekonto"')
        return problem(status, detail, headers=headers)


def register_error_handlers(app: Any) -> None:
    """Answer unexpected failures under /api/ as problem+json (refusals: ledger.web.errors)."""

    @app.errorhandler(OperationalError)
    def on_database_busy(error: OperationalError) -> Any:
        if "locked" in str(error.orig).lower() or "busy" in str(error.orig).lower():
            log.warning("database busy: %s", error.orig)
            body = "The ledger is busy with other writes; retry in a moment."
            if is_api_request():
                return problem(503, body, code="busy", headers={"Retry-After": "1"})
            return Response(body, status=503, headers={"Retry-After": "1"})
        raise error

    @app.errorhandler(Exception)
    def on_unexpected(error: Exception) -> Any:
        if isinstance(error, HTTPException):
            return current_app.extensions["servicekonto.api"].handle_http_exception(error)
        log.exception("unhandled error on %s %s", request.method, request.path)
        if is_api_request():
            return problem(500, "Something went wrong on our side; it has been logged.", code="internal_error")
        return render_template("errors/error.html", status=500), 500
