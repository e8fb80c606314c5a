"""Where the finance pages send the browser, and how they say a refusal on the page the user came from."""
from __future__ import annotations

from flask import flash, redirect, url_for
from werkzeug.wrappers import Response as BaseResponse

from ledger.domain.errors import DomainError
from ledger.domain.periods import Period
from ledger.services.errors import Forbidden, NotFound
from ledger.web.errors import describe


def refused(error: DomainError, target: str) -> BaseResponse:
    """Say why a service refused, on the page the user came from; unknown and forbidden keep their pages."""
    if isinstance(error, (NotFound, Forbidden)):
        raise error
    flash(describe(error), "error")
    return redirect(target, code=303)


def invoice_url(invoice_id: int) -> str:
    """The finance page of one invoice."""
    return url_for("finance.invoice", invoice_id=invoice_id)


def overview_url(period: Period | str) -> str:
    """The finance page of a month."""
    return url_for("finance.overview", period=str(period))
