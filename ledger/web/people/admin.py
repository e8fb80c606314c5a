"""Admin pages: users (create, name, role, deactivate, unlock, reset link) and API tokens (create, revoke).

What cannot be undone at once (deactivating, revoking) is asked on a page of its own first, so that it works
without JavaScript: the GET shows the consequence, the POST does it.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext

from ledger.domain.errors import DomainError, InvalidInput
from ledger.services.customers import customers as customer_service
from ledger.services.people import passwords, signin
from ledger.services.people import tokens as token_service
from ledger.services.people import users as user_service
from ledger.web.access import actor, roles_required
from ledger.web.errors import describe
from ledger.web.forms import ActionForm, show_service_errors
from ledger.web.people.forms import NewTokenForm, NewUserForm, RenameForm, RoleForm, role_choices

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _secret_page(page: str, status: int = 200) -> Any:
    """A page showing a secret once: never cached."""
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/users")
@roles_required("admin")
def users() -> Any:
    """Every user with role, customer, state and failed sign-ins."""
    who = actor()
    return render_template("admin/users.html", users=user_service.list_users(actor=who),
                           failures=signin.failed_sign_ins(actor=who),
                           customers={c.id: c.name for c in customer_service.list_customers(actor=who)})


def _new_user_form() -> NewUserForm:
    form = NewUserForm()
    form.role.choices = role_choices()
    form.customer.choices = [(None, gettext("None (staff)"))] + [
        (customer.id, customer.name) for customer in customer_service.list_customers(actor=actor())]
    return form


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required("admin")
def new_user() -> Any:
    """Create a user with a name, a role and a first password."""
    form = _new_user_form()
    status = 200
    if form.validate_on_submit():
        try:
            user = user_service.create_user(form.email.data, form.role.data, form.password.data,
                                            display_name=form.display_name.data, customer_id=form.customer.data)
        except InvalidInput as error:
            show_service_errors(form, error)
            status = 422
        except DomainError as error:
            form.email.errors = [*form.email.errors, describe(error)]
            status = 409
        else:
            flash(gettext("%(name)s can now sign in as %(email)s.", name=user.display_name, email=user.email),
                  "success")
            return redirect(url_for("admin.user", user_id=user.id), code=303)
    elif form.is_submitted():
        status = 422
    return render_template("admin/user_new.html", form=form), status


def _user_page(user_id: int, *, rename: RenameForm | None = None, role: RoleForm | None = None,
               status: int = 200, reset_link: str | None = None) -> Any:
    who = actor()
    person = user_service.get_user(user_id, actor=who)
    role_form = role or RoleForm(formdata=None, role=person.role)
    role_form.role.choices = [choice for choice in role_choices() if choice[0] != "customer"]
    page = render_template(
        "admin/user.html", person=person, reset_link=reset_link,
        rename_form=rename or RenameForm(formdata=None, display_name=person.display_name), role_form=role_form,
        failures=signin.failed_sign_ins(actor=who).get(person.email, 0),
        tokens=token_service.list_tokens(actor=who, email=person.email))
    return _secret_page(page, status) if reset_link else (page, status)


@bp.route("/users/<int:user_id>")
@roles_required("admin")
def user(user_id: int) -> Any:
    """One user: name, role, sign-in state, tokens; :raise 404: no such user."""
    return _user_page(user_id)


@bp.route("/users/<int:user_id>/name", methods=["POST"])
@roles_required("admin")
def rename(user_id: int) -> Any:
    """Change the name a user is shown by."""
    person = user_service.get_user(user_id, actor=actor())
    form = RenameForm()
    if not form.validate_on_submit():
        return _user_page(user_id, rename=form, status=422)
    try:
        user_service.rename_user(person.email, form.display_name.data, actor=actor())
    except InvalidInput as error:
        show_service_errors(form, error)
        return _user_page(user_id, rename=form, status=422)
    flash(gettext("The name was saved."), "success")
    return redirect(url_for("admin.user", user_id=user_id), code=303)


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@roles_required("admin")
def change_role(user_id: int) -> Any:
    """Give a staff user another staff role; it applies from their next page."""
    person = user_service.get_user(user_id, actor=actor())
    form = RoleForm()
    form.role.choices = [choice for choice in role_choices() if choice[0] != "customer"]
    if not form.validate_on_submit():
        return _user_page(user_id, role=form, status=422)
    user_service.change_role(person.email, form.role.data, actor=actor())  # a Conflict is flashed by the handler
    flash(gettext("The role was changed."), "success")
    return redirect(url_for("admin.user", user_id=user_id), code=303)


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@roles_required("admin")
def deactivate(user_id: int) -> Any:
    """Ask first (GET); then stop the user signing in: sessions end and tokens stop working (POST)."""
    person = user_service.get_user(user_id, actor=actor())
    form = ActionForm()
    if form.validate_on_submit():
        ended = user_service.deactivate_user(person.email, actor=actor())
        flash(gettext("%(name)s is deactivated; %(count)s sign-ins were ended.", name=person.display_name,
                      count=ended), "success")
        return redirect(url_for("admin.user", user_id=user_id), code=303)
    return render_template("admin/confirm_deactivate.html", person=person,
                           tokens=[t for t in token_service.list_tokens(actor=actor(), email=person.email)
                                   if t.revoked_at is None])


@bp.route("/users/<int:user_id>/activate", methods=["POST"])
@roles_required("admin")
def activate(user_id: int) -> Any:
    """Let a deactivated user sign in again."""
    person = user_service.get_user(user_id, actor=actor())
    if ActionForm().validate_on_submit():
        user_service.activate_user(person.email, actor=actor())
        flash(gettext("%(name)s can sign in again.", name=person.display_name), "success")
    return redirect(url_for("admin.user", user_id=user_id), code=303)


@bp.route("/users/<int:user_id>/unlock", methods=["POST"])
@roles_required("admin")
def unlock(user_id: int) -> Any:
    """Forget the user's failed sign-ins, so that they can sign in again at once."""
    person = user_service.get_user(user_id, actor=actor())
    if ActionForm().validate_on_submit():
        signin.unlock_address(person.email, actor=actor())
        flash(gettext("The failed sign-ins of %(email)s were cleared.", email=person.email), "success")
    return redirect(url_for("admin.user", user_id=user_id), code=303)


