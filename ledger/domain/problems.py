"""Refusal codes and their English message templates (docs/architecture.md: translate at the edges).

Every module declares the refusals it can raise once, by code:

    MESSAGES = define_messages({
        "minutes_out_of_range": N_("Must be between %(low)s and %(high)s minutes."),
    })

and raises them by code with parameters (`FieldErrors.add("minutes", "minutes_out_of_range", low=1, high=1440)`,
`Conflict(code="customer_closed", customer_id=4)`). The API answers the code, the parameters and the English
sentence; pages look the template up in the message catalogues (the template is the msgid) and fill it in
the reader's language. `N_` only marks a template for extraction (`flask translate update`).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from ledger.domain.formatting import describe_minutes

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_REGISTRY: dict[str, str] = {}

#: The code of a field problem written as a plain English sentence (before it had a code of its own).
LEGACY_CODE = "invalid"


def N_(template: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark an English message template for extraction; returns it unchanged."""
    return template


def define_messages(messages: Mapping[str, str]) -> Mapping[str, str]:
    """Register codes with their English templates; a code may be defined twice only with the same text."""
    for code, template in messages.items():
        if not _CODE.fullmatch(code):
            raise ValueError(f"refusal code {code!r} must be snake_case")
        known = _REGISTRY.get(code)
        if known is not None and known != template:
            raise ValueError(f"refusal code {code!r} is already defined as {known!r}")
        _REGISTRY[code] = template
    return MappingProxyType(dict(messages))


def registered_messages() -> Mapping[str, str]:
    """Every code defined so far and its English template (import the modules first)."""
    return MappingProxyType(_REGISTRY)


def is_code(text: str) -> bool:
    """True if `text` is a defined refusal code rather than a sentence."""
    return text in _REGISTRY


def english_value(name: str, value: Any) -> str:
    """A parameter as the English text shows it: minutes as "1 h 30 min", dates ISO, lists comma-separated."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name.endswith("_minutes") and isinstance(value, int):
        return describe_minutes(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(item) for item in value)
    return str(value)


def fill(template: str, params: Mapping[str, Any], render: Callable[[str, Any], str] = english_value) -> str:
    """`template` with every %(name)s replaced by `render(name, value)`; an unknown name stays visible."""
    values = {name: render(name, value) for name, value in params.items()}

    def replace(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return re.sub(r"%\((\w+)\)s", replace, template)


def json_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as JSON values: numbers, strings, booleans, None, lists of those; dates as ISO strings."""
    out: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, (datetime, date)):
            out[name] = value.isoformat()
        elif isinstance(value, (list, tuple, set, frozenset)):
            out[name] = [item if isinstance(item, (int, str)) else str(item) for item in value]
        elif value is None or isinstance(value, (bool, int, str)):
            out[name] = value
        else:
            out[name] = str(value)
    return out


@dataclass(frozen=True)
class Problem:
    """One problem with one field: a stable code, its parameters and the English template."""

    code: str
    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, code_or_sentence: str, params: Mapping[str, Any] | None = None) -> "Problem":
        """A defined code with its parameters, or (legacy) an English sentence under LEGACY_CODE."""
        if code_or_sentence in _REGISTRY:
            return cls(code_or_sentence, _REGISTRY[code_or_sentence], dict(params or {}))
        if _CODE.fullmatch(code_or_sentence):
            raise ValueError(f"refusal code {code_or_sentence!r} is not defined; add it to a define_messages table")
        return cls(LEGACY_CODE, code_or_sentence, dict(params or {}))

    @property
    def english(self) -> str:
        """The sentence in English (the API's text)."""
        return fill(self.template, self.params)
