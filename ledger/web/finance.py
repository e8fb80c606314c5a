"""Finance pages (placeholder until they land)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from ledger.web.access import FINANCE, roles_required

bp = Blueprint("finance", __name__, url_prefix="/finance")


@bp.route("")
@roles_required(*FINANCE)
def overview() -> Any:
    """Placeholder."""
    return render_template("errors/error.html", status=404), 404
