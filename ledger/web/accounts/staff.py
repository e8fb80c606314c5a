"""Staff pages of the service account: sell an hour package, adjust the balance (admin), close a customer (admin)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext

from ledger.domain.errors import Conflict, InsufficientHours, InvalidInput
from ledger.formatting import hours
from ledger.services.accounts import closing
from ledger.services.accounts import hours as accounts
from ledger.services.customers import customers as customer_service
from ledger.services.idempotency import IdempotencyKey
from ledger.web.access import STAFF, actor, roles_required
from ledger.web.accounts.forms import AdjustmentForm, CloseForm, HourPackageForm
from ledger.web.confirm import ask_first
from ledger.web.customers.page import customer_page
from ledger.web.errors import describe
from ledger.web.forms import show_service_errors


def register(bp: Blueprint) -> None:
    """Add the hour-package, adjustment and closing pages to the staff blueprint."""
    bp.add_url_rule("/customers/<int:customer_id>/hour-packages", view_func=sell_hours, methods=["GET", "POST"])
    bp.add_url_rule("/customers/<int:customer_id>/adjust", view_func=adjust_balance, methods=["POST"])
    bp.add_url_rule("/customers/<int:customer_id>/close", view_func=close_customer, methods=["POST"])


@roles_required(*STAFF)
def sell_hours(customer_id: int) -> Any:
    """Sell an hour package: the balance rises now, the price is invoiced in the next run.

    :raise 404: unknown customer.
    """
    who = actor()
    customer = customer_service.get_customer(customer_id, actor=who)
    form = HourPackageForm(currency=customer.currency)
    status = 200
    if form.validate_on_submit():
        minutes, price = form.total_minutes, form.price.wire
        request_facts = {"customer_id": customer.id, "minutes": minutes, "price": price}
        key = IdempotencyKey.for_request(who.id, form.ensure_key(),  # type: ignore[arg-type]
                                         "record_purchase", request_facts)
        try:
            result = accounts.record_purchase(customer.id, minutes, price, actor=who, idempotency=key)
        except InvalidInput as error:
            show_service_errors(form, error)
            status = 422
        except (Conflict, InsufficientHours) as error:
            flash(describe(error), "error")
            status = 409
        else:
            flash(gettext("Sold %(hours)s to %(name)s; the balance is now %(balance)s.",
                          hours=hours(result.entry.minutes), name=customer.name,
                          balance=hours(result.balance_minutes)), "success")
            return redirect(url_for("staff.customer", customer_id=customer.id), code=303)
    elif form.is_submitted():
        status = 422
    form.ensure_key()
    return render_template("staff/hour_package.html", form=form, customer=customer), status


@roles_required("admin")
def adjust_balance(customer_id: int) -> Any:
    """Correct the balance by hand with a reason (admin only).

    :raise 403: not an admin.  :raise 404: unknown customer.
    """
    form = AdjustmentForm()
    if not form.validate_on_submit():
        return customer_page(customer_id, adjust_form=form, status=422)
    try:
        result = accounts.record_adjustment(customer_id, form.minutes.data, form.reason.data, actor=actor())
    except InvalidInput as error:
        show_service_errors(form, error)
        return customer_page(customer_id, adjust_form=form, status=422)
    except (Conflict, InsufficientHours) as error:
        flash(describe(error), "error")
        return customer_page(customer_id, adjust_form=form, status=409)
    flash(gettext("The balance was adjusted by %(minutes)s; it is now %(balance)s.",
                  minutes=hours(result.entry.minutes), balance=hours(result.balance_minutes)), "success")
    return redirect(url_for("staff.customer", customer_id=customer_id), code=303)


@roles_required("admin")
def close_customer(customer_id: int) -> Any:
    """Close a customer, forfeiting the hours left (admin only).

    :raise 403: not an admin.  :raise 404: unknown customer.
    """
    form = CloseForm()
    if not form.validate_on_submit():
        return customer_page(customer_id, close_form=form, status=422)
    customer = customer_service.get_customer(customer_id, actor=actor())
    left = customer.account.balance_minutes
    question = ask_first(
        title=gettext("Close %(name)s?", name=customer.name),
        consequence=(gettext("The %(hours)s left on the service account are forfeited, and the account takes no new "
                             "entries. It cannot be undone.", hours=hours(left)) if left > 0
                     else gettext("The service account takes no new entries. It cannot be undone.")),
        action=gettext("Close the customer"), cancel_url=url_for("staff.customer", customer_id=customer_id))
    if question is not None:
        return question
    try:
        entry = closing.close_customer(customer_id, form.reason.data, actor=actor())
    except InvalidInput as error:
        show_service_errors(form, error)
        return customer_page(customer_id, close_form=form, status=422)
    except Conflict as error:
        flash(describe(error), "error")
        return customer_page(customer_id, close_form=form, status=409)
    flash(gettext("The customer is closed; %(hours)s were forfeited.", hours=hours(-entry.minutes)) if entry
          else gettext("The customer is closed; no hours were left."), "success")
    return redirect(url_for("staff.customer", customer_id=customer_id), code=303)
