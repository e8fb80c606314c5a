"""Customers: their terms and address, contacts and roles, who receives what."""
