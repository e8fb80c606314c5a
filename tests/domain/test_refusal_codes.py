"""Every refusal the code raises is a defined code with parameters, never an English sentence (docs/architecture.md).

A sentence written into a service would reach a Swedish page untranslated; these tests read the source of
every module and name each place that still raises one.
"""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import ledger
from ledger.domain.problems import registered_messages

REFUSALS = {"DomainError", "InvalidInput", "Conflict", "NotFound", "Forbidden", "InsufficientHours",
            "IdempotencyConflict", "LedgerInconsistent"}


def import_every_module() -> list[Path]:
    """Import every module of the package, namespace packages too (pkgutil skips those), so all codes register."""
    root = Path(ledger.__path__[0])
    paths = sorted(root.rglob("*.py"))
    for path in paths:
        parts = path.relative_to(root.parent).with_suffix("").parts
        importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return paths


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _text_problems(path: Path, codes: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        where = f"{path.relative_to(Path(ledger.__path__[0]).parent)}:{node.lineno}"
        callee = node.func
        literal = None
        if isinstance(callee, ast.Attribute) and callee.attr in ("add", "single") and len(node.args) >= 2:
            literal = node.args[1]
        elif _name(callee) in REFUSALS:
            if node.args:
                found.append(f"{where}: {_name(callee)} raised with a sentence instead of code=...")
            for keyword in node.keywords:
                if keyword.arg == "phrasing" and isinstance(keyword.value, ast.Constant) \
                        and keyword.value.value not in codes:
                    found.append(f"{where}: phrasing {keyword.value.value!r} is not a defined refusal code")
            literal = next((keyword.value for keyword in node.keywords if keyword.arg == "code"), None)
        if isinstance(literal, ast.JoinedStr):
            found.append(f"{where}: a formatted sentence instead of a code")
        elif isinstance(literal, ast.Constant) and isinstance(literal.value, str) and literal.value not in codes:
            found.append(f"{where}: {literal.value!r} is not a defined refusal code")
    return found


def test_every_refusal_in_the_code_is_raised_by_a_defined_code():
    paths = import_every_module()
    codes = set(registered_messages())
    problems = [problem for path in paths for problem in _text_problems(path, codes)]
    assert problems == []


def test_every_code_has_parameters_its_template_names_only():
    """A template may only name parameters, so a translator sees %(name)s placeholders and nothing else."""
    import_every_module()
    import re

    for code, template in registered_messages().items():
        stray = re.sub(r"%\(\w+\)s", "", template)
        assert "%" not in stray.replace("%%", ""), f"{code}: {template!r} has a placeholder that is not %(name)s"
