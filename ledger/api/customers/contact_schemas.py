"""Wire formats of contacts and of a customer's missing roles and recommendations (docs/contacts-and-agreements.md, docs/api.md).

Input fields are only typed here: the service checks them all at once, so that one answer names every bad field.
"""
from __future__ import annotations

from typing import Any

import marshmallow as ma

from ledger.domain.customers.contact_roles import ROLES, RoleGap


class RoleText(ma.Schema):
    """A text in Swedish and English."""

    sv = ma.fields.String()
    en = ma.fields.String()


class ContactIn(ma.Schema):
    """A person at the customer and the roles they hold."""

    name = ma.fields.Raw(required=True, metadata={"type": "string", "maxLength": 200})
    email = ma.fields.Raw(required=True, metadata={"type": "string", "format": "email", "maxLength": 254})
    phone = ma.fields.Raw(allow_none=True, metadata={"type": "string", "maxLength": 40})
    language = ma.fields.Raw(allow_none=True, metadata={"type": "string", "enum": ["sv", "en"]})
    roles = ma.fields.Raw(load_default=list, metadata={
        "type": "array", "items": {"type": "string", "enum": list(ROLES)}})


class ContactPatch(ma.Schema):
    """Some of a contact's fields; those left out stay as they are."""

    name = ma.fields.Raw(metadata={"type": "string", "maxLength": 200})
    email = ma.fields.Raw(metadata={"type": "string", "format": "email", "maxLength": 254})
    phone = ma.fields.Raw(allow_none=True, metadata={"type": "string", "maxLength": 40})
    language = ma.fields.Raw(allow_none=True, metadata={"type": "string", "enum": ["sv", "en"]})
    roles = ma.fields.Raw(metadata={"type": "array", "items": {"type": "string", "enum": list(ROLES)}})


class ContactOut(ma.Schema):
    id = ma.fields.Integer()
    customer_id = ma.fields.Integer()
    name = ma.fields.String()
    email = ma.fields.String()
    phone = ma.fields.String(allow_none=True)
    language = ma.fields.String()
    roles = ma.fields.List(ma.fields.String(), attribute="role_names", metadata={"items": {"enum": list(ROLES)}})
    created_at = ma.fields.DateTime()
    removed_at = ma.fields.DateTime(allow_none=True)


class RoleGapOut(ma.Schema):
    """A role with too few contacts: how many there are and how many are wanted, explained in sv and en."""

    role = ma.fields.String(metadata={"enum": list(ROLES)})
    count = ma.fields.Integer()
    wanted = ma.fields.Integer()
    label = ma.fields.Nested(RoleText)
    explanation = ma.fields.Nested(RoleText)


def role_gap_document(gap: RoleGap) -> dict[str, Any]:
    """A gap as plain data, labels and explanations in both languages."""
    requirement = gap.requirement
    return {"role": gap.role, "count": gap.count, "wanted": gap.wanted,
            "label": {"sv": requirement.label_sv, "en": requirement.label_en},
            "explanation": {"sv": requirement.explanation_sv, "en": requirement.explanation_en}}
