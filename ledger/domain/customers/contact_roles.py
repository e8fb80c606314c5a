"""Key roles at a customer as data (docs/contacts-and-agreements.md): which roles each customer must name, how many we recommend.

A requirements file (TOML, ledger/plans/contact_roles.toml) looks like:

    [contact_roles_file]
    id = "contact_roles"
    version = "2026.1"
    source = "…"

    [roles.operations_technician]
    minimum = 1                       # a customer with fewer is missing the role
    recommended = 1                   # fewer than this (but at least the minimum) is a recommendation
    deployments = ["on_premise"]      # the customers the role applies to: hosted and/or on_premise
    label_sv, label_en, explanation_sv, explanation_en
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ledger.domain.customers.terms import DEPLOYMENTS
from ledger.domain.errors import PlanError

ROLES = ("expert_user", "contract_manager", "service_owner", "operations_technician")
#: No requirement asks for more people than this in one role (a typo such as 20 is refused).
MAX_ROLE_COUNT = 10


@dataclass(frozen=True)
class RoleRequirement:
    """One role: its minimum and recommended number of contacts, whom it applies to, and what it means."""

    role: str
    minimum: int
    recommended: int
    deployments: tuple[str, ...]
    label_sv: str
    label_en: str
    explanation_sv: str
    explanation_en: str


@dataclass(frozen=True)
class ContactRoles:
    """The role requirements of one file."""

    id: str
    version: str
    source: str
    roles: dict[str, RoleRequirement]

    def applying_to(self, deployment: str) -> list[RoleRequirement]:
        """The roles a customer with this deployment needs, in the file's order."""
        return [requirement for requirement in self.roles.values() if deployment in requirement.deployments]


@dataclass(frozen=True)
class RoleGap:
    """A role with fewer contacts than required (missing) or than recommended: how many there are, how many
    are wanted."""

    requirement: RoleRequirement
    count: int
    wanted: int

    @property
    def role(self) -> str:
        return self.requirement.role


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PlanError(f"{where}: `{key}` must be a non-empty string")
    return value.strip()


def _count(table: Mapping[str, Any], key: str, where: str) -> int:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ROLE_COUNT:
        raise PlanError(f"{where}: `{key}` must be a whole number from 0 to {MAX_ROLE_COUNT}")
    return value


def _requirement(role: str, raw: Any) -> RoleRequirement:
    where = f"roles.{role}"
    allowed = {"minimum", "recommended", "deployments", "label_sv", "label_en", "explanation_sv", "explanation_en"}
    if not isinstance(raw, dict) or set(raw) - allowed:
        raise PlanError(f"{where}: must be a table of {', '.join(sorted(allowed))}")
    minimum, recommended = _count(raw, "minimum", where), _count(raw, "recommended", where)
    if recommended < minimum:
        raise PlanError(f"{where}: `recommended` must be at least `minimum`")
    deployments = raw.get("deployments")
    if not isinstance(deployments, list) or not deployments or set(deployments) - set(DEPLOYMENTS):
        raise PlanError(f"{where}: `deployments` must list some of {', '.join(DEPLOYMENTS)}")
    return RoleRequirement(role, minimum, recommended, tuple(d for d in DEPLOYMENTS if d in deployments),
                           *(_text(raw, key, where) for key in ("label_sv", "label_en", "explanation_sv",
                                                                "explanation_en")))


def parse_contact_roles(document: Mapping[str, Any]) -> ContactRoles:
    """Build and check the role requirements of a parsed file; PlanError naming what is wrong.

    Every known role must be described (its label is shown wherever a contact's roles are), and no other.
    """
    head = document.get("contact_roles_file")
    if not isinstance(head, dict):
        raise PlanError("the file needs a [contact_roles_file] table with id and version")
    raw_roles = document.get("roles")
    if not isinstance(raw_roles, dict) or set(raw_roles) != set(ROLES):
        raise PlanError(f"roles: describe exactly the roles {', '.join(ROLES)}")
    return ContactRoles(
        id=_text(head, "id", "contact_roles_file"), version=_text(head, "version", "contact_roles_file"),
        source=str(head.get("source") or ""),
        roles={role: _requirement(role, raw_roles[role]) for role in ROLES},
    )


def role_gaps(requirements: ContactRoles, deployment: str,
              counts: Mapping[str, int]) -> tuple[list[RoleGap], list[RoleGap]]:
    """(missing, recommendations) for a customer with this deployment and these contacts per role.

    A role below its minimum is missing; a role at or above its minimum but below the recommended number is a
    recommendation. Roles that do not apply to the deployment are neither.
    """
    missing, recommendations = [], []
    for requirement in requirements.applying_to(deployment):
        count = counts.get(requirement.role, 0)
        if count < requirement.minimum:
            missing.append(RoleGap(requirement, count, requirement.minimum))
        elif count < requirement.recommended:
            recommendations.append(RoleGap(requirement, count, requirement.recommended))
    return missing, recommendations