@bp.route("/users/<int:user_id>/reset-link", methods=["POST"])
@roles_required("admin")
def reset_link(user_id: int) -> Any:
    """Make a one-time link for the user to set a password, shown once to hand over."""
    person = user_service.get_user(user_id, actor=actor())
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.user", user_id=user_id), code=303)
    link = passwords.make_reset_link(person.email, actor=actor())
    return _user_page(user_id, reset_link=link.url)


def _new_token_form(formdata: bool = True) -> NewTokenForm:
    form = NewTokenForm() if formdata else NewTokenForm(formdata=None)
    form.user_id.choices = [(person.id, f"{person.display_name} ({person.email})")
                            for person in user_service.list_users(actor=actor()) if person.active]
    return form


@bp.route("/tokens")
@roles_required("admin")
def tokens() -> Any:
    """Every API token: owner, prefix, created, expiry, last use, revoked."""
    return render_template("admin/tokens.html", tokens=token_service.list_tokens(actor=actor()),
                           form=_new_token_form(formdata=False))


@bp.route("/tokens", methods=["POST"])
@roles_required("admin")
def create_token() -> Any:
    """Create a token for a user and show it once (only its hash is kept)."""
    form = _new_token_form()
    if not form.validate_on_submit():
        return render_template("admin/tokens.html", tokens=token_service.list_tokens(actor=actor()), form=form), 422
    person = user_service.get_user(form.user_id.data, actor=actor())
    secret = token_service.issue_token(person.email, expires_in_days=form.expires_in_days.data)
    return _secret_page(render_template("admin/token_created.html", secret=secret, person=person,
                                        days=form.expires_in_days.data), 201)


@bp.route("/tokens/<int:token_id>/revoke", methods=["GET", "POST"])
@roles_required("admin")
def revoke_token(token_id: int) -> Any:
    """Ask first (GET); then revoke the token, which stops working at once (POST)."""
    token = next((t for t in token_service.list_tokens(actor=actor()) if t.id == token_id), None)
    if token is None:
        return render_template("errors/error.html", status=404), 404
    if ActionForm().validate_on_submit():
        token_service.revoke_token_by_id(token_id, actor=actor())
        flash(gettext("The token %(prefix)s… is revoked.", prefix=token.prefix), "success")
        return redirect(url_for("admin.tokens"), code=303)
    return render_template("admin/confirm_revoke.html", token=token)
