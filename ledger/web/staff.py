"""Staff pages: customers with balances, a customer's page, logging work, the review queue, hour packages."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from ledger.services.customers import list_customers
from ledger.web.access import STAFF, actor, roles_required

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.route("/customers")
@roles_required(*STAFF)
def customers() -> Any:
    """Customers with their balances; `q` searches name and organisation number."""
    query = request.args.get("q", "").strip()[:200]
    return render_template("staff/customers.html", customers=list_customers(actor=actor(), search=query or None), query=query)


@bp.route("/work")
@roles_required(*STAFF)
def log_work() -> Any:
    """Placeholder until the log-work page lands."""
    return render_template("errors/error.html", status=404), 404


@bp.route("/review")
@roles_required(*STAFF)
def review() -> Any:
    """Placeholder until the review queue lands."""
    return render_template("errors/error.html", status=404), 404
