"""The house rules that can be read off the imports (docs/architecture.md): a pure domain, documents that are handed
what they render, and capabilities that only use the ones below them."""
from __future__ import annotations

import ast
from pathlib import Path

LEDGER = Path(__file__).resolve().parent.parent / "ledger"

#: The capabilities from the bottom up: each may use the ones before it, never one after it (docs/architecture.md).
CAPABILITIES = ("mail", "customers", "people", "accounts", "support", "work", "billing", "payments", "books")
#: Demo data loads every capability: above them all, and used by none.
ABOVE_ALL = "demo"
LAYERS = ("domain", "services")
EDGES = ("api", "web", "cli")
FRAMEWORKS = ("flask", "flask_babel", "flask_login", "flask_sqlalchemy", "flask_smorest", "sqlalchemy", "werkzeug")


def imports_of(source: str) -> list[tuple[int, str]]:
    """Every module a piece of source imports, with its line (`from a import b` names a.b too: b may be a module)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
    return found


def modules(*parts: str) -> list[Path]:
    """The Python files under ledger/<parts>."""
    return sorted(LEDGER.joinpath(*parts).rglob("*.py"))


def capability_of(dotted: str) -> str | None:
    """The capability a `ledger.<layer>.<capability>...` module belongs to; None at a layer's root or outside."""
    parts = dotted.split(".")
    if len(parts) >= 4 and parts[0] == "ledger" and parts[1] in LAYERS + EDGES:
        if parts[2] in CAPABILITIES or parts[2] == ABOVE_ALL:
            return parts[2]
    return None


def rank(capability: str) -> int:
    return len(CAPABILITIES) if capability == ABOVE_ALL else CAPABILITIES.index(capability)


def dotted_name(path: Path) -> str:
    parts = path.relative_to(LEDGER.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def upward_imports(path: Path, source: str) -> list[str]:
    """What a module of a capability imports from a capability above it (in domain and services)."""
    own = capability_of(dotted_name(path))
    if own is None:
        return []
    found = []
    for line, imported in imports_of(source):
        other = capability_of(imported)
        if other is not None and imported.split(".")[1] in LAYERS and rank(other) > rank(own):
            found.append(f"{path.relative_to(LEDGER.parent)}:{line} imports {imported} ({own} may not use {other})")
    return sorted(set(found))


def domain_offences(source: str) -> list[str]:
    """Imports of a domain module that are not plain Python: a framework, or a layer other than the domain."""
    return [f"line {line} imports {name}" for line, name in imports_of(source)
            if name.split(".")[0] in FRAMEWORKS or (name.startswith("ledger.") and not name.startswith("ledger.domain"))]


def document_offences(source: str) -> list[str]:
    """Imports of a document module that reach for data instead of being handed it: services and the edges."""
    return [f"line {line} imports {name}" for line, name in imports_of(source)
            if name.startswith(("ledger.services", "ledger.web", "ledger.api", "ledger.cli", "ledger.jobs"))]


def offences_in(layer: str, check) -> list[str]:
    return [f"{path.relative_to(LEDGER.parent)}: {offence}" for path in modules(layer)
            for offence in check(path.read_text())]


def test_the_domain_imports_no_framework_and_no_other_layer():
    assert offences_in("domain", domain_offences) == []


def test_documents_import_no_service_and_no_edge():
    assert offences_in("documents", document_offences) == []


def test_nothing_below_the_edges_imports_web_api_cli_or_jobs():
    below = modules("domain") + modules("services") + modules("documents") + modules("models")
    offences = [f"{path.relative_to(LEDGER.parent)}:{line} imports {name}"
                for path in below for line, name in imports_of(path.read_text())
                if name.startswith(("ledger.web", "ledger.api", "ledger.cli", "ledger.jobs"))]
    assert offences == []


def test_no_capability_uses_one_above_it():
    offences = [offence for layer in LAYERS for path in modules(layer)
                for offence in upward_imports(path, path.read_text())]
    assert offences == []


def test_every_capability_package_is_a_known_capability():
    for layer in LAYERS + EDGES:
        packages = {path.parent.name for path in LEDGER.joinpath(layer).glob("*/__init__.py")}
        assert packages <= set(CAPABILITIES) | {ABOVE_ALL}, layer


def test_the_checks_catch_a_document_that_imports_a_service():
    assert document_offences("from ledger.services.work.rules import active_catalogue\n")
    assert document_offences("import ledger.services.billing.runs\n")
    assert document_offences("from ledger.services import clock\n")
    assert document_offences("from ledger.domain.billing.vat import decide_vat\n") == []


def test_the_checks_catch_a_domain_module_that_imports_a_framework_or_a_layer_above():
    assert domain_offences("from sqlalchemy import select\n")
    assert domain_offences("import flask\n")
    assert domain_offences("from ledger.models import Task\n")
    assert domain_offences("from ledger.domain.money import Money\n") == []


def test_the_checks_catch_a_capability_that_imports_one_above_it():
    path = LEDGER / "services" / "accounts" / "example.py"
    found = upward_imports(path, "from ledger.services.billing.runs import run_invoices\n")
    assert found and "accounts may not use billing" in found[0]
    assert upward_imports(path, "from ledger.domain.support import plans\n")
    assert upward_imports(path, "from ledger.services.customers.customers import get_customer\n") == []
    assert upward_imports(LEDGER / "services" / "clock.py", "from ledger.services.billing import runs\n") == []


def test_no_module_holds_more_than_one_idea():
    """A module past ~300 lines is two ideas (STYLE.md): split it."""
    long = [f"{path.relative_to(LEDGER.parent)} ({n} lines)" for path in sorted(LEDGER.rglob("*.py"))
            if (n := len(path.read_text().splitlines())) > 300]
    assert long == []
