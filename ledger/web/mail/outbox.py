"""The outbox page: every message the product sends, queued, sent, and failed with the reason."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from ledger.services.mail import outbox_reads
from ledger.web.access import actor, roles_required
from ledger.web.mail.labels import FILTER_LABELS, kind_label, status_label


def register(bp: Blueprint) -> None:
    """Add the outbox page to the staff blueprint."""
    bp.add_url_rule("/outbox", view_func=outbox)


@roles_required("admin", "staff", "finance")
def outbox() -> Any:
    """Every message the product sends: queued, sent, and failed with the reason; `status` filters."""
    status = request.args.get("status") or None
    if status not in (None, "queued", "sent", "failed"):
        status = None
    return render_template("staff/outbox.html", messages=outbox_reads.list_outbox(actor=actor(), status=status),
                           counts=outbox_reads.outbox_counts(actor=actor()), status=status, filters=FILTER_LABELS,
                           kind_label=kind_label, status_label=status_label)
