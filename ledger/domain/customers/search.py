"""Finding a customer the way people type: accents, case, hyphens and spaces do not matter.

"fjallbacka" finds "Fjällbacka AB" and "5560360793" finds "556036-0793". Each customer keeps its name and
organisation number in this folded form (`search_text`), so that both engines compare plain lower-case text with
LIKE; SQLite's lower() folds only ASCII, and PostgreSQL's unaccent is an extension not every server has.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable

#: Letters that carry no combining accent to drop, written as a reader without them would type them.
_PLAIN_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i"})
#: Between the name and the number in `search_text`: no folded query contains it, so no match spans both.
SEPARATOR = "\n"


def fold(text: str) -> str:
    """Text as a search compares it: accents dropped, case folded, runs of white space made one space."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().translate(_PLAIN_LETTERS).split())


def compact(text: str) -> str:
    """Folded text with every character but letters and digits left out: 556036-0793 and 556036 0793 alike."""
    return "".join(char for char in fold(text) if char.isalnum())


def search_text(name: str, org_number: str) -> str:
    """What a customer is found by: its folded name, then its organisation number without separators."""
    return f"{fold(name)}{SEPARATOR}{compact(org_number)}"


def search_patterns(query: str, literal: Callable[[str], str]) -> tuple[str, ...]:
    """LIKE patterns for `search_text` that find `query`: folded, anywhere; compacted, in the number only.

    `literal` escapes LIKE's wildcards in a term. Empty for a query with nothing to look for.
    """
    folded, compacted = fold(query), compact(query)
    patterns = [f"%{literal(folded)}%"] if folded else []
    if compacted:  # "a_l" must not find "Datalager" by its letters a, l: a compacted term looks at the number only
        patterns.append(f"%{SEPARATOR}%{literal(compacted)}%")
    return tuple(patterns)
