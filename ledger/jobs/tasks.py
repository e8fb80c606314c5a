"""The tasks: thin, each calls one use case."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ledger.jobs.schedule import DAILY, DAILY_AT, EVERY_MINUTE, PERIODIC, SWEEP_AGAIN_AFTER_SECONDS
from ledger.services.billing import issue_jobs
from ledger.services.mail.sweep import find_unfinished
from ledger.services.people import reset_requests

if TYPE_CHECKING:
    from ledger.domain.periods import Period
    from ledger.jobs import Jobs
    from ledger.models import Job
    from ledger.services.access import Actor

log = logging.getLogger(__name__)

ISSUE_PERIOD = "issue_period"
ARCHIVE_DOCUMENTS = "archive_documents"
DELIVER_MAIL = "deliver_mail"
SWEEP_AGAIN = "sweep_again"
SEND_RESET_LINK = "send_reset_link"


def register(registry: "Jobs") -> None:
    """Register every task and periodic task with the app's queue."""

    def schedule_archive(job_id: int | None, invoice_ids: list[int]) -> None:
        registry.enqueue(ARCHIVE_DOCUMENTS, job_id, invoice_ids)

    def issue_period(job_id: int) -> None:
        issue_jobs.run_issue_job(job_id, schedule_archive=schedule_archive)

    def archive(job_id: int | None, invoice_ids: list[int]) -> None:
        issue_jobs.archive_for_job(job_id, invoice_ids)

    def sweep() -> None:
        sweep_again()
        registry.enqueue_in(SWEEP_AGAIN_AFTER_SECONDS, SWEEP_AGAIN)

    def sweep_again() -> None:
        found = find_unfinished()
        if found.mail_due:
            registry.enqueue(DELIVER_MAIL)
        documents = issue_jobs.stale_documents()
        for start in range(0, len(documents), issue_jobs.ARCHIVE_CHUNK):
            schedule_archive(None, documents[start:start + issue_jobs.ARCHIVE_CHUNK])
        for job_id in found.jobs:
            registry.enqueue(ISSUE_PERIOD, job_id)
        for request_id in reset_requests.unhandled_reset_requests():
            registry.enqueue(SEND_RESET_LINK, request_id)

    def daily() -> None:
        for name, use_case in DAILY:
            try:
                use_case()
            except Exception:  # one daily use case failing must not keep the others from running
                log.exception("daily use case %s failed", name)

    registry.task(ISSUE_PERIOD, issue_period)
    registry.task(ARCHIVE_DOCUMENTS, archive)
    registry.task(SWEEP_AGAIN, sweep_again)
    registry.task(SEND_RESET_LINK, reset_requests.handle_reset_request)
    for name, when, use_case in PERIODIC:
        registry.periodic(name, when, use_case)
    registry.periodic("sweep", EVERY_MINUTE, sweep)
    registry.periodic("daily", DAILY_AT, daily)


def start_issuing(period: "Period", *, actor: "Actor") -> "Job":
    """Start issuing every draft of `period` in the background (or find the run under way): the job."""
    from ledger.jobs import enqueue

    job, created = issue_jobs.start_issuing(period, actor=actor)
    if created:
        enqueue(ISSUE_PERIOD, job.id)  # after the commit; were the queue to lose it, the sweep queues it again
    return job


def ask_for_reset_link(email: str) -> None:
    """Record a request for a reset link and queue its job; the page answers at once, the same for any address."""
    from ledger.jobs import enqueue

    request_id = reset_requests.record_reset_request(email)
    enqueue(SEND_RESET_LINK, request_id)  # after the commit; were the queue to lose it, the sweep queues it again
