"""Demo data for a first look at every capability."""
