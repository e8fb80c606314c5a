"""People who sign in: users, sessions, passwords and API tokens."""
