"""Mail: reading received messages (the outbox and delivery are services of their own)."""
