"""Rule catalogues as data: categories, the ordered decisions per category, and bilingual rules.

A catalogue file (TOML, in ledger/rules/) looks like:

    [catalogue]
    id = "sv_servicekonto"
    version = "2026.1"

    [categories.troubleshooting]
    label_sv = "Felsökning"
    label_en = "Troubleshooting"
    requires = []                     # facts that must be given (e.g. agreement_reference)
    decide = [                        # first matching entry wins; the last has no `when`
      { when = { root_cause = "our_product" }, rule = "included.our_product_fault" },
      { rule = "review.fault_cause_unknown" },
    ]

    [rules."included.our_product_fault"]
    outcome = "included"              # included | debited | needs_review
    clause = "…"                      # where in the terms
    terms = "…"                       # the wording of the terms it implements
    label_sv, label_en, reason_sv, reason_en
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OUTCOMES = ("included", "debited", "needs_review")
ROOT_CAUSES = ("our_product", "customer_change", "partner_change", "unknown")
#: Facts a `when` condition or `requires` may name. `over_quota` and `maintenance_active` are not reported by
#: staff: `maintenance_active` is true when a maintenance agreement covers the work date (docs/contacts-and-agreements.md);
#: `over_quota` is true when the
#: task is logged on a support case opened beyond its plan's incidents per month (docs/support.md).
CONDITION_FACTS = ("root_cause", "partner_new_major_version", "agreement_reference", "over_quota",
                   "maintenance_active")


class CatalogueError(ValueError):
    """A catalogue file is malformed; the message says where."""


@dataclass(frozen=True)
class Rule:
    """One rule of the terms, with its outcome and its explanation in both languages."""

    id: str
    outcome: str
    clause: str
    terms: str
    label_sv: str
    label_en: str
    reason_sv: str
    reason_en: str


@dataclass(frozen=True)
class Choice:
    """`rule` applies when every fact in `when` has one of the listed values."""

    rule_id: str
    when: tuple[tuple[str, tuple[Any, ...]], ...] = ()

    def matches(self, facts: dict[str, Any]) -> bool:
        return all(facts.get(name) in values for name, values in self.when)


@dataclass(frozen=True)
class Category:
    """A kind of work, the facts it needs and how it is decided."""

    key: str
    label_sv: str
    label_en: str
    help_sv: str
    help_en: str
    requires: tuple[str, ...]
    uses: tuple[str, ...]
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Catalogue:
    """A versioned set of categories and rules, loaded from one file."""

    id: str
    version: str
    title_sv: str
    title_en: str
    source: str
    categories: dict[str, Category]
    rules: dict[str, Rule]
    root_cause_labels: dict[str, tuple[str, str]]

    def category(self, key: str) -> Category | None:
        return self.categories.get(key)


def _text(table: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = table.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise CatalogueError(f"{where}: `{key}` must be a non-empty string")
    return value.strip()


def _choice(raw: Any, where: str, rules: dict[str, Rule]) -> Choice:
    if not isinstance(raw, dict) or set(raw) - {"when", "rule"} or "rule" not in raw:
        raise CatalogueError(f"{where}: each decide entry is {{ when = {{…}}, rule = \"…\" }}")
    if raw["rule"] not in rules:
        raise CatalogueError(f"{where}: rule {raw['rule']!r} is not defined under [rules]")
    conditions = []
    for fact, values in (raw.get("when") or {}).items():
        if fact not in CONDITION_FACTS:
            raise CatalogueError(f"{where}: unknown fact {fact!r}; conditions may use {', '.join(CONDITION_FACTS)}")
        conditions.append((fact, tuple(values) if isinstance(values, list) else (values,)))
    return Choice(raw["rule"], tuple(conditions))


def parse_catalogue(document: dict[str, Any], source: str = "") -> Catalogue:
    """Build and check a catalogue from parsed TOML; raise CatalogueError naming what is wrong."""
    head = document.get("catalogue") or {}
    rules: dict[str, Rule] = {}
    for rule_id, table in (document.get("rules") or {}).items():
        where = f"rules.{rule_id}"
        outcome = table.get("outcome")
        if outcome not in OUTCOMES:
            raise CatalogueError(f"{where}: outcome must be one of {', '.join(OUTCOMES)}")
        rules[rule_id] = Rule(
            rule_id, outcome, _text(table, "clause", where), _text(table, "terms", where),
            *(_text(table, key, where) for key in ("label_sv", "label_en", "reason_sv", "reason_en")),
        )
    categories: dict[str, Category] = {}
    for key, table in (document.get("categories") or {}).items():
        where = f"categories.{key}"
        choices = tuple(_choice(raw, f"{where}.decide[{i}]", rules) for i, raw in enumerate(table.get("decide") or []))
        if not choices or choices[-1].when:
            raise CatalogueError(f"{where}: `decide` must end with an entry without `when`, so every task gets a rule")
        requires = tuple(table.get("requires") or ())
        unknown = set(requires) - set(CONDITION_FACTS)
        if unknown:
            raise CatalogueError(f"{where}: cannot require {', '.join(sorted(unknown))}")
        used = {fact for choice in choices for fact, _ in choice.when} | set(requires)
        categories[key] = Category(
            key, _text(table, "label_sv", where), _text(table, "label_en", where),
            _text(table, "help_sv", where, required=False), _text(table, "help_en", where, required=False),
            requires, tuple(fact for fact in CONDITION_FACTS if fact in used), choices,
        )
    if not categories:
        raise CatalogueError("the catalogue defines no [categories]")
    root_causes = document.get("root_causes") or {}
    labels = {}
    for cause in ROOT_CAUSES:
        table = root_causes.get(cause) or {}
        labels[cause] = (_text(table, "label_sv", f"root_causes.{cause}"), _text(table, "label_en", f"root_causes.{cause}"))
    return Catalogue(
        id=_text(head, "id", "catalogue"),
        version=_text(head, "version", "catalogue"),
        title_sv=_text(head, "title_sv", "catalogue"),
        title_en=_text(head, "title_en", "catalogue"),
        source=_text(head, "source", "catalogue", required=False) or source,
        categories=categories,
        rules=rules,
        root_cause_labels=labels,
    )


def load_catalogue(path: Path) -> Catalogue:
    """Read and check the catalogue file at `path`."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{path.name}: {error}") from None
    return parse_catalogue(document, source=path.name)
