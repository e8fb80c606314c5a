"""Which lines a credit note credits: all of them, chosen ones, or a part amount of a line (DESIGN §13)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ledger.domain.errors import FieldErrors, InvalidInput
from ledger.domain.formatting import invoice_number
from ledger.domain.money import format_minor, parse_amount
from ledger.domain.problems import N_, define_messages
from ledger.models import Invoice, InvoiceLine

MESSAGES = define_messages({
    "credit_lines_empty": N_("Name at least one line to credit, or leave lines out to credit the whole invoice."),
    "credit_line_unknown": N_("Invoice %(number)s has no line %(position)s."),
    "credit_line_twice": N_("Line %(position)s is named twice."),
    "credit_amount_range": N_("Must be more than 0 and at most the line's amount, %(maximum)s."),
    "credit_line_not_an_object": N_("Each line is an object with a position and, for a part, an amount."),
})


@dataclass(frozen=True)
class CreditChoice:
    """A line of the original to credit, and how much of it (None: all of it, with its ledger effect)."""

    line: InvoiceLine
    part_minor: int | None = None


def choose_credit_lines(original: Invoice, chosen: Sequence[Any] | None) -> list[CreditChoice]:
    """The lines a credit note credits: every line when `chosen` is None, else `[{position, amount?}]` checked.

    :raise InvalidInput: naming `lines.N.position` or `lines.N.amount`.
    """
    if chosen is None:
        return [CreditChoice(line) for line in original.lines]
    if not chosen:
        raise InvalidInput.single("lines", "credit_lines_empty")
    by_position = {line.position: line for line in original.lines}
    errors, choices, seen = FieldErrors(), [], set()
    for index, item in enumerate(chosen):
        if not isinstance(item, dict):
            errors.add(f"lines.{index}", "credit_line_not_an_object")
            continue
        position = item.get("position")
        line = by_position.get(position) if isinstance(position, int) and not isinstance(position, bool) else None
        if line is None:
            errors.add(f"lines.{index}.position", "credit_line_unknown", number=invoice_number(original),
                       position=position)
            continue
        if position in seen:
            errors.add(f"lines.{index}.position", "credit_line_twice", position=position)
            continue
        seen.add(position)
        part = None
        if item.get("amount") is not None:
            try:
                part = parse_amount(item["amount"], original.currency, f"lines.{index}.amount").minor
            except InvalidInput as error:
                errors.merge(error)
                continue
            if not 0 < part <= line.amount_minor:
                errors.add(f"lines.{index}.amount", "credit_amount_range",
                           maximum=format_minor(line.amount_minor))
                continue
        choices.append(CreditChoice(line, None if part == line.amount_minor else part))
    errors.raise_if_any()
    return choices


def credit_line(choice: CreditChoice) -> InvoiceLine:
    """The credit note's line: the original negated, or a part amount credited as one item at that amount."""
    line = choice.line
    if choice.part_minor is None:
        return InvoiceLine(
            position=line.position, kind=line.kind, credits_line_id=line.id,
            description_sv=f"Kreditering: {line.description_sv}", description_en=f"Credit: {line.description_en}",
            quantity_minutes=-line.quantity_minutes if line.quantity_minutes is not None else None,
            quantity_hundredths=-line.quantity_hundredths if line.quantity_hundredths is not None else None,
            unit=line.unit, unit_price_minor=line.unit_price_minor, amount_minor=-line.amount_minor,
            hour_package_id=line.hour_package_id,
        )
    return InvoiceLine(
        position=line.position, kind=line.kind, credits_line_id=line.id,
        description_sv=f"Delkreditering: {line.description_sv}", description_en=f"Part credit: {line.description_en}",
        quantity_minutes=None, unit_price_minor=choice.part_minor, amount_minor=-choice.part_minor,
        hour_package_id=line.hour_package_id,
    )
