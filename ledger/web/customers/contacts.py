"""Staff pages of contacts and agreements: add, edit and remove contacts, sell an agreement, what expires soon."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select

from ledger.domain.errors import Conflict, InvalidInput
from ledger.extensions import db
from ledger.models import Contact, Customer
from ledger.services.customers import contacts
from ledger.services.errors import NotFound
from ledger.services.idempotency import IdempotencyKey
from ledger.services.support import agreements, renewals
from ledger.web.access import STAFF, actor, roles_required
from ledger.web.customers.contact_forms import AgreementForm, ContactForm, agreement_label, contact_helpers
from ledger.web.errors import describe
from ledger.web.forms import show_service_errors

CustomerPage = Callable[..., Any]


def register(bp: Blueprint, customer_page: CustomerPage) -> None:
    """Add the contact and agreement routes to the staff blueprint; `customer_page` re-renders a customer's
    page with a form and its errors."""
    bp.context_processor(contact_helpers)

    @bp.route("/customers/<int:customer_id>/contacts", methods=["POST"])
    @roles_required(*STAFF)
    def add_contact(customer_id: int) -> Any:
        """Add a contact with roles; bad fields are marked and nothing is written.

        :raise 404: unknown customer.
        """
        form = ContactForm()
        if not form.validate_on_submit():
            return customer_page(customer_id, contact_form=form, status=422)
        try:
            contact = contacts.create_contact(customer_id, form.service_data(), actor=actor())
        except InvalidInput as error:
            show_service_errors(form, error)
            return customer_page(customer_id, contact_form=form, status=422)
        flash(gettext("%(name)s was added as a contact.", name=contact.name), "success")
        return redirect(url_for("staff.customer", customer_id=customer_id, _anchor="contacts-heading"), code=303)

    @bp.route("/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
    @roles_required(*STAFF)
    def edit_contact(contact_id: int) -> Any:
        """Change a contact's details or roles.

        :raise 404: unknown contact.
        """
        contact = db.session.get(Contact, contact_id)
        if contact is None:
            raise NotFound(code="contact_not_found", contact_id=contact_id)
        if contact.removed_at is not None:
            flash(gettext("%(name)s was removed from the contacts.", name=contact.name), "error")
            return redirect(url_for("staff.customer", customer_id=contact.customer_id))
        form = ContactForm() if request.method == "POST" else ContactForm(formdata=None, data=contacts.snapshot(contact))
        status = 200
        if form.validate_on_submit():
            try:
                contacts.update_contact(contact_id, form.service_data(), actor=actor())
            except InvalidInput as error:
                show_service_errors(form, error)
                status = 422
            except Conflict as error:
                flash(describe(error), "error")
                return redirect(url_for("staff.customer", customer_id=contact.customer_id), code=303)
            else:
                flash(gettext("The contact %(name)s was saved.", name=form.name.data), "success")
                return redirect(url_for("staff.customer", customer_id=contact.customer_id,
                                        _anchor="contacts-heading"), code=303)
        elif form.is_submitted():
            status = 422
        return render_template("staff/contact_edit.html", form=form, contact=contact), status

    @bp.route("/contacts/<int:contact_id>/remove", methods=["POST"])
    @roles_required(*STAFF)
    def remove_contact(contact_id: int) -> Any:
        """Remove a contact who left (the audit trail keeps who they were).

        :raise 404: unknown contact.
        """
        try:
            contact = contacts.remove_contact(contact_id, actor=actor())
        except Conflict as error:
            flash(describe(error), "error")
            return redirect(url_for("staff.customer", customer_id=db.session.get_one(Contact, contact_id).customer_id),
                            code=303)
        flash(gettext("%(name)s was removed from the contacts.", name=contact.name), "success")
        return redirect(url_for("staff.customer", customer_id=contact.customer_id, _anchor="contacts-heading"),
                        code=303)

    @bp.route("/customers/<int:customer_id>/agreements", methods=["POST"])
    @roles_required(*STAFF)
    def sell_agreement(customer_id: int) -> Any:
        """Sell a support plan or a maintenance pack for twelve months; invoiced in the next run.

        :raise 404: unknown customer.
        """
        who = actor()
        form = AgreementForm()
        if not form.validate_on_submit():
            return customer_page(customer_id, agreement_form=form, status=422)
        data = form.service_data()
        key = IdempotencyKey.for_request(who.id, form.ensure_key(), "create_agreement",  # type: ignore[arg-type]
                                         {"customer_id": customer_id, **{k: str(v) for k, v in data.items()}})
        try:
            view = agreements.create_agreement(customer_id, data, actor=who, idempotency=key)
        except InvalidInput as error:
            show_service_errors(form, error)
            return customer_page(customer_id, agreement_form=form, status=422)
        except Conflict as error:
            flash(describe(error), "error")
            return customer_page(customer_id, agreement_form=form, status=409)
        flash(gettext("Sold: %(agreement)s, %(start)s – %(end)s.", agreement=agreement_label(view.agreement),
                      start=view.agreement.starts_on.isoformat(), end=view.agreement.ends_on.isoformat()), "success")
        return redirect(url_for("staff.customer", customer_id=customer_id, _anchor="agreements-heading"), code=303)

    @bp.route("/agreements/expiring")
    @roles_required(*STAFF)
    def expiring_agreements() -> Any:
        """Agreements that end within 60 days and are not renewed, soonest first."""
        views = renewals.expiring_agreements(actor=actor())
        ids = {view.agreement.customer_id for view in views}
        names = dict(db.session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(ids))).all())
        return render_template("staff/agreements_expiring.html", views=views, customer_names=names,
                               within_days=renewals.EXPIRING_WITHIN_DAYS, unsent=renewals.unsent_notices(ids))
