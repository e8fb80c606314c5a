"""The week sheet page: customers down, days across, time typed the Swedish way; each row's decision previewed,
and the whole sheet saved in one transaction or not at all."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date, gettext

from ledger.domain.errors import Conflict, InsufficientHours, InvalidInput
from ledger.domain.periods import local_date
from ledger.domain.work.week_sheet import WEEKDAYS, SheetRow, Week, parse_week
from ledger.formatting import hours
from ledger.services.clock import utcnow
from ledger.services.customers.customers import list_customers
from ledger.services.idempotency import IdempotencyKey
from ledger.services.work.rules import active_catalogue
from ledger.services.work.week_sheet import preview_week, record_week
from ledger.web.access import STAFF, actor, roles_required
from ledger.web.errors import describe, translate
from ledger.web.forms import page_language
from ledger.web.work.time_forms import BLANK_ROWS, WeekSheetForm



def register(bp: Blueprint) -> None:
    """Add the week sheet to the staff blueprint."""
    bp.add_url_rule("/week", view_func=week_sheet, methods=["GET", "POST"])


def _week_of_request(form: WeekSheetForm) -> tuple[Week, InvalidInput | None]:
    """The sheet's week (this week when none is asked for), and the refusal of one that is not a week."""
    text = form.week.data if request.method == "POST" else request.args.get("week")
    try:
        return (parse_week(text) if text else Week.of(local_date(utcnow()))), None
    except InvalidInput as error:
        return Week.of(local_date(utcnow())), error


def _sheet_rows(form: WeekSheetForm) -> list[SheetRow]:
    return [SheetRow(number, row.form.customer_id.data, row.form.facts(), row.form.cells())
            for number, row in enumerate(form.rows, start=1)]


def _field_label(row: Any, name: str) -> str:
    """A row's field or day as a sentence names it: its label ("Wednesday"), in Swedish in lower case ("onsdag")."""
    field = getattr(row, name, None)
    label = str(field.label.text) if field is not None else name
    return label[:1].lower() + label[1:] if page_language() == "sv" else label


def _mark(form: WeekSheetForm, error: InvalidInput) -> list[str]:
    """Put each problem next to its row's cell; return one sentence per problem naming its row and field."""
    sentences = []
    for field, problems in error.problems.items():
        parts = field.split(".")
        texts = [translate(problem) for problem in problems]
        if len(parts) == 3 and parts[0] == "rows" and parts[1].isdigit() and 0 < int(parts[1]) <= len(form.rows):
            row = form.rows[int(parts[1]) - 1].form
            target = getattr(row, parts[2], None)
            if target is not None:
                target.errors = [*target.errors, *texts]
            sentences.extend(gettext("Row %(row)s, %(field)s: %(problem)s", row=parts[1],
                                     field=_field_label(row, parts[2]), problem=text) for text in texts)
        else:
            sentences.extend(texts)
    return sentences


def _page(form: WeekSheetForm, week: Week, status: int = 200, **context: Any) -> Any:
    form.ensure_key()
    form.week.data = str(week)
    days = [(weekday, day, format_date(day, "EEE d/M")) for weekday, day in zip(WEEKDAYS, week.days, strict=True)]
    return render_template("staff/week.html", form=form, week=week, days=days, catalogue=active_catalogue(),
                           **context), status


@roles_required(*STAFF)
def week_sheet() -> Any:
    """A week of work for several customers in one form; "preview" decides each row, "save" logs every cell."""
    form = WeekSheetForm()
    form.set_choices([customer for customer in list_customers(actor=actor()) if customer.status == "active"],
                     active_catalogue())
    week, bad_week = _week_of_request(form)
    if request.method == "GET":
        return _page(form, week)
    action = request.form.get("action", "preview")
    if bad_week is not None:  # a sheet is never saved for another week than the one it showed
        return _page(form, week, 422, problems=_mark(form, bad_week), refused=True)
    if not form.validate_on_submit():
        return _page(form, week, 422)
    if action == "more_rows":
        for _ in range(BLANK_ROWS):
            if len(form.rows) < form.rows.max_entries:
                form.rows.append_entry()
        form.set_choices([customer for customer in list_customers(actor=actor()) if customer.status == "active"],
                         active_catalogue())
        return _page(form, week)
    rows = _sheet_rows(form)
    if action != "save":
        previews = {preview.number: preview for preview in preview_week(week, rows, actor=actor())}
        problems = [sentence for preview in previews.values()
                    for sentence in _mark(form, InvalidInput(problems=preview.problems))]
        return _page(form, week, previews=previews, problems=problems)
    return _save(form, week, rows)


def _save(form: WeekSheetForm, week: Week, rows: list[SheetRow]) -> Any:
    who = actor()
    payload = [str(week), [[row.customer_id, row.facts, list(row.cells)] for row in rows]]
    key = IdempotencyKey.for_request(who.id, form.ensure_key(), "record_week", payload)  # type: ignore[arg-type]
    try:
        result = record_week(week, rows, actor=who, idempotency=key)
    except InvalidInput as error:
        return _page(form, week, 422, problems=_mark(form, error), refused=True)
    except (Conflict, InsufficientHours) as error:
        return _page(form, week, 409, problems=[describe(error)], refused=True)
    flash(gettext("The week was saved: %(count)s tasks, %(minutes)s in all.", count=len(result.tasks),
                  minutes=hours(sum(task.minutes for task in result.tasks))), "success")
    return redirect(url_for("staff.my_hours", week=str(week)), code=303)
