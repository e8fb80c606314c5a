"""Logged work: tasks, their classification by the rule catalogue, the review queue, previews."""
