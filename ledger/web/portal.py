"""The customer portal (placeholder until it lands)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from ledger.web.access import CUSTOMER, roles_required

bp = Blueprint("portal", __name__, url_prefix="/portal")


@bp.route("")
@roles_required(*CUSTOMER)
def home() -> Any:
    """Placeholder."""
    return render_template("errors/error.html", status=404), 404
