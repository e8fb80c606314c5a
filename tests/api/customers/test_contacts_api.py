"""Contacts with roles through the API (docs/api.md): 422s naming each field, the audit trail, isolation."""
from __future__ import annotations

from sqlalchemy import select

from ledger.extensions import db
from ledger.models import ContactChange

KARIN = {"name": "Karin Ek", "email": "karin@nordlys.example", "language": "sv",
         "roles": ["contract_manager", "service_owner"]}


def test_a_contact_with_roles_is_created_listed_and_fills_the_missing_roles(api, make_customer):
    customer = make_customer(deployment="on_premise")
    staff = api("staff")
    before = staff.get(f"/api/v1/customers/{customer.id}").get_json()
    assert before["deployment"] == "on_premise"
    assert [gap["role"] for gap in before["missing_roles"]] == [
        "expert_user", "contract_manager", "service_owner", "operations_technician"]
    assert before["missing_roles"][3]["label"] == {"sv": "Driftstekniker", "en": "Operations technician"}
    answer = staff.post(f"/api/v1/customers/{customer.id}/contacts", json=KARIN)
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["roles"] == ["contract_manager", "service_owner"]
    after = staff.get(f"/api/v1/customers/{customer.id}").get_json()
    assert [gap["role"] for gap in after["missing_roles"]] == ["expert_user", "operations_technician"]
    assert [(gap["role"], gap["count"], gap["wanted"]) for gap in after["recommendations"]] == [
        ("contract_manager", 1, 2), ("service_owner", 1, 2)]
    listed = api("customer", customer.id).get(f"/api/v1/customers/{customer.id}/contacts").get_json()
    assert [contact["name"] for contact in listed] == ["Karin Ek"]


def test_bad_email_unknown_role_and_empty_name_are_refused_naming_each_field(api, make_customer):
    customer = make_customer()
    answer = api("staff").post(f"/api/v1/customers/{customer.id}/contacts",
                               json={"name": "  ", "email": "karin-at-nordlys", "roles": ["ceo"]})
    assert answer.status_code == 422
    assert set(answer.get_json()["errors"]) == {"name", "email", "roles"}
    patch_answer = api("staff").patch("/api/v1/contacts/1", json={"email": "nope"})
    assert patch_answer.status_code in (404, 422)


def test_changes_are_kept_in_the_audit_trail_with_who_when_before_and_after(api, make_customer):
    customer = make_customer()
    staff = api("staff")
    contact = staff.post(f"/api/v1/customers/{customer.id}/contacts", json=KARIN).get_json()
    changed = staff.patch(f"/api/v1/contacts/{contact['id']}", json={"roles": ["expert_user"], "phone": "08-123 45"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["roles"] == ["expert_user"] and changed.get_json()["email"] == KARIN["email"]
    removed = staff.delete(f"/api/v1/contacts/{contact['id']}")
    assert removed.status_code == 200 and removed.get_json()["removed_at"] is not None
    assert staff.get(f"/api/v1/customers/{customer.id}/contacts").get_json() == []
    trail = db.session.execute(select(ContactChange).order_by(ContactChange.id)).scalars().all()
    assert [change.action for change in trail] == ["created", "updated", "removed"]
    assert {change.actor_id for change in trail} == {staff.actor.id}
    assert trail[1].before["roles"] == ["contract_manager", "service_owner"]
    assert trail[1].after["roles"] == ["expert_user"] and trail[1].after["phone"] == "08-123 45"
    assert trail[2].after["removed"] is True
    again = staff.delete(f"/api/v1/contacts/{contact['id']}")
    assert again.status_code == 409 and again.get_json()["code"] == "contact_removed"


def test_a_customer_user_reads_only_its_own_contacts_and_changes_none(api, make_customer):
    ours, theirs = make_customer(), make_customer()
    staff = api("staff")
    their_contact = staff.post(f"/api/v1/customers/{theirs.id}/contacts", json=KARIN).get_json()
    our_contact = staff.post(f"/api/v1/customers/{ours.id}/contacts", json=KARIN).get_json()
    customer_user = api("customer", ours.id)
    assert customer_user.get(f"/api/v1/customers/{theirs.id}/contacts").status_code == 404
    assert customer_user.patch(f"/api/v1/contacts/{their_contact['id']}", json={"name": "X"}).status_code == 403
    assert customer_user.delete(f"/api/v1/contacts/{their_contact['id']}").status_code == 403
    assert customer_user.post(f"/api/v1/customers/{theirs.id}/contacts", json=KARIN).status_code in (403, 404)
    assert customer_user.post(f"/api/v1/customers/{ours.id}/contacts", json=KARIN).status_code == 403
    assert customer_user.patch(f"/api/v1/contacts/{our_contact['id']}", json={"name": "X"}).status_code == 403
    assert staff.get(f"/api/v1/customers/{theirs.id}/contacts").get_json()[0]["name"] == "Karin Ek"
