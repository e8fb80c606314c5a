"""People: who is calling, and who can take cases."""
