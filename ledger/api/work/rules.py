"""The rule catalogue and a dry-run classification."""
from __future__ import annotations

from typing import Any

import marshmallow as ma

from ledger.api.auth import authenticate, current_actor
from ledger.api.blueprint import ApiBlueprint
from ledger.api.work.schemas import PreviewOut, TaskFactsIn
from ledger.domain.work.catalogue import Catalogue
from ledger.services.work.preview import classify_task
from ledger.services.work.rules import active_catalogue

blp = ApiBlueprint("rules", __name__, url_prefix="/api/v1", description="The terms as rules")
blp.before_request(authenticate)


class Bilingual(ma.Schema):
    sv = ma.fields.String()
    en = ma.fields.String()


class CategoryOut(ma.Schema):
    key = ma.fields.String()
    label = ma.fields.Nested(Bilingual)
    help = ma.fields.Nested(Bilingual)
    requires = ma.fields.List(ma.fields.String())
    uses = ma.fields.List(ma.fields.String(), metadata={"description": "facts that can change the outcome"})


class RuleOut(ma.Schema):
    id = ma.fields.String()
    outcome = ma.fields.String()
    clause = ma.fields.String()
    terms = ma.fields.String()
    label = ma.fields.Nested(Bilingual)
    reason = ma.fields.Nested(Bilingual)


class RootCauseOut(ma.Schema):
    key = ma.fields.String()
    label = ma.fields.Nested(Bilingual)


class CatalogueOut(ma.Schema):
    """The active catalogue: categories, how each is decided, and the rules with their reasons."""

    id = ma.fields.String()
    version = ma.fields.String()
    title = ma.fields.Nested(Bilingual)
    source = ma.fields.String()
    categories = ma.fields.List(ma.fields.Nested(CategoryOut))
    rules = ma.fields.List(ma.fields.Nested(RuleOut))
    root_causes = ma.fields.List(ma.fields.Nested(RootCauseOut))


def catalogue_document(catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue as plain data for CatalogueOut."""
    return {
        "id": catalogue.id,
        "version": catalogue.version,
        "title": {"sv": catalogue.title_sv, "en": catalogue.title_en},
        "source": catalogue.source,
        "categories": [
            {"key": c.key, "label": {"sv": c.label_sv, "en": c.label_en}, "help": {"sv": c.help_sv, "en": c.help_en},
             "requires": list(c.requires), "uses": list(c.uses)}
            for c in catalogue.categories.values()
        ],
        "rules": [
            {"id": r.id, "outcome": r.outcome, "clause": r.clause, "terms": r.terms,
             "label": {"sv": r.label_sv, "en": r.label_en}, "reason": {"sv": r.reason_sv, "en": r.reason_en}}
            for r in catalogue.rules.values()
        ],
        "root_causes": [
            {"key": key, "label": {"sv": sv, "en": en}} for key, (sv, en) in catalogue.root_cause_labels.items()
        ],
    }


@blp.route("/rules")
@blp.response(200, CatalogueOut)
def get_rules() -> Any:
    """The active rule catalogue."""
    return catalogue_document(active_catalogue())


@blp.route("/classify", methods=["POST"])
@blp.arguments(TaskFactsIn)
@blp.response(200, PreviewOut)
@blp.alt_response(404, response="NOT_FOUND")
def classify(data: dict[str, Any]) -> Any:
    """What the terms decide for these facts, and what it would bill the customer; writes nothing."""
    return classify_task(data, actor=current_actor())
