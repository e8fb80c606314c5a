"""The README and docs/ point only inside the repository, and every page or API path they name is a real route."""
from __future__ import annotations

import re

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from ledger.config import ROOT

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: A path of the app named in prose: /staff/…, /portal/…, /finance…, /api/…, /login.
APP_PATH = re.compile(r"(?<![\w.:/-])/(?:staff|portal|finance|api|login)(?:/[\w.{}<>-]*)*")
#: Prefixes named as such ("everything under /api/v1"), not pages.
PREFIXES = {"/api/v1", "/api"}
LOCAL_URL = re.compile(r"https?://(?:127\.0\.0\.1|localhost)(?::\d+)?")


def _paths(text: str) -> set[str]:
    return {match.rstrip(".") for match in APP_PATH.findall(text)} - PREFIXES


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_link_stays_inside_the_repository(document):
    text = document.read_text(encoding="utf-8")
    outside = [url for url in re.findall(r"https?://[^\s)`\"'>]+", text) if not LOCAL_URL.match(url)
               and not re.match(r"https?://(db\.internal|([a-z0-9-]+\.)*example(?![a-z0-9.-]))", url)]
    assert outside == [], f"{document.name} links outside the repository"
    assert "../" not in re.sub(r"`[^`]*`", "", text) and "../shared" not in text


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_path_the_documents_name_is_a_route_of_the_app(app, document):
    adapter = app.url_map.bind("127.0.0.1")
    missing = []
    for path in sorted(_paths(document.read_text(encoding="utf-8"))):
        concrete = re.sub(r"\{[^}]*\}|<[^>]*>", "1", path)
        for method in ("GET", "POST", "DELETE"):
            try:
                adapter.match(concrete, method=method)
                break
            except (MethodNotAllowed, RequestRedirect):
                break
            except NotFound:
                continue
        else:
            missing.append(path)
    assert missing == [], f"{document.name} names paths that are no route: {missing}"


def test_the_readme_names_the_staff_start_page_that_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(`/staff`)" not in readme and "`/staff/customers`" in readme
    assert "SERVICEKONTO_ENV=development" in readme.split("flask users token")[0][-400:], (
        "the token command says which settings it needs")
