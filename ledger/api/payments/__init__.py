"""Getting paid: BgMax files, payments by hand, unmatched payments and reminders."""
