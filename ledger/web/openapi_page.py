"""The OpenAPI document read for people: operations by tag, their parameters, bodies and answers (no Flask).

The page is rendered on the server from the same document as /api/v1/openapi.json, so it cannot drift from
the API, and it needs no script or stylesheet from another site (the CSP stays `default-src 'self'`).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Field:
    """A parameter or a body property: name, where it goes, its type in words, whether required, a note."""

    name: str
    location: str
    type: str
    required: bool
    note: str = ""


@dataclass(frozen=True)
class Operation:
    """One method on one path, with an anchor for links."""

    method: str
    path: str
    summary: str
    description: str
    parameters: list[Field]
    body: list[Field]
    answers: list[tuple[str, str]]
    header_names: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """A stable id for the operation's section: get-api-v1-tasks-task_id."""
        return f"{self.method.lower()}-{self.path}".replace("/", "-").replace("{", "").replace("}", "").replace("--", "-")


def _resolve(spec: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow a local $ref (#/components/...) to what it names."""
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def type_of(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> str:
    """A schema's type in a few words: "integer 1..1440", "string (date)", "one of: a, b", "list of TaskOut"."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"list of {type_of(spec, schema.get('items', {}))}"
    if "enum" in schema:
        return "one of: " + ", ".join(str(value) for value in schema["enum"] if value is not None)
    words = str(schema.get("type", "object"))
    if "format" in schema:
        words += f" ({schema['format']})"
    if "minimum" in schema or "maximum" in schema:
        words += f" {schema.get('minimum', '')}..{schema.get('maximum', '')}"
    if "maxLength" in schema:
        words += f", at most {schema['maxLength']} characters"
    if schema.get("nullable"):
        words += ", or null"
    return words


def _body_fields(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> list[Field]:
    content = operation.get("requestBody", {}).get("content", {})
    media = content.get("application/json") or next(iter(content.values()), None)
    if not media:
        return []
    schema = _resolve(spec, media.get("schema", {}))
    required = set(schema.get("required", ()))
    return [Field(name, "body", type_of(spec, prop), name in required, prop.get("description", ""))
            for name, prop in schema.get("properties", {}).items()]


def operations_by_tag(spec: Mapping[str, Any]) -> list[tuple[str, list[Operation]]]:
    """Every operation of the document, grouped by its first tag in the document's order of paths."""
    groups: dict[str, list[Operation]] = {}
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            parameters = [_resolve(spec, parameter) for parameter in [*shared, *operation.get("parameters", [])]]
            fields = [Field(p["name"], p["in"], type_of(spec, p.get("schema", {})), bool(p.get("required")),
                            p.get("description", "")) for p in parameters]
            answers = [(code, _resolve(spec, answer).get("description", ""))
                       for code, answer in sorted(operation.get("responses", {}).items())]
            tag = (operation.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(Operation(
                method.upper(), path, operation.get("summary", ""), operation.get("description", ""),
                [f for f in fields if f.location != "header"], _body_fields(spec, operation), answers,
                [f.name for f in fields if f.location == "header"]))
    return list(groups.items())
