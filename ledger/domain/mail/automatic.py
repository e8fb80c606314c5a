"""Mail no person wrote: auto-replies, bounces, lists. The desk stores it and never answers it, so that two
auto-responders can never keep each other busy (RFC 3834; what Zendesk and Request Tracker look at)."""
from __future__ import annotations

from collections.abc import Callable

#: Precedence values of bulk mail and lists.
BULK_PRECEDENCE = ("bulk", "junk", "list")
#: Local parts of the addresses that send bounces and other reports.
REPORT_SENDERS = ("mailer-daemon", "postmaster")
AUTOMATIC_REASONS = ("auto_submitted", "precedence", "x_autoreply", "empty_envelope", "report_sender", "report",
                     "our_message", "from_us")


def automatic_reason(header: Callable[[str], str], sender: str, content_type: str) -> str | None:
    """Why a message is automatic, or None when a person wrote it.

    `header(name)` reads a header ("" when absent). An `Auto-Submitted` other than `no`, a bulk `Precedence`,
    `X-Autoreply`/`X-Autorespond`, an empty envelope sender (`Return-Path: <>`), a MAILER-DAEMON or postmaster
    sender, or a delivery report (multipart/report) is automatic.
    """
    auto_submitted = header("Auto-Submitted").split(";")[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto_submitted"
    if header("Precedence").strip().lower() in BULK_PRECEDENCE:
        return "precedence"
    if header("X-Autoreply") or header("X-Autorespond"):
        return "x_autoreply"
    if header("Return-Path").replace(" ", "") == "<>":
        return "empty_envelope"
    if sender.partition("@")[0] in REPORT_SENDERS:
        return "report_sender"
    if content_type == "multipart/report":
        return "report"
    return None
