"""Servicekonto: prepaid service hours, classified by the vendor's terms, invoiced the Swedish way."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, database, migrations, API and CLI (wiring only)."""
    from ledger import cli
    from ledger.api import init_api
    from ledger.config import INSTANCE_DIR, MIGRATIONS_DIR, TEMPLATES_DIR, load_config
    from ledger.database import init_database
    from ledger.extensions import babel, db, mail, migrate
    from ledger.formatting import register_filters
    from ledger.jobs import init_jobs
    from ledger.locales import select_locale
    from ledger.request_checks import register_request_checks
    from ledger.routing import IdConverter
    from ledger.services.customers.roles import load_contact_roles
    from ledger.services.settings import load_invoice_settings
    from ledger.services.support.plans import load_support_plans
    from ledger.services.work.rules import load_active_catalogue
    from ledger.translations import check_catalogues
    from ledger.web import init_web

    app = Flask(__name__, instance_path=str(INSTANCE_DIR), template_folder=str(TEMPLATES_DIR), static_folder=None)
    app.url_map.converters["int"] = IdConverter  # before any route: every <int:id> is bounded
    app.config.from_mapping(load_config(config))
    check_catalogues(development=app.config["SERVICEKONTO_ENV"] in ("development", "testing"))
    if app.config["TRUSTED_PROXIES"]:  # believe X-Forwarded-For/-Proto only from the proxies we run behind
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    INSTANCE_DIR.mkdir(exist_ok=True)
    init_database(app)
    load_active_catalogue(app)
    load_support_plans(app)
    load_contact_roles(app)
    load_invoice_settings(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), compare_type=True)
    babel.init_app(app, locale_selector=select_locale)
    mail.init_app(app)
    register_filters(app)
    register_request_checks(app)
    init_jobs(app)
    init_api(app)
    init_web(app)
    cli.init_app(app)
    return app
