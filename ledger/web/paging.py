"""Long lists a page at a time, or all at once on request: `?page=N` and `?all=1` (no Flask beyond the args)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

#: Rows on one page of a long list.
PAGE_SIZE = 50


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One page of a list: its rows, which page of how many, and how many rows there are in all."""

    items: list[T]
    number: int
    pages: int
    total: int
    show_all: bool

    @property
    def has_more_than_one_page(self) -> bool:
        """True when the pager is worth showing (more rows than fit on a page)."""
        return self.pages > 1 or self.show_all

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def page_number(args: Mapping[str, str]) -> int:
    """The page asked for: 1 when missing or not a positive whole number."""
    text = args.get("page", "")
    return int(text) if text.isdigit() and 0 < len(text) <= 6 and int(text) > 0 else 1


def paginate(items: Sequence[T], args: Mapping[str, str], size: int = PAGE_SIZE) -> Paged[T]:
    """The page of `items` that `args` ask for (a page past the end shows the last one); `all=1` shows them all."""
    total = len(items)
    pages = max(1, -(-total // size))
    if args.get("all") == "1":
        return Paged(list(items), 1, pages, total, True)
    number = min(page_number(args), pages)
    return Paged(list(items[(number - 1) * size:number * size]), number, pages, total, False)
