"""The staff's inbox pages (docs/support.md): received mail no case took; make a case of it or discard it."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ledger.domain.errors import Conflict, InvalidInput
from ledger.services.customers.customers import list_customers
from ledger.services.support import inbox as inbox_service
from ledger.services.support.plans import active_plans
from ledger.web.access import STAFF, actor, roles_required
from ledger.web.forms import show_service_errors
from ledger.web.paging import paginate
from ledger.web.support.labels import case_refusal
from ledger.web.support.mail_forms import DiscardForm, InboxCaseForm
from ledger.web.support.mail_labels import mail_helpers


def register(bp: Blueprint) -> None:
    """Add the inbox pages to the staff blueprint."""
    bp.add_url_rule("/inbox", view_func=inbox)
    bp.add_url_rule("/inbox/<int:inbox_id>", view_func=inbox_item)
    bp.add_url_rule("/inbox/<int:inbox_id>/case", view_func=make_case, methods=["POST"])
    bp.add_url_rule("/inbox/<int:inbox_id>/discard", view_func=discard, methods=["POST"])
    bp.context_processor(mail_helpers)


@roles_required(*STAFF)
def inbox() -> Any:
    """The inbox: waiting messages (or the automatic ones, or those dealt with), the newest first."""
    view = request.args.get("view", "open")
    view = view if view in inbox_service.VIEWS else "open"
    entries = inbox_service.list_inbox(actor=actor(), view=view)
    return render_template("staff/inbox.html", entries=paginate(entries, request.args), view=view,
                           views=tuple(inbox_service.VIEWS))


def _item_page(inbox_id: int, *, case_form: InboxCaseForm | None = None, discard_form: DiscardForm | None = None,
               status: int = 200) -> Any:
    who = actor()
    entry = inbox_service.get_inbox_item(inbox_id, actor=who)
    customers = [customer for customer in list_customers(actor=who) if customer.status == "active"]
    if case_form is None:
        case_form = InboxCaseForm(customers, formdata=None, severity=active_plans().mail_default_severity,
                                  subject=entry.mail.subject[:200], contact_name=entry.mail.sender_name)
    return render_template("staff/inbox_item.html", entry=entry, item=entry.item, mail=entry.mail,
                           case_form=case_form, discard_form=discard_form or DiscardForm(formdata=None)), status


@roles_required(*STAFF)
def inbox_item(inbox_id: int) -> Any:
    """One message: who sent it, why it is here, its text and files, and the forms to deal with it.

    :raise 404: unknown item.
    """
    return _item_page(inbox_id)


def _decide(inbox_id: int, form: Any, form_name: str, call: Any) -> Any:
    if not form.validate_on_submit():
        return _item_page(inbox_id, **{form_name: form}, status=422)
    try:
        return call()
    except InvalidInput as error:
        show_service_errors(form, error)
        return _item_page(inbox_id, **{form_name: form}, status=422)
    except Conflict as error:
        flash(case_refusal(error), "error")
        return _item_page(inbox_id, **{form_name: form}, status=409)


@roles_required(*STAFF)
def make_case(inbox_id: int) -> Any:
    """Make a case of the message for the chosen customer; its sender is told the case's number."""
    form = InboxCaseForm([customer for customer in list_customers(actor=actor()) if customer.status == "active"])

    def call() -> Any:
        opened = inbox_service.make_case_from_inbox(inbox_id, form.case_data(), actor=actor())
        flash(gettext("Case %(id)s was opened from the message.", id=opened.case.id), "success")
        return redirect(url_for("staff.case", case_id=opened.case.id), code=303)

    return _decide(inbox_id, form, "case_form", call)


@roles_required(*STAFF)
def discard(inbox_id: int) -> Any:
    """Discard the message, saying why; it stays listed under "Dealt with"."""
    form = DiscardForm()

    def call() -> Any:
        inbox_service.discard_inbox_item(inbox_id, form.reason.data, actor=actor())
        flash(gettext("The message was discarded."), "success")
        return redirect(url_for("staff.inbox"), code=303)

    return _decide(inbox_id, form, "discard_form", call)
