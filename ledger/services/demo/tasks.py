"""A realistic month of logged work for the demo customers, across every category of the Swedish terms."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

#: (customer org number, working day of the month (1-based), category, minutes, description, extra facts)
DEMO_MONTH: tuple[tuple[str, int, str, int, str, dict[str, Any]], ...] = (
    ("556677-8899", 1, "hosting", 30, "Månadsvis patchning av integrationsservern", {}),
    ("556677-8899", 2, "guidance", 15, "Visade var i manualen orderexporten beskrivs", {}),
    ("556677-8899", 3, "troubleshooting", 75, "Ordrar fastnade: fel i vår mappning av fraktsätt, rättat",
     {"root_cause": "our_product"}),
    ("556677-8899", 5, "configuration_change", 50, "Nytt lager lagt till i lagersynkroniseringen", {}),
    ("556677-8899", 8, "troubleshooting", 40, "Priser uppdateras inte; kunden bytte prislista i affärssystemet",
     {"root_cause": "customer_change"}),
    ("556677-8899", 12, "project", 240, "Förstudie: koppling mot ny marknadsplats", {"agreement_reference": "Offert 2026-114"}),
    ("559012-3450", 1, "installation", 180, "Installation av integrationen mot affärssystemet", {}),
    ("559012-3450", 2, "training", 120, "Utbildning för ekonomiavdelningen", {}),
    ("559012-3450", 4, "customer_system_configuration", 90, "Konfigurerade artikelregister och momskoder i affärssystemet", {}),
    ("559012-3450", 9, "account_admin", 20, "Byte av fakturamottagare efter ny juridisk person", {}),
    ("559012-3450", 11, "partner_api_update", 45, "Anpassning efter systempartnerns ändrade API för fakturor", {}),
    ("559012-3450", 15, "troubleshooting", 35, "Sporadiska timeouts mot webbutiken, orsak ännu okänd", {}),
    ("556123-4567", 3, "qualified_help", 60, "Genomgång av flöden för returer och kreditfakturor", {}),
    ("556123-4567", 6, "data_configuration", 150, "Rensning av dubblettkunder inför årsskiftet", {"agreement_reference": "Order 8812"}),
    ("556123-4567", 10, "business_advice", 120, "Workshop om automatiserad orderhantering", {"agreement_reference": "Offert 2026-131"}),
    ("556123-4567", 14, "troubleshooting", 25, "Betalstatus uppdaterades inte efter partnerns ändring",
     {"root_cause": "partner_change"}),
    ("HRB 123456 B", 2, "partner_api_update", 210, "Migration to the partner's new major API version",
     {"partner_new_major_version": True}),
    ("HRB 123456 B", 7, "project_management", 90, "Coordination call between ERP and webshop partners",
     {"agreement_reference": "PO 4500123"}),
    ("HRB 123456 B", 13, "guidance", 10, "Pointed to the manual section on currency settings", {}),
    ("987 654 321", 4, "qualified_help", 120, "Helped design the order flow for a new sales channel", {}),
    ("987 654 321", 9, "configuration_change", 150, "Changed the VAT mapping for Norwegian orders", {}),
    ("987 654 321", 16, "hosting", 20, "Moved the integration to a new server region", {}),
)


def working_days(first: date, last: date) -> list[date]:
    """Monday to Friday between two dates, inclusive."""
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day = date.fromordinal(day.toordinal() + 1)
    return days


def at_four_pm(day: date) -> datetime:
    """16:00 Stockholm time on `day`, when the demo's work is logged."""
    from ledger.domain.periods import BUSINESS_TIMEZONE

    return datetime.combine(day, time(16, 0), tzinfo=BUSINESS_TIMEZONE)
