"""Background jobs: how far a job has got (docs/api.md)."""
from __future__ import annotations

from typing import Any

import marshmallow as ma

from ledger.api.auth import authenticate, current_actor
from ledger.api.blueprint import ApiBlueprint
from ledger.services.mail import jobs

blp = ApiBlueprint("jobs", __name__, url_prefix="/api/v1/jobs", description="Background jobs")
blp.before_request(authenticate)


class JobError(ma.Schema):
    """An item the job could not do, with the refusal's code and parameters."""

    item = ma.fields.Integer()
    code = ma.fields.String()
    params = ma.fields.Dict()


class JobOut(ma.Schema):
    """A job's state: queued, running, done or failed; items done of the total; the errors so far."""

    id = ma.fields.Integer()
    kind = ma.fields.String()
    key = ma.fields.String()
    status = ma.fields.String()
    done = ma.fields.Integer()
    total = ma.fields.Integer()
    errors = ma.fields.Method("_errors", metadata={"type": "array", "items": {"type": "object"}})
    created_at = ma.fields.DateTime()
    finished_at = ma.fields.DateTime(allow_none=True)

    def _errors(self, job: Any) -> list[dict[str, Any]]:
        return JobError(many=True).dump(jobs.job_errors(job))


class JobStarted(ma.Schema):
    """The job that does the work."""

    job_id = ma.fields.Integer()


@blp.route("/<int:job_id>", methods=["GET"])
@blp.response(200, JobOut)
@blp.alt_response(404, response="NOT_FOUND")
def get_job(job_id: int) -> Any:
    """One job's progress (finance, admin)."""
    return jobs.get_job(job_id, actor=current_actor())
