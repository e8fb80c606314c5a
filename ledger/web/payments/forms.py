"""Forms of the payments page: the bank's file, and assigning an unmatched payment to an invoice."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length


class BgMaxUploadForm(FlaskForm):
    """The morning's BgMax file, exactly as the bank delivered it."""

    file = FileField(_l("BgMax file from the bank"), validators=[
        FileRequired(_l("Choose the BgMax file the bank delivered."))])
    submit = SubmitField(_l("Import payments"))


class AssignForm(FlaskForm):
    """Which open invoice an unmatched payment pays, and why; prefixed by the payment so that each form on the
    page has its own field ids. The app-wide CSRF check covers it (the page sends the token as csrf_token)."""

    class Meta:
        csrf = False

    invoice_id = SelectField(_l("Invoice"), coerce=int, validate_choice=True,
                             validators=[DataRequired(_l("Choose the invoice the payment pays."))])
    reason = TextAreaField(_l("Why this invoice"), validators=[
        DataRequired(_l("Write why the payment belongs to this invoice.")), Length(max=1000)])
    submit = SubmitField(_l("Assign the payment"))
