"""Forms of the sign-in and language pages (Flask-WTF: every form carries a CSRF token)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectChoice, SelectField, SubmitField
from wtforms.validators import DataRequired, Length


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
