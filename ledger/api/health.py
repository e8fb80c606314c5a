"""A liveness check for load balancers: answers without touching the database or needing a token."""
from __future__ import annotations

from typing import Any

import marshmallow as ma

from ledger.api.blueprint import ApiBlueprint

blp = ApiBlueprint("health", __name__, url_prefix="/api/v1", description="Liveness")


class HealthOut(ma.Schema):
    status = ma.fields.String(metadata={"enum": ["ok"]})


@blp.route("/health")
@blp.doc(security=[])
@blp.response(200, HealthOut)
def health() -> Any:
    """The process is up and serving (no database access)."""
    return {"status": "ok"}
