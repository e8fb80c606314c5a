"""Support: plans, the business calendar, agreements, cases, SLA clocks and reports."""
