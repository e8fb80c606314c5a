"""The plan file: seed 001's three plans, checked when read; a broken file names what is wrong."""
from __future__ import annotations

import copy
import tomllib

import pytest

from ledger.domain.errors import PlanError
from ledger.domain.support.plans import parse_support_plans, parse_target
from tests.domain.support_plans import PLAN_FILE, PLANS

DOCUMENT = tomllib.loads(PLAN_FILE.read_text(encoding="utf-8"))


def test_the_shipped_file_holds_the_three_plans_of_the_support_tiers():
    professional, enterprise, gold = (PLANS.plans[key] for key in ("professional", "enterprise", "gold"))
    assert [p.incidents_per_month for p in (professional, enterprise, gold)] == [1, 2, 4]
    assert professional.channels == ("email", "chat") and gold.channels == ("email", "chat", "phone", "remote")
    assert professional.price is None and enterprise.price is None
    assert gold.price.per_period_minor("EUR") == 12 * 1499_00 and gold.price.per_period_minor("SEK") is None
    assert enterprise.target(2, "resolution").business_minutes == 7 * 8 * 60
    assert gold.target(1, "resolution").business_minutes == 16 * 60
    assert professional.target(4, "first_response").business_minutes == 24 * 60
    assert professional.target(1, "first_response").business_minutes is None
    assert PLANS.default_plan.id == "professional"


def test_the_severity_definitions_are_the_seeds_in_swedish_and_english():
    urgent = PLANS.severities[1]
    assert (urgent.label_sv, urgent.label_en) == ("Brådskande", "Urgent")
    assert "there is no workaround" in urgent.definition_en and "ingen tillfällig lösning" in urgent.definition_sv
    assert "NOT affecting revenue" in PLANS.severities[3].definition_en


def test_the_calendar_is_weekdays_nine_to_five_in_stockholm_with_de_facto_holidays():
    spec = PLANS.calendar
    assert (spec.time_zone, spec.weekdays, spec.business_day_minutes) == ("Europe/Stockholm", (0, 1, 2, 3, 4), 480)
    assert spec.holiday_categories == ("public", "de_facto")


def broken(change):
    document = copy.deepcopy(DOCUMENT)
    change(document)
    return document


@pytest.mark.parametrize("change, message", [
    (lambda d: d["plans"]["gold"]["targets"].pop("3"), "plans.gold.targets"),
    (lambda d: d["plans"]["gold"]["targets"]["1"].update(resolution="fast"), "plans.gold.targets.1.resolution"),
    (lambda d: d["plans"]["gold"].update(channels=["fax"]), "plans.gold: `channels`"),
    (lambda d: d["plans"]["enterprise"].update(price={"billing": "yearly_in_advance", "monthly": {"EUR": "1"}}),
     "either `price`"),
    (lambda d: d["plans_file"].update(default_plan="bronze"), "default_plan 'bronze'"),
    (lambda d: d["calendar"].update(time_zone="Europe/Atlantis"), "unknown time zone"),
    (lambda d: d["calendar"].update(closes="08:00"), "`closes` must be after `opens`"),
    (lambda d: d["calendar"].update(days=["funday"]), "`days`"),
    (lambda d: d["severities"].pop("4"), "severities"),
    (lambda d: d["plans"]["gold"].update(colour="gold"), "unknown keys colour"),
])
def test_a_broken_plan_file_is_refused_naming_the_place(change, message):
    with pytest.raises(PlanError, match=message.replace("(", r"\(").replace("[", r"\[")):
        parse_support_plans(broken(change))


def test_targets_are_written_in_business_hours_or_days_or_best_effort():
    assert parse_target("3 business days", 480, "t").business_minutes == 1440
    assert parse_target("8 business hours", 480, "t").unit == "business_hours"
    assert parse_target("best effort", 480, "t").business_minutes is None
    with pytest.raises(PlanError):
        parse_target("0 business hours", 480, "t")
