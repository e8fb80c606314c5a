"""/api/docs: the API's reference for people, rendered from the OpenAPI document on the server."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template

from ledger.web.openapi_page import operations_by_tag

bp = Blueprint("api_page", __name__)


@bp.route("/api/docs")
def api_docs() -> Any:
    """Every operation with its parameters, body fields and answers; open to all, like openapi.json."""
    spec = current_app.extensions["servicekonto.api"].spec.to_dict()
    return render_template("api/docs.html", spec=spec, groups=operations_by_tag(spec))
