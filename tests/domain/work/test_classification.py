"""The rule engine: docs/rules-and-plans.md row by row for the Swedish terms, and engine properties for every catalogue."""
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.config import RULES_DIR
from ledger.domain.errors import InvalidInput
from ledger.domain.work.catalogue import OUTCOMES, ROOT_CAUSES, CatalogueError, load_catalogue, parse_catalogue
from ledger.domain.work.classification import TaskFacts, check_task_facts, classify

CATALOGUES = {path.stem: load_catalogue(path) for path in sorted(RULES_DIR.glob("*.toml"))}
SWEDISH = CATALOGUES["sv_servicekonto"]

#: docs/rules-and-plans.md: (category, facts, outcome, rule_id).
SWEDISH_TABLE = [
    ("hosting", {}, "included", "included.hosting"),
    ("partner_api_update", {}, "included", "included.partner_api_update"),
    ("partner_api_update", {"partner_new_major_version": False}, "included", "included.partner_api_update"),
    ("partner_api_update", {"partner_new_major_version": True}, "debited", "debited.partner_major_upgrade"),
    ("guidance", {}, "included", "included.guidance"),
    ("qualified_help", {}, "debited", "debited.qualified_help"),
    ("troubleshooting", {"root_cause": "our_product"}, "included", "included.our_product_fault"),
    ("troubleshooting", {"root_cause": "partner_change"}, "included", "included.partner_api_update"),
    ("troubleshooting", {"root_cause": "partner_change", "partner_new_major_version": True}, "debited",
     "debited.partner_major_upgrade"),
    ("troubleshooting", {"root_cause": "customer_change"}, "debited", "debited.customer_caused_fault"),
    ("troubleshooting", {}, "needs_review", "review.fault_cause_unknown"),
    ("troubleshooting", {"root_cause": "unknown"}, "needs_review", "review.fault_cause_unknown"),
    ("account_admin", {}, "included", "included.account_admin"),
    ("installation", {}, "debited", "debited.installation_training"),
    ("training", {}, "debited", "debited.installation_training"),
    ("customer_system_configuration", {}, "debited", "debited.customer_system_configuration"),
    ("configuration_change", {}, "debited", "debited.configuration_change"),
    ("project", {"agreement_reference": "Offert 2026-114"}, "debited", "debited.pre_agreed_project"),
    ("project_management", {"agreement_reference": "Order 88"}, "debited", "debited.pre_agreed_project_management"),
    ("data_configuration", {"agreement_reference": "Order 89"}, "debited", "debited.pre_agreed_data_configuration"),
    ("business_advice", {"agreement_reference": "Offert 7"}, "debited", "debited.pre_agreed_business_advice"),
    ("product_upgrade", {"maintenance_active": True}, "included", "included.maintenance_upgrade"),
    ("product_upgrade", {"maintenance_active": False}, "debited", "debited.upgrade_without_maintenance"),
    ("product_upgrade", {}, "debited", "debited.upgrade_without_maintenance"),
]
PRE_AGREED = ["project", "project_management", "data_configuration", "business_advice"]


@pytest.mark.parametrize(("category", "facts", "outcome", "rule_id"), SWEDISH_TABLE)
def test_the_swedish_terms_decide_each_row_of_the_design_table(category, facts, outcome, rule_id):
    decision = classify(TaskFacts(category, 60, **facts), SWEDISH)
    assert (decision.outcome, decision.rule_id) == (outcome, rule_id)
    assert decision.reason_sv and decision.reason_en and decision.reason_sv != decision.reason_en
    assert (decision.catalogue_id, decision.catalogue_version) == ("sv_servicekonto", SWEDISH.version)


def test_the_design_table_covers_every_swedish_category():
    assert {row[0] for row in SWEDISH_TABLE} == set(SWEDISH.categories)


@pytest.mark.parametrize("category", PRE_AGREED)
@pytest.mark.parametrize("reference", [None, ""])
def test_pre_agreed_work_without_an_agreement_reference_is_refused(category, reference):
    with pytest.raises(InvalidInput) as refused:
        classify(TaskFacts(category, 60, agreement_reference=reference), SWEDISH)
    assert list(refused.value.errors) == ["agreement_reference"]
    assert "agreed in advance" in refused.value.errors["agreement_reference"][0]


# ------------------------------------------------------------------ every catalogue, the same engine

FACTS = st.fixed_dictionaries({
    "root_cause": st.sampled_from([None, *ROOT_CAUSES]),
    "partner_new_major_version": st.sampled_from([None, True, False]),
    "agreement_reference": st.sampled_from([None, "", "Order 1"]),
})


