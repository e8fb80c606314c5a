"""SLA warnings: mail the staff when a case's target is at risk (80 % used) or breached, once each."""
from __future__ import annotations


def queue_sla_warnings() -> int:
    """Queue the at-risk and breached mails that are due now; the number queued."""
    return 0
