"""Forms of the admin pages for users and API tokens."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ledger.services.people.tokens import MAX_TOKEN_DAYS
from ledger.services.people.users import MAX_DISPLAY_NAME_LENGTH
from ledger.web.forms import optional_int


def role_choices() -> list[tuple[str, str]]:
    """The roles, named in the page's language."""
    return [("staff", _l("Support (staff)")), ("finance", _l("Finance")), ("admin", _l("Administrator")),
            ("customer", _l("Customer user"))]




class NewUserForm(FlaskForm):
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=MAX_DISPLAY_NAME_LENGTH)])
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    role = SelectField(_l("Role"), validators=[DataRequired()])
    customer = SelectField(_l("Customer (for a customer user)"), coerce=optional_int, validators=[Optional()])
    password = PasswordField(_l("First password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Create user"))


class RenameForm(FlaskForm):
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=MAX_DISPLAY_NAME_LENGTH)])
    submit = SubmitField(_l("Save name"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), validators=[DataRequired()])
    submit = SubmitField(_l("Change role"))


class NewTokenForm(FlaskForm):
    user_id = SelectField(_l("For user"), coerce=optional_int, validators=[DataRequired()])
    expires_in_days = IntegerField(_l("Valid for (days)"),
                                   validators=[Optional(), NumberRange(min=1, max=MAX_TOKEN_DAYS)])
    submit = SubmitField(_l("Create token"))
