"""WSGI entry point (`gunicorn 'app:app'`); the `flask` command finds `app` here."""
from ledger import create_app

app = create_app()
