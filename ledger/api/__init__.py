"""The JSON API under /api/v1 (flask-smorest), with its OpenAPI document at /api/v1/openapi.json."""
from __future__ import annotations

from flask import Flask
from flask_smorest.spec.plugins import integerconverter2paramschema

from ledger.api import health
from ledger.api.billing import exchange_rates, invoices
from ledger.api.books import books
from ledger.api.customers import contacts, customers
from ledger.api.mail import jobs
from ledger.api.people import users
from ledger.api.payments import payments
from ledger.api.problems import ProblemApi, register_error_handlers
from ledger.api.support import agreements, cases, conversation, mail_desk, plans, team
from ledger.api.work import reports, rules, tasks, timers
from ledger.routing import IdConverter

BLUEPRINTS = (customers.blp, tasks.blp, rules.blp, invoices.blp, health.blp, plans.blp, agreements.blp, cases.blp,
              payments.blp, contacts.blp, jobs.blp, exchange_rates.blp, users.blp, team.blp, conversation.blp,
              mail_desk.blp, timers.blp, reports.blp, books.blp)


def init_api(app: Flask) -> None:
    """Create the API for `app`, register its blueprints and problem+json error handling."""
    app.config.setdefault("API_TITLE", "Servicekonto")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault(
        "API_SPEC_OPTIONS",
        {
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
            "security": [{"bearerAuth": []}],
            "info": {"description": "Prepaid service hours: customers, the hour ledger, tasks and invoices."},
        },
    )
    api = ProblemApi(app)
    api.register_converter(IdConverter, integerconverter2paramschema)
    app.extensions["servicekonto.api"] = api
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    register_error_handlers(app)
