"""Forms of the service-account pages: selling hours, adjusting the balance, closing."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ledger.domain.minutes import MAX_ENTRY_MINUTES
from ledger.services.work.tasks import MAX_NOTE_LENGTH
from ledger.web.forms import IdempotentForm
from ledger.web.input_fields import AmountField, DurationField


class HourPackageForm(IdempotentForm):
    """Hours are sold in hours and minutes; the price is typed as people write amounts."""

    hours = IntegerField(_l("Hours"), validators=[Optional(), NumberRange(0, MAX_ENTRY_MINUTES // 60)])
    minutes = IntegerField(_l("and minutes"), validators=[Optional(), NumberRange(0, MAX_ENTRY_MINUTES)])
    price = AmountField(_l("Price"), validators=[DataRequired(), Length(max=40)])

    def __init__(self, *args: Any, currency: str = "SEK", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency

    def validate_price(self, field: AmountField) -> None:
        field.read(self.currency)

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields, then the package as a whole: some time, and no more than one entry may hold."""
        valid = super().validate(extra_validators)
        if valid and not 1 <= self.total_minutes <= MAX_ENTRY_MINUTES:
            self.hours.errors = [*self.hours.errors, str(_l("Give the hours (and minutes) of the package."))]
            valid = False
        return valid

    @property
    def total_minutes(self) -> int:
        """The package's size in minutes."""
        return (self.hours.data or 0) * 60 + (self.minutes.data or 0)


class AdjustmentForm(FlaskForm):
    """A manual correction (admin only)."""

    minutes = DurationField(_l("Time (negative to take away)"), id="adjust-minutes", signed=True,
                            high=MAX_ENTRY_MINUTES, validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), id="adjust-reason", validators=[DataRequired(), Length(max=MAX_NOTE_LENGTH)])


class CloseForm(FlaskForm):
    reason = TextAreaField(_l("Reason for closing"), id="close-reason",
                           validators=[DataRequired(), Length(max=MAX_NOTE_LENGTH)])
