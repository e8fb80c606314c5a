"""Where a received message goes (docs/support.md), first match wins; and what a case's mail is titled."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ledger.domain.support.due_text import weekday_time
from ledger.domain.support.mail_routing import (
    NamedCase,
    SenderContact,
    case_subject,
    case_tag,
    route_message,
    tagged_subject,
)

NOW = datetime(2026, 12, 7, 10, tzinfo=timezone.utc)


def route(named=None, contacts=(), automatic=False, too_large=False, recent=0):  # noqa: ANN001, ANN201
    return route_message(automatic=automatic, too_large=too_large, named=named, contacts=list(contacts),
                         new_cases_last_hour=recent, max_per_hour=10, now=NOW)


def case(status="open", resolved_days_ago=None):  # noqa: ANN001, ANN201
    resolved = None if resolved_days_ago is None else NOW - timedelta(days=resolved_days_ago)
    return NamedCase(7, customer_id=1, status=status, resolved_at=resolved)


def test_a_contact_of_the_cases_customer_replies_on_the_case():
    assert route(case(), [SenderContact(3, 1)]).outcome == "reply"
    assert route(case("resolved", resolved_days_ago=13), [SenderContact(3, 1)]).outcome == "reply"


def test_a_case_closed_or_resolved_too_long_ago_gets_a_new_case_that_names_it():
    for named in (case("closed"), case("resolved", resolved_days_ago=15)):
        found = route(named, [SenderContact(3, 1)])
        assert (found.outcome, found.customer_id, found.follows_case_id) == ("new_case", 1, 7)


def test_naming_another_customers_case_goes_to_the_inbox():
    found = route(case(), [SenderContact(3, 2)])
    assert (found.outcome, found.reason) == ("inbox", "not_a_contact_of_case")


def test_a_known_contact_naming_no_case_opens_one_for_their_customer():
    found = route(None, [SenderContact(3, 1)])
    assert (found.outcome, found.customer_id, found.contact_id) == ("new_case", 1, 3)


def test_unknown_senders_and_senders_of_two_customers_go_to_the_inbox():
    assert route(None, []).reason == "unknown_sender"
    assert route(None, [SenderContact(3, 1), SenderContact(4, 2)]).reason == "several_customers"


def test_past_the_hourly_limit_new_cases_go_to_the_inbox():
    assert route(None, [SenderContact(3, 1)], recent=9).outcome == "new_case"
    assert route(None, [SenderContact(3, 1)], recent=10).reason == "rate_limited"


def test_automatic_mail_is_ignored_and_too_large_mail_goes_to_the_inbox_whatever_it_names():
    assert (route(case(), [SenderContact(3, 1)], automatic=True).outcome) == "ignored"
    assert route(case(), [SenderContact(3, 1)], too_large=True).reason == "too_large"


def test_case_tags_and_subjects():
    assert case_tag("Re: [#12] Ordrar fastnar [#13]") == 12 and case_tag("Ordrar #12") is None
    assert case_subject("SV: Re: [#12] Ordrar fastnar", "", "") == "Ordrar fastnar"
    assert case_subject("  ", "\n\nFörsta raden\nandra", "a@b") == "Första raden"
    assert case_subject("", "", "a@b.example") == "a@b.example"
    assert tagged_subject(12, "Ordrar fastnar") == "[#12] Ordrar fastnar"


def test_due_times_read_in_stockholm_time_with_the_weekday():
    moment = datetime(2026, 12, 21, 15, 30, tzinfo=timezone.utc)  # 16:30 in Stockholm (winter time)
    assert weekday_time(moment, "sv") == "mån 21 dec 16:30"
    assert weekday_time(moment, "en") == "Mon 21 Dec 16:30"
    assert weekday_time(datetime(2027, 6, 24, 12, tzinfo=timezone.utc), "sv") == "tors 24 juni 14:00"
