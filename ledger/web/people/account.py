"""One's own password: change it when signed in, or set a new one by a link mailed to the address."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from ledger.domain.errors import Conflict, InvalidInput
from ledger.jobs.tasks import ask_for_reset_link
from ledger.services.people import passwords
from ledger.services.people.signin import TooManyAttempts
from ledger.web.access import actor
from ledger.web.errors import describe
from ledger.web.forms import ForgotPasswordForm, PasswordChangeForm, ResetPasswordForm, show_service_errors
from ledger.web.people.auth import SESSION_TOKEN_KEY

bp = Blueprint("account", __name__)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Any:
    """Change one's own password (the current one is asked for); every other browser is signed out."""
    form = PasswordChangeForm()
    status = 200
    if form.validate_on_submit():
        try:
            ended = passwords.change_own_password(form.current_password.data, form.new_password.data, actor=actor(),
                                                  ip=request.remote_addr or "unknown",
                                                  keep_session=session.get(SESSION_TOKEN_KEY))
        except InvalidInput as error:
            show_service_errors(form, error)
            status = 422
        except TooManyAttempts as error:
            form.current_password.errors = [*form.current_password.errors, describe(error)]
            status = 429
        else:
            flash(gettext("Your password was changed; %(count)s other sign-ins were ended.", count=ended), "success")
            return redirect(url_for("auth.home"), code=303)
    elif form.is_submitted():
        status = 422
    return render_template("account/password.html", form=form), status


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password() -> Any:
    """Ask for a link to set a new password; the answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        ask_for_reset_link(form.email.data)
        return render_template("account/forgot_sent.html", email=form.email.data.strip().lower())
    return render_template("account/forgot.html", form=form), 422 if form.is_submitted() else 200


def _no_store(page: Any, status: int = 200) -> Any:
    """A page whose address carries a secret: not cached, and its address not sent on to other pages."""
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Any:
    """Set a new password with a one-time link; it signs out every browser of that user, and the link is used up."""
    if current_user.is_authenticated:
        flash(gettext("Sign out first to use a link to set a password."), "error")
        return redirect(url_for("auth.home"), code=303)
    person = passwords.reset_link_user(token)
    if person is None:
        return _no_store(render_template("account/reset_invalid.html"), 404)
    form = ResetPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            passwords.reset_password(token, form.new_password.data)
        except InvalidInput as error:
            show_service_errors(form, error)
            status = 422
        except Conflict as error:
            flash(describe(error), "error")
            return _no_store(render_template("account/reset_invalid.html"), 409)
        else:
            flash(gettext("Your password is set. Sign in with it."), "success")
            return redirect(url_for("auth.login"), code=303)
    elif form.is_submitted():
        status = 422
    return _no_store(render_template("account/reset.html", form=form, person=person), status)
