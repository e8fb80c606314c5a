"""Signing in and out, choosing the language, and the start page of each role."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ledger.domain.errors import DomainError
from ledger.services.people.sessions import end_session
from ledger.services.people.signin import set_language, sign_in
from ledger.web.errors import describe
from ledger.web.forms import ActionForm, LanguageForm, LoginForm
from ledger.web.redirects import safe_next

bp = Blueprint("auth", __name__)

HOME = {"admin": "staff.customers", "staff": "staff.customers", "finance": "finance.overview", "customer": "portal.home"}
#: The key of the server-side session's token in the (signed) session cookie; see ledger.services.people.sessions.
SESSION_TOKEN_KEY = "session_token"


@bp.route("/")
def home() -> Any:
    """Each role's start page; the sign-in page for visitors."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for(HOME[current_user.role]))


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Sign in with e-mail and password; repeated failures are throttled."""
    form = LoginForm()
    error = None
    status = 200
    if form.validate_on_submit():
        try:
            signed_in = sign_in(form.email.data, form.password.data, request.remote_addr or "unknown")
        except DomainError as refused:
            error, status = describe(refused), 429 if refused.code == "too_many_attempts" else 401
        else:
            user = signed_in.user
            chosen = session.get("language")
            session.clear()  # a fresh session for the signed-in user (no fixation of the visitor's)
            session[SESSION_TOKEN_KEY] = signed_in.session_token
            login_user(user)
            if chosen:  # a language picked on the sign-in page is the user's latest choice
                session["language"] = chosen
                set_language(user.id, chosen)
            return redirect(safe_next(request.args.get("next")) or url_for(HOME[user.role]), code=303)
    elif form.is_submitted():
        status = 400
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Any:
    """Sign out (a POST with the CSRF token, so no other site can sign you out); the session ends on the server,
    so a copy of the cookie stops working too."""
    if ActionForm().validate_on_submit():
        end_session(session.get(SESSION_TOKEN_KEY))
        logout_user()
        session.clear()
    return redirect(url_for("auth.login"), code=303)


@bp.route("/language", methods=["POST"])
def language() -> Any:
    """Switch between Swedish and English; remembered for the user, or for the session before signing in."""
    form = LanguageForm()
    if form.validate_on_submit():
        session["language"] = form.language.data
        if current_user.is_authenticated:
            set_language(current_user.id, form.language.data)
    return redirect(safe_next(form.next.data) or url_for("auth.home"), code=303)
