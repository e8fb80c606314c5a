"""Forms and words of contacts and agreements on the staff and portal pages (docs/contacts-and-agreements.md)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ledger.domain.customers.contact_roles import ROLES, RoleGap
from ledger.models import Agreement
from ledger.services.customers.roles import active_contact_roles
from ledger.services.support.plans import active_maintenance, active_plans
from ledger.web.forms import IdempotentForm, bilingual


def role_label(role: str) -> str:
    """A role's name in the page's language, from the requirements file."""
    requirement = active_contact_roles().roles.get(role)
    return bilingual(requirement.label_sv, requirement.label_en) if requirement else role


def role_explanation(gap: RoleGap) -> str:
    return bilingual(gap.requirement.explanation_sv, gap.requirement.explanation_en)


def variant_label(variant: str | None) -> str:
    pack = active_maintenance().get(variant or "")
    return bilingual(pack.label_sv, pack.label_en) if pack else (variant or "")


def agreement_label(agreement: Agreement) -> str:
    """What was sold, in words: "Underhållsavtal, 1 server" / "Supportplan Gold"."""
    if agreement.kind == "maintenance":
        return gettext("Maintenance agreement, %(variant)s", variant=variant_label(agreement.variant))
    plan = active_plans().plan(agreement.plan or "")
    return gettext("Support plan %(plan)s", plan=bilingual(plan.label_sv, plan.label_en) if plan else agreement.plan)


def contact_helpers() -> dict[str, Any]:
    """What the contact and agreement templates use to put codes into words."""
    return {"role_label": role_label, "role_explanation": role_explanation, "variant_label": variant_label,
            "agreement_label": agreement_label}


class ContactForm(FlaskForm):
    """A person at the customer and the roles they hold."""

    name = StringField(_l("Name"), id="contact-name", validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail address"), id="contact-email", validators=[DataRequired(), Length(max=254)])
    phone = StringField(_l("Phone"), id="contact-phone", validators=[Optional(), Length(max=40)])
    language = SelectField(_l("Language"), id="contact-language", default="sv")
    roles = SelectMultipleField(_l("Roles"), id="contact-roles", widget=ListWidget(prefix_label=False),
                                option_widget=CheckboxInput(), validate_choice=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = [SelectChoice("sv", _l("Swedish")), SelectChoice("en", _l("English"))]
        self.roles.choices = [SelectChoice(role, role_label(role)) for role in ROLES]

    def service_data(self) -> dict[str, Any]:
        return {"name": self.name.data, "email": self.email.data, "phone": self.phone.data or None,
                "language": self.language.data, "roles": list(self.roles.data or [])}


class AgreementForm(IdempotentForm):
    """Sell an agreement: a support plan, or a maintenance pack for a licence."""

    kind = SelectField(_l("Agreement"), id="agreement-kind", default="maintenance")
    plan = SelectField(_l("Support plan"), id="agreement-plan", validate_choice=False)
    variant = SelectField(_l("Maintenance pack"), id="agreement-variant", validate_choice=False)
    licence_reference = StringField(_l("Licence reference"), id="agreement-licence",
                                    validators=[Optional(), Length(max=100)])
    start_date = DateField(_l("Purchase date"), id="agreement-start", validators=[Optional()])
    price = StringField(_l("Price"), id="agreement-price", validators=[Optional(), Length(max=20)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice("maintenance", _l("Maintenance agreement")),
                             SelectChoice("support_plan", _l("Support plan"))]
        self.plan.choices = [SelectChoice(plan.id, bilingual(plan.label_sv, plan.label_en))
                             for plan in active_plans().plans.values()]
        self.variant.choices = [SelectChoice(pack.id, bilingual(pack.description_sv, pack.description_en))
                                for pack in active_maintenance().values()]

    def service_data(self) -> dict[str, Any]:
        """The fields of the chosen kind only; blanks left out so that the service's defaults apply."""
        data: dict[str, Any] = {"kind": self.kind.data}
        if self.kind.data == "support_plan":
            data["plan"] = self.plan.data
        else:
            data["variant"] = self.variant.data
            data["licence_reference"] = self.licence_reference.data or None
        if self.start_date.data:
            data["start_date"] = self.start_date.data
        if self.price.data:
            data["price"] = self.price.data
        return data
