"""Who is calling (`GET /me`) and who can be assigned cases (`GET /users?role=staff`), docs/support.md."""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from ledger.api.auth import authenticate, current_actor
from ledger.api.blueprint import ApiBlueprint
from ledger.models.users import ROLES
from ledger.services.people import team

blp = ApiBlueprint("users", __name__, url_prefix="/api/v1", description="Users: the caller and the support team")
blp.before_request(authenticate)


class UserOut(ma.Schema):
    """A user as colleagues and clients see them."""

    id = ma.fields.Integer()
    name = ma.fields.String(attribute="display_name")
    email = ma.fields.String()
    role = ma.fields.String(metadata={"enum": list(ROLES)})


class MeOut(UserOut):
    """The caller: a customer user also says which customer it belongs to."""

    customer_id = ma.fields.Integer(allow_none=True)
    language = ma.fields.String(allow_none=True, metadata={"description": "sv or en; null: the browser's"})


class UsersQuery(ma.Schema):
    """Which users: `staff` are those who can be assigned cases (active staff and admins)."""

    role = ma.fields.String(load_default="staff", validate=validate.OneOf(["staff"]))


@blp.route("/me")
@blp.response(200, MeOut)
def me() -> Any:
    """The signed-in user or the API token's owner: id, name, e-mail, role."""
    return team.current_user_of(current_actor())


@blp.route("/users")
@blp.arguments(UsersQuery, location="query")
@blp.response(200, UserOut(many=True))
def list_users(query: dict[str, Any]) -> Any:
    """The active staff and admins, who can be assigned cases, by name (staff, admins and finance)."""
    return team.list_assignable_users(actor=current_actor())
