"""HTML pages: sign-in, staff, customer portal and finance (form -> service -> template)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, request, session
from flask_babel import get_locale, gettext
from flask_login import current_user

from ledger.domain.people.passwords import min_password_length
from ledger.domain.problems import N_
from ledger.extensions import csrf, login_manager
from ledger.models import User
from ledger.services.access import STAFF_ROLES, Actor
from ledger.services.people.sessions import user_for_session
from ledger.services.work.review_queue import count_review_queue
from ledger.web.errors import register_page_errors
from ledger.web.forms import ActionForm, LanguageForm
from ledger.web.names import person_name
from ledger.web.people import auth

#: Pages load nothing from other sites; no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

assets = Blueprint("assets", __name__, static_folder="static", static_url_path="/static")


def _page_blueprints() -> list[Blueprint]:
    from ledger.web import api_docs
    from ledger.web.billing import month as finance
    from ledger.web.books import pages as books
    from ledger.web.customers import portal, staff
    from ledger.web.payments import pages as payments
    from ledger.web.people import account, admin

    return [auth.bp, account.bp, admin.bp, staff.bp, portal.bp, finance.bp, books.bp, payments.bp, api_docs.bp, assets]


def language_form() -> LanguageForm:
    """The header's language switch, set to the page's language, returning to this page."""
    locale = get_locale()
    return LanguageForm(formdata=None, language=locale.language if locale else "sv", next=request.full_path.rstrip("?"))


def review_queue_count() -> int | None:
    """How many tasks wait for review, for the staff menu; None for anyone who does not work the queue."""
    if not current_user.is_authenticated or current_user.role not in STAFF_ROLES:
        return None
    return count_review_queue(actor=Actor.of(current_user))


def init_web(app: Flask) -> None:
    """Sessions, CSRF, security headers and the page blueprints."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Flask-Login's own "Please log in to access this page." is English only; ours is looked up per request.
    login_manager.login_message = N_("Please sign in to see this page.")
    login_manager.localize_callback = gettext
    login_manager.session_protection = "strong"
    csrf.init_app(app)
    for blueprint in _page_blueprints():
        app.register_blueprint(blueprint)
    for name in ("customers", "tasks", "rules", "invoices", "plans", "agreements", "cases", "payments", "contacts",
                 "exchange_rates", "users", "case_team", "conversation", "maildesk", "timers"):
        csrf.exempt(app.blueprints[name])  # bearer-token clients; session callers are checked in api.auth
    register_page_errors(app)

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        # The signed cookie alone is not enough: its server-side session must still be live (not signed out).
        user = user_for_session(session.get(auth.SESSION_TOKEN_KEY))
        return user if user is not None and str(user.id) == user_id else None

    @app.context_processor
    def page_context() -> dict[str, Any]:
        return {"language_form": language_form, "action_form": lambda: ActionForm(formdata=None), "user": current_user,
                "get_locale": get_locale, "person_name": person_name, "min_length": min_password_length,
                "review_queue_count": review_queue_count}

    @app.after_request
    def security_headers(response: Any) -> Any:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
