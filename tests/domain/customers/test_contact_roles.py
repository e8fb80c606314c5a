"""Role requirements as data: what each customer must name among its contacts (no app, no database)."""
from __future__ import annotations

import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.config import PLANS_DIR
from ledger.domain.customers.contact_roles import parse_contact_roles, role_gaps
from ledger.domain.errors import PlanError

REQUIREMENTS = parse_contact_roles(tomllib.loads((PLANS_DIR / "contact_roles.toml").read_text(encoding="utf-8")))
FULL_HOSTED = {"expert_user": 1, "contract_manager": 2, "service_owner": 2}


def roles_of(gaps):
    return [(gap.role, gap.count, gap.wanted) for gap in gaps]


@pytest.mark.parametrize("deployment, counts, missing, recommended", [
    ("hosted", {}, [("expert_user", 0, 1), ("contract_manager", 0, 1), ("service_owner", 0, 1)], []),
    ("on_premise", {}, [("expert_user", 0, 1), ("contract_manager", 0, 1), ("service_owner", 0, 1),
                        ("operations_technician", 0, 1)], []),
    ("hosted", {"expert_user": 1, "contract_manager": 1, "service_owner": 1}, [],
     [("contract_manager", 1, 2), ("service_owner", 1, 2)]),
    ("hosted", FULL_HOSTED, [], []),
    ("on_premise", FULL_HOSTED, [("operations_technician", 0, 1)], []),
    ("on_premise", {**FULL_HOSTED, "operations_technician": 1}, [], []),
    ("hosted", {**FULL_HOSTED, "operations_technician": 0}, [], []),
    ("on_premise", {"expert_user": 3, "contract_manager": 1, "service_owner": 2, "operations_technician": 1}, [],
     [("contract_manager", 1, 2)]),
])
def test_missing_roles_and_recommendations_follow_the_deployment_and_the_counts(deployment, counts, missing,
                                                                                recommended):
    found_missing, found_recommended = role_gaps(REQUIREMENTS, deployment, counts)
    assert roles_of(found_missing) == missing
    assert roles_of(found_recommended) == recommended


def test_the_requirements_carry_the_seed_texts_in_swedish_and_english():
    technician = REQUIREMENTS.roles["operations_technician"]
    assert technician.deployments == ("on_premise",)
    assert (technician.label_sv, technician.label_en) == ("Driftstekniker", "Operations technician")
    assert "servrar" in technician.explanation_sv and "servers" in technician.explanation_en
    assert REQUIREMENTS.roles["contract_manager"].recommended == 2


@pytest.mark.parametrize("change, complaint", [
    (lambda doc: doc["roles"].pop("service_owner"), "describe exactly the roles"),
    (lambda doc: doc["roles"]["expert_user"].update(recommended=0, minimum=1), "at least `minimum`"),
    (lambda doc: doc["roles"]["expert_user"].update(deployments=["cloud"]), "deployments"),
    (lambda doc: doc["roles"]["expert_user"].update(label_sv=""), "label_sv"),
    (lambda doc: doc["roles"]["expert_user"].update(minimum="one"), "minimum"),
])
def test_a_broken_requirements_file_is_refused_naming_what_is_wrong(change, complaint):
    document = tomllib.loads((PLANS_DIR / "contact_roles.toml").read_text(encoding="utf-8"))
    change(document)
    with pytest.raises(PlanError, match=complaint):
        parse_contact_roles(document)


@given(deployment=st.sampled_from(["hosted", "on_premise"]),
       counts=st.dictionaries(st.sampled_from(list(REQUIREMENTS.roles)), st.integers(0, 4)))
@settings(max_examples=60)
def test_every_applicable_role_is_missing_recommended_or_satisfied_exactly_once(deployment, counts):
    missing, recommended = role_gaps(REQUIREMENTS, deployment, counts)
    applicable = {requirement.role for requirement in REQUIREMENTS.applying_to(deployment)}
    assert {gap.role for gap in missing}.isdisjoint(gap.role for gap in recommended)
    assert {gap.role for gap in missing} | {gap.role for gap in recommended} <= applicable
    for gap in missing:
        assert gap.count < REQUIREMENTS.roles[gap.role].minimum == gap.wanted
    for role in applicable - {gap.role for gap in missing} - {gap.role for gap in recommended}:
        assert counts.get(role, 0) >= REQUIREMENTS.roles[role].recommended
