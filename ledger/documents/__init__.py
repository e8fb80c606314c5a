"""What is rendered for outside readers: invoice HTML and PDF/A, e-invoices, bookkeeping files, mail bodies."""
