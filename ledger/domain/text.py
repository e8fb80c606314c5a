"""Input no database can store and no parser should chew on: NUL characters, lone surrogates, absurd nesting
and numbers thousands of digits long. Checked once, where requests come in, so that no endpoint has to."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ledger.domain.errors import FieldErrors
from ledger.domain.problems import N_, define_messages

MESSAGES = define_messages({
    "support_text_nul": N_("Must not contain NUL characters."),
    "nul_character": N_("Must not contain the NUL character."),
    "lone_surrogate": N_("Must be valid Unicode text (it contains a lone surrogate)."),
    "nested_too_deeply": N_("Must not be nested more than %(max_depth)s levels deep."),
    "number_too_long": N_("Must have at most %(max_digits)s digits."),
    "line_break": N_("Must be a single line, without line breaks."),
})

#: Deeper than any document of this API (a task is 1 level, an invoice's lines 3).
MAX_JSON_DEPTH = 32
#: More than any amount, id or count needs (a 64-bit integer has 19 digits).
MAX_NUMBER_DIGITS = 30
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
#: What ends a line to someone: CR and LF (which would start a new header line in a mail), and the rest of what
#: str.splitlines() splits at.
_LINE_BREAK = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


class LongNumber(str):
    """A JSON number too long to convert (kept as its text, so that the check can name its field)."""


def text_problem(text: str) -> str | None:
    """The code of what makes `text` unstorable, or None: PostgreSQL refuses NUL, and UTF-8 has no lone surrogate."""
    if not isinstance(text, str):  # a multipart part whose name werkzeug could not read arrives as None
        return None
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    return "nul_character" if "\x00" in text else "lone_surrogate"


def json_number(text: str) -> int | float | LongNumber:
    """A JSON number's value, or a LongNumber when it has more than MAX_NUMBER_DIGITS digits."""
    if len(text) > MAX_NUMBER_DIGITS and sum(char.isdigit() for char in text) > MAX_NUMBER_DIGITS:
        return LongNumber(text)
    return float(text) if any(char in text for char in ".eE") else int(text)


def printable(name: str) -> str:
    """A field name fit to be named in an answer: each unstorable character shown as "?"."""
    return _UNSTORABLE.sub("?", name)


def _children(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """(path, value) of each key and item directly inside a JSON object or array (keys are text to check too)."""
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{printable(str(key))}" if path else printable(str(key))
            yield child, key
            yield child, item
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (f"{path}.{index}" if path else str(index)), item


def json_problems(document: Any, root: str = "body") -> dict[str, list[tuple[str, dict[str, int]]]]:
    """Every field of a parsed JSON document that is unstorable: {field path: [(code, params)]}."""
    problems: dict[str, list[tuple[str, dict[str, int]]]] = {}
    stack: list[tuple[str, Any, int]] = [("", document, 0)]
    while stack:
        path, value, depth = stack.pop()
        field = path or root
        if isinstance(value, LongNumber):
            problems.setdefault(field, []).append(("number_too_long", {"max_digits": MAX_NUMBER_DIGITS}))
        elif isinstance(value, str):
            code = text_problem(value)
            if code:
                problems.setdefault(field, []).append((code, {}))
        elif isinstance(value, (dict, list)):
            if depth >= MAX_JSON_DEPTH:  # named by its top-level field: 32 path segments help nobody
                problems.setdefault(field.split(".")[0], []).append(("nested_too_deeply", {"max_depth": MAX_JSON_DEPTH}))
                continue
            stack.extend((child, item, depth + 1) for child, item in _children(value, path))
    return dict(sorted(problems.items()))


def text_field_problems(fields: Iterable[tuple[str, str]]) -> dict[str, list[tuple[str, dict[str, int]]]]:
    """The unstorable ones among (name, value) pairs of a query string, a form or headers."""
    problems: dict[str, list[tuple[str, dict[str, int]]]] = {}
    for name, value in fields:
        code = text_problem(name) or text_problem(value)
        if code:
            problems.setdefault(printable(name), []).append((code, {}))
    return problems


def checked_text(errors: FieldErrors, field: str, value: Any, max_length: int, *, required: bool = True) -> str:
    """Trimmed text, or a coded problem on `field` (missing, blank, too long, NUL characters)."""
    if value is None:
        if required:
            errors.add(field, "required")
        return ""
    if not isinstance(value, str):
        errors.add(field, "not_text")
        return ""
    if "\x00" in value:
        errors.add(field, "support_text_nul")
        return ""
    if required and not value.strip():
        errors.add(field, "blank")
    elif len(value) > max_length:
        errors.add(field, "too_long", max_length=max_length)
    return value.strip()


def refuse_line_breaks(errors: FieldErrors, field: str, value: Any) -> bool:
    """Add `line_break` on `field` if the text holds a line break; return whether it is one line.

    Single-line fields (names, phone numbers, subjects, references) end up in mail headers and one-line places of
    mail bodies and documents: a "\r\nBcc: …" in a name must be refused, not written on a line of its own.
    """
    if isinstance(value, str) and _LINE_BREAK.search(value):
        errors.add(field, "line_break")
        return False
    return True


def checked_line(errors: FieldErrors, field: str, value: Any, max_length: int, *, required: bool = True) -> str:
    """Like checked_text, for a single-line field: line breaks are refused too."""
    if not refuse_line_breaks(errors, field, value):
        return ""
    return checked_text(errors, field, value, max_length, required=required)
