"""The hour ledger: entries, the hash chain, balances, statements, verify, bulk loads and backups."""
