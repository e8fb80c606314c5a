"""The books: deferred revenue, the VAT return and the EC sales list (docs/books.md)."""
