"""Contacts of a customer with their roles (docs/api.md); every change is kept in the audit trail."""
from __future__ import annotations

from typing import Any

from ledger.api.auth import authenticate, current_actor
from ledger.api.blueprint import ApiBlueprint
from ledger.api.customers.contact_schemas import ContactIn, ContactOut, ContactPatch
from ledger.services.customers import contacts

blp = ApiBlueprint("contacts", __name__, url_prefix="/api/v1", description="Contacts at customers and their roles")
blp.before_request(authenticate)


@blp.route("/customers/<int:customer_id>/contacts", methods=["POST"])
@blp.arguments(ContactIn)
@blp.response(201, ContactOut)
@blp.alt_response(404, response="NOT_FOUND")
def create_contact(data: dict[str, Any], customer_id: int) -> Any:
    """Add a contact with roles (admin, staff)."""
    return contacts.create_contact(customer_id, data, actor=current_actor())


@blp.route("/customers/<int:customer_id>/contacts", methods=["GET"])
@blp.response(200, ContactOut(many=True))
@blp.alt_response(404, response="NOT_FOUND")
def list_contacts(customer_id: int) -> Any:
    """The customer's current contacts (a customer user: its own)."""
    return contacts.list_contacts(customer_id, actor=current_actor())


@blp.route("/contacts/<int:contact_id>", methods=["PATCH"])
@blp.arguments(ContactPatch)
@blp.response(200, ContactOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def update_contact(data: dict[str, Any], contact_id: int) -> Any:
    """Change a contact's fields or roles (admin, staff).

    :raise 404: unknown, or another customer's.  :raise 409: removed.
    """
    return contacts.update_contact(contact_id, data, actor=current_actor())


@blp.route("/contacts/<int:contact_id>", methods=["DELETE"])
@blp.response(200, ContactOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def remove_contact(contact_id: int) -> Any:
    """Remove a contact who left (admin, staff); the row and its history stay."""
    return contacts.remove_contact(contact_id, actor=current_actor())
