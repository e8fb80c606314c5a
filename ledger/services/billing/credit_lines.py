"""Which lines a credit note credits: all that remain, chosen ones, or a part amount of a line (docs/einvoice.md, docs/books.md).

An invoice may be credited by several notes: each part credit is a line of its own ("Kreditering av rad 2, del"),
and together they credit at most each line's amount. A full credit after part credits credits what remains.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
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
    "credit_line_done": N_("Line %(position)s of invoice %(number)s is credited in full already."),
    "credit_beyond_line": N_("Line %(position)s of invoice %(number)s has %(remaining)s left to credit; "
                             "%(amount)s is more than that."),
})


@dataclass(frozen=True)
class CreditChoice:
    """A line of the original to credit, and how much of it (None: all of it, with its ledger effect)."""

    line: InvoiceLine
    part_minor: int | None = None


def credited_so_far(session: Session, invoice_id: int) -> dict[int, int]:
    """What the credit notes of an invoice have credited of each of its lines: line id -> amount (signed as the
    credit lines are, so a line's remainder is its amount plus this)."""
    credit, original = InvoiceLine, select(InvoiceLine.id).where(InvoiceLine.invoice_id == invoice_id)
    rows = session.execute(
        select(credit.credits_line_id, func.sum(credit.amount_minor))
        .join(Invoice, Invoice.id == credit.invoice_id)
        .where(Invoice.kind == "credit_note", Invoice.credited_invoice_id == invoice_id,
               credit.credits_line_id.in_(original))
        .group_by(credit.credits_line_id))
    return {line_id: int(amount) for line_id, amount in rows}


def remaining_minor(line: InvoiceLine, credited: Mapping[int, int]) -> int:
    """What is left to credit of a line."""
    return line.amount_minor + credited.get(line.id, 0)


def _rest(line: InvoiceLine, credited: Mapping[int, int]) -> CreditChoice | None:
    """The credit of what remains of a line: all of it (with its ledger effect) when nothing was credited yet."""
    if line.id not in credited:
        return CreditChoice(line)
    left = remaining_minor(line, credited)
    return CreditChoice(line, left) if left else None


def choose_credit_lines(original: Invoice, chosen: Sequence[Any] | None,
                        credited: Mapping[int, int] | None = None) -> list[CreditChoice]:
    """The lines a credit note credits: what remains of every line when `chosen` is None, else `[{position, amount?}]`
    checked against the lines and (`credited`, from credited_so_far) what earlier credit notes credited.

    :raise InvalidInput: naming `lines.N.position` or `lines.N.amount`.
    :raise Conflict: "already_credited" when nothing is left; "credit_beyond_line" naming the line and amount.
    """
    credited = credited or {}
    if chosen is None:
        choices = [choice for line in original.lines if (choice := _rest(line, credited)) is not None]
        if not choices:
            raise Conflict(code="already_credited", number=invoice_number(original))
        return choices
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
        choices.append((index, line, part))
    errors.raise_if_any()
    return [_checked(original, index, line, part, credited) for index, line, part in choices]


def _checked(original: Invoice, index: int, line: InvoiceLine, part: int | None,
             credited: Mapping[int, int]) -> CreditChoice:
    if part is None and line.id not in credited:
        return CreditChoice(line)  # untouched: credited in full, its ledger effect reversed
    left = remaining_minor(line, credited)
    if not left:
        raise Conflict(code="credit_line_done", field=f"lines.{index}.position", position=line.position,
                       number=invoice_number(original))
    wanted = left if part is None else part
    if wanted > left:
        raise Conflict(code="credit_beyond_line", field=f"lines.{index}.amount", position=line.position,
                       number=invoice_number(original), remaining=format_minor(left), amount=format_minor(wanted))
    if part is None:
        return CreditChoice(line, left)  # what a part credit left of the line, credited as a price
    return CreditChoice(line, None if part == line.amount_minor else part)


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
            hour_package_id=line.hour_package_id, period_start=line.period_start, period_end=line.period_end,
        )
    return InvoiceLine(
        position=line.position, kind=line.kind, credits_line_id=line.id,
        description_sv=f"Kreditering av rad {line.position}, del: {line.description_sv}",
        description_en=f"Credit of line {line.position}, part: {line.description_en}",
        quantity_minutes=None, unit_price_minor=choice.part_minor, amount_minor=-choice.part_minor,
        hour_package_id=line.hour_package_id, period_start=line.period_start, period_end=line.period_end,
    )
