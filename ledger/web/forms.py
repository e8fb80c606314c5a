"""Forms every page uses (Flask-WTF: every form carries a CSRF token): sign-in, language, idempotent booking forms."""
from __future__ import annotations

from typing import Any
from uuid import uuid4

from flask import flash
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectChoice, SelectField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from ledger.domain.errors import InvalidInput
from ledger.services.idempotency import MAX_KEY_LENGTH
from ledger.web.errors import apply_field_errors, describe


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Sign in"))


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=[SelectChoice("sv", "Svenska"), SelectChoice("en", "English")])
    next = HiddenField()
    submit = SubmitField(_l("Change"))


class ActionForm(FlaskForm):
    """A button-only form (sign out, issue ...): nothing but the CSRF token."""

    submit = SubmitField()


class PasswordChangeForm(FlaskForm):
    """A signed-in user's new password, with the current one as proof."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("New password again"),
                            validators=[DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))])
    submit = SubmitField(_l("Change password"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Send a link"))


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("New password again"),
                            validators=[DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))])
    submit = SubmitField(_l("Set password"))


def page_language() -> str:
    """The language the page is shown in: sv or en."""
    locale = get_locale()
    return locale.language if locale is not None and locale.language in ("sv", "en") else "sv"


def bilingual(sv: str, en: str) -> str:
    """The text of a catalogue pair in the page's language."""
    return en if page_language() == "en" else sv


def show_service_errors(form: FlaskForm, error: InvalidInput) -> None:
    """Put a service's field errors next to the fields; flash those that fit no field, and a summary."""
    for problem in apply_field_errors(form, error):
        flash(problem, "error")
    flash(describe(error), "error")


def optional_int(value: Any) -> int | None:
    """A select's or field's value as a whole number; None when nothing was chosen."""
    return int(value) if value not in (None, "", "None") else None  # type: ignore[arg-type]


def optional_text(value: Any) -> str | None:
    """A field's text; None when it was left empty."""
    return value if value not in (None, "") else None


class IdempotentForm(FlaskForm):
    """A form that books something: the hidden key makes a double click book once."""

    idempotency_key = HiddenField(validators=[Length(max=MAX_KEY_LENGTH)])

    def ensure_key(self) -> str:
        """The form's key, a new one when the form is rendered for the first time."""
        if not self.idempotency_key.data:
            self.idempotency_key.data = uuid4().hex
        return self.idempotency_key.data
