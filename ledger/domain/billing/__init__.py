"""Invoices: monthly runs, drafts, issuing, credit notes, VAT, exchange rates and e-invoices."""
