"""Mail and jobs: the outbox, its delivery over SMTP, job state and the sweep."""