@pytest.mark.parametrize("catalogue", CATALOGUES.values(), ids=CATALOGUES.keys())
@given(data=st.data())
def test_every_category_gets_one_explained_decision_for_any_facts(catalogue, data):
    category = data.draw(st.sampled_from(sorted(catalogue.categories)))
    facts = TaskFacts(category, data.draw(st.integers(1, 1440)), **data.draw(FACTS))
    needs_reference = "agreement_reference" in catalogue.categories[category].requires
    if needs_reference and not facts.agreement_reference:
        with pytest.raises(InvalidInput):
            classify(facts, catalogue)
        return
    decision = classify(facts, catalogue)
    assert decision.outcome in OUTCOMES
    assert decision.rule_id in catalogue.rules
    assert decision.reason_sv.strip() and decision.reason_en.strip() and decision.clause.strip()
    assert classify(replace(facts, minutes=1), catalogue) == decision, "time spent never changes the outcome"


@pytest.mark.parametrize("catalogue", CATALOGUES.values(), ids=CATALOGUES.keys())
def test_an_unknown_category_is_refused_listing_the_valid_ones(catalogue):
    with pytest.raises(InvalidInput) as refused:
        classify(TaskFacts("coffee", 60), catalogue)
    message = refused.value.errors["category"][0]
    assert all(key in message for key in catalogue.categories)


@pytest.mark.parametrize("catalogue", CATALOGUES.values(), ids=CATALOGUES.keys())
def test_every_rule_of_a_catalogue_is_reachable_and_bilingual(catalogue):
    used = {choice.rule_id for category in catalogue.categories.values() for choice in category.choices}
    assert used == set(catalogue.rules)
    for category in catalogue.categories.values():
        assert category.label_sv and category.label_en


def test_the_on_premise_catalogue_has_its_own_categories():
    onprem = CATALOGUES["onprem_support"]
    assert not set(onprem.categories) & {"hosting", "troubleshooting"}
    assert classify(TaskFacts("functionality_question", 30), onprem).outcome == "included"
    assert classify(TaskFacts("on_premise_server_work", 30), onprem).rule_id == "billed.on_premise_server_work"
    assert classify(TaskFacts("remote_incident", 30, root_cause="customer_change"), onprem).outcome == "debited"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"catalogue": {"id": "x", "version": "1", "title_sv": "t", "title_en": "t"}}, "no [categories]"),
        ({"categories": {"a": {"label_sv": "a", "label_en": "a", "decide": [{"rule": "missing"}]}}}, "not defined"),
        ({"rules": {"r": {"outcome": "free"}}}, "outcome must be one of"),
        ({"categories": {"a": {"label_sv": "a", "label_en": "a", "decide": [{"when": {"colour": "red"}, "rule": "r"}]}},
          "rules": {"r": {"outcome": "included", "clause": "c", "terms": "t", "label_sv": "l", "label_en": "l",
                          "reason_sv": "r", "reason_en": "r"}}}, "unknown fact 'colour'"),
        ({"categories": {"a": {"label_sv": "a", "label_en": "a", "decide": [{"when": {"root_cause": "our_product"}, "rule": "r"}]}},
          "rules": {"r": {"outcome": "included", "clause": "c", "terms": "t", "label_sv": "l", "label_en": "l",
                          "reason_sv": "r", "reason_en": "r"}}}, "must end with an entry without `when`"),
    ],
)
def test_a_malformed_catalogue_is_refused_saying_where(document, message):
    with pytest.raises(CatalogueError, match=re.escape(message)):
        parse_catalogue(document)


def test_a_catalogue_file_that_is_not_toml_is_refused(tmp_path: Path):
    path = tmp_path / "broken.toml"
    path.write_text("[catalogue\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="broken.toml"):
        load_catalogue(path)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"minutes": 0}, "minutes"), ({"minutes": 1441}, "minutes"), ({"minutes": 1.5}, "minutes"),
        ({"minutes": -5}, "minutes"), ({"minutes": "60"}, "minutes"), ({"minutes": True}, "minutes"),
        ({"category": "coffee"}, "category"), ({"root_cause": "gremlins"}, "root_cause"),
        ({"partner_new_major_version": "yes"}, "partner_new_major_version"),
        ({"description": "   "}, "description"), ({"work_date": "2026-01-01"}, "work_date"),
    ],
)
def test_reported_facts_are_checked_field_by_field(data, field):
    from datetime import date

    valid = {"category": "hosting", "minutes": 60, "work_date": date(2026, 1, 5), "description": "Server patched"}
    with pytest.raises(InvalidInput) as refused:
        check_task_facts({**valid, **data}, SWEDISH, today=date(2026, 1, 31))
    assert list(refused.value.errors) == [field]


def test_work_cannot_be_logged_for_a_future_day():
    from datetime import date

    with pytest.raises(InvalidInput, match="in the future"):
        check_task_facts({"category": "hosting", "minutes": 5, "work_date": date(2026, 2, 1), "description": "x"},
                         SWEDISH, today=date(2026, 1, 31))
