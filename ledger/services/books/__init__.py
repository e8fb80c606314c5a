"""Bookkeeping: vouchers and the SIE file for the accountant."""
