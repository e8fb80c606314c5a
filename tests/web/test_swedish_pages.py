"""Issue 22 item 24: Swedish pages showed raw codes and a row of slips.

Seen: "email, chat" in the plan refusal; renewal_notice / password_reset / invoice_reminder in the outbox;
"Regel included.…" in the work preview; due times without the weekday; "11.2345 kr"; "-0,50 tim"; "0,50 tim" beside
"30 min"; "Skickade/Köade" for one message; "kreditnotor" beside "kreditfakturor"; "Avgjord"; "Sålt för …"
without what was sold; "Namn / Namn"; "Svar / Svar".

Each is fixed where it comes from (the formatters, the label tables, the catalogue); these tests catch the class:
every page of every role, in Swedish, over the demo data, read for codes, decimal points, hyphen-minus signs,
hours with decimals and a heading repeated by the label under it; and the catalogue read for the words the
product does not use.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po
from flask import Flask

from ledger.domain.support.cases import check_channel
from ledger.domain.errors import InvalidInput
from ledger.extensions import db
from ledger.models import Customer, User
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_adjustment
from ledger.services.demo.load import DEMO_PASSWORD, load_demo_data
from ledger.services.clock import CLOCK_EXTENSION
from ledger.services.support.plans import active_plans
from ledger.translations import po_path
from ledger.web.errors import translate
from tests.web.conftest import post_form

#: Words a Swedish page does not use (as patterns), and the one it uses instead.
GLOSSARY = {r"kreditnot\w*": "kreditfaktura", r"\bavgjord\b": "löst"}
#: A code: snake_case (renewal_notice), or a rule id (included.hosting).
CODE = re.compile(r"(?<![\w@./:-])[a-z]+(?:_[a-z]+)+(?![\w@])|\b(?:included|debited|review|override)\.[a-z_]+")
#: A decimal point where Swedish writes a comma (11.2345), not a date, an address or a version inside <code>.
DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
#: A hyphen-minus as a minus sign (-0,50): Swedish typesetting uses U+2212.
HYPHEN_MINUS = re.compile(r"(?<![\w\u2013-])-\s?\d")
#: Hours with decimals: pages write durations one way, 1 tim 30 min.
DECIMAL_HOURS = re.compile(r"\d,\d+\s?(?:tim|h)\b")
#: The API and its reference (/api/docs names fields and paths as programs write them), files, and one-time links.
SKIPPED_PATHS = ("/api", "/assets", "/static", "/password/reset")


class _Page(HTMLParser):
    """The text a reader sees, node by node: what is shown inside <code> (staff's ids) kept apart, each node marked
    when it is a heading or a hint (a hint may show what can be typed: "1,5 tim")."""

    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[tuple[str, bool, bool]] = []  # (text, in a heading, in a hint)
        self.codes: list[tuple[str, bool]] = []  # (text, right after a term's name: "Regel" then the id alone)
        self._after_term = False
        self._open: list[tuple[str, bool]] = []  # (tag, is a hint)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self._open.append((tag, "hint" in (dict(attrs).get("class") or "").split()))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        text = " ".join(data.replace("\xa0", " ").split())
        tags = [tag for tag, _ in self._open]
        if not text or {"script", "style", "template"} & set(tags):
            return
        if "code" in tags:
            self.codes.append((text, self._after_term))
        else:
            heading = any(tag in ("h1", "h2", "h3", "h4", "caption", "legend") for tag in tags)
            self.nodes.append((text, heading, any(hint for _, hint in self._open)))
            self._after_term = tags[-1] in ("dt", "th", "label") if tags else False


def slips(html: str, *, customer: bool) -> list[str]:
    """What a Swedish reader should not meet on this page."""
    page = _Page()
    page.feed(html)
    text = " ".join(node for node, _, _ in page.nodes)
    written = " ".join(node for node, _, hint in page.nodes if not hint)  # what the product writes, not examples
    found = [f"code {m.group(0)!r}" for m in CODE.finditer(text)]
    if customer:  # customers never see a rule id, not even set apart
        found += [f"code {code!r}" for code, _ in page.codes if CODE.search(code)]
    else:  # staff see an id beside the words it stands for, never alone under a term's name
        found += [f"code alone {code!r}" for code, alone in page.codes if alone and CODE.search(code)]
    found += [f"decimal point {m.group(0)!r}" for m in DECIMAL_POINT.finditer(text)]
    found += [f"hyphen-minus {m.group(0)!r}" for m in HYPHEN_MINUS.finditer(text)]
    found += [f"decimal hours {m.group(0)!r}" for m in DECIMAL_HOURS.finditer(written)]
    found += [f"heading said again below it {first[0]!r}" for first, second in zip(page.nodes, page.nodes[1:])
              if first[1] and first[0] == second[0]]
    found += [f"{match.group(0)!r} (say {right!r})" for wrong, right in GLOSSARY.items()
              for match in re.finditer(wrong, text, re.IGNORECASE)]
    return found


def _pages(app: Flask, customer_id: int | None = None) -> list[tuple[str, str]]:
    """(endpoint, path) of every page that is read with GET, its ids taken from the demo data: the first of each,
    of the customer `customer_id` where it is given (a customer user's own)."""
    from ledger.models import ApiToken, Case, Contact, Invoice, Task

    ids = {"customer_id": Customer, "task_id": Task, "invoice_id": Invoice, "case_id": Case,
           "contact_id": Contact, "user_id": User, "token_id": ApiToken}
    values = {}
    for name, model in ids.items():
        query = db.select(model.id).order_by(model.id).limit(1)
        if customer_id is not None and hasattr(model, "customer_id"):
            query = query.where(model.customer_id == customer_id)
        values[name] = list(db.session.execute(query).scalars())
    pages = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(SKIPPED_PATHS):
            continue
        paths = [rule.rule]
        for argument in rule.arguments:
            paths = [path.replace(f"<int:{argument}>", str(value)) for path in paths
                     for value in values.get(argument, [])]
        pages += [(rule.endpoint, path) for path in paths if "<" not in path]
    return pages


# The crawl reads words, which no database changes: it runs on SQLite (the pages' own tests run on both engines).
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_swedish_page_shows_words_not_codes_and_writes_numbers_the_swedish_way(app, client):
    for _ in load_demo_data():
        pass
    customer = db.session.execute(db.select(Customer).order_by(Customer.id)).scalars().first()
    record_adjustment(customer.id, -30, "Rättelse av dubbelregistrerad tid", actor=SYSTEM)
    users = {user.role: user for user in db.session.execute(db.select(User)).scalars()}
    pages = {role: _pages(app, users[role].customer_id if role == "customer" else None)
             for role in ("anonymous", "admin", "finance", "customer")}
    found: dict[str, list[str]] = {}
    read = 0
    for role in ("anonymous", "admin", "finance", "customer"):
        reader = app.test_client()
        if role != "anonymous":
            assert post_form(reader, "/login", {"email": users[role].email, "password": DEMO_PASSWORD}).status_code == 303
        for endpoint, path in pages[role]:
            answer = reader.get(path, headers={"Accept-Language": "sv"})
            if answer.status_code != 200 or answer.mimetype != "text/html":
                continue
            read += 1
            for slip in slips(answer.get_data(as_text=True), customer=role == "customer"):
                found.setdefault(slip, []).append(f"{role} {path}")
    assert read > 40, f"only {read} pages were read"
    assert found == {}, "\n".join(f"{slip}: {where[:3]}" for slip, where in sorted(found.items()))


def test_a_swedish_refusal_and_notice_say_channels_and_rates_in_words(app, client, sign_in):
    professional = active_plans().plan("professional")
    try:
        check_channel(professional, "phone")
    except InvalidInput as refusal:
        [problem] = refusal.problems["channel"]
    with app.app_context(), app.test_request_context(headers={"Accept-Language": "sv"}):
        assert translate(problem).endswith("ger support via e-post och chatt.")
    sign_in("finance")
    recorded = post_form(client, "/finance/exchange-rates", {"currency": "EUR", "date": "2026-11-30",
                                                             "rate": "11,2345"}, follow_redirects=True,
                         headers={"Accept-Language": "sv"})
    page = recorded.get_data(as_text=True)
    assert "EUR 2026-11-30: 11,2345 kr registrerad." in page and not slips(page, customer=False)
    again = post_form(client, "/finance/exchange-rates", {"currency": "EUR", "date": "2026-11-30", "rate": "11,3"},
                      headers={"Accept-Language": "sv"})
    assert "har redan kursen 11,2345 den 2026-11-30" in again.get_data(as_text=True)


def test_due_times_show_the_weekday_in_both_languages():
    from ledger import create_app
    from ledger.formatting import due_time
    from tests.conftest import app_config

    app = create_app(app_config("sqlite://"))  # formatting only: no database is opened
    app.extensions[CLOCK_EXTENSION] = lambda: datetime(2026, 12, 1, tzinfo=timezone.utc)
    cases = (("sv", datetime(2026, 12, 21, 15, 30), "mån 21 dec 16:30"),
             ("en", datetime(2026, 12, 21, 15, 30), "Mon 21 Dec 16:30"),
             ("sv", datetime(2027, 1, 4, 8, 0), "mån 4 jan 2027 09:00"))  # another year says which
    for language, moment, expected in cases:
        with app.app_context(), app.test_request_context(headers={"Accept-Language": language}):
            assert due_time(moment.replace(tzinfo=timezone.utc)) == expected


def test_the_swedish_catalogue_uses_one_word_for_each_thing():
    with po_path("sv").open("rb") as source:
        catalogue = read_po(source, locale="sv")
    found = []
    for message in catalogue:
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            for wrong, right in GLOSSARY.items():
                if re.search(wrong, text or "", re.IGNORECASE):
                    found.append(f"{text!r}: say {right!r}")
            if re.search(r"\d(?:,\d+)?\s?h\b", text or ""):  # "2 h": Swedish writes "2 tim"
                found.append(f"{text!r}: Swedish durations are written 1 tim 30 min")
    assert found == []
