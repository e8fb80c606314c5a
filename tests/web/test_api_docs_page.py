"""/api/docs: the API reference rendered from the OpenAPI document, served by the app with nothing from elsewhere."""
from __future__ import annotations

import html
import re

from ledger.web.openapi_page import operations_by_tag, type_of


def test_every_operation_of_the_openapi_document_has_a_section_with_its_fields(client, app):
    page = html.unescape(client.get("/api/docs", headers={"Accept-Language": "en"}).get_data(as_text=True))
    spec = app.extensions["servicekonto.api"].spec.to_dict()
    for path, item in spec["paths"].items():
        for method in ("get", "post", "delete"):
            if method in item:
                assert f"<code>{path}</code>" in page, (method, path)
    post_tasks = page[page.index('id="post-api-v1-tasks"'):]
    post_tasks = post_tasks[:post_tasks.index("</article>")]
    assert "Idempotency-Key" in post_tasks and "<code>work_date</code>" in post_tasks and "string (date)" in post_tasks
    assert "integer 1..1440" in post_tasks, "limits are shown"


def test_the_page_loads_nothing_from_another_site_and_keeps_the_strict_policy(client):
    answer = client.get("/api/docs")
    assert answer.status_code == 200
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'")
    page = answer.get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', page), "no CDN, no other site"
    assert "<script" not in page


def test_the_page_chrome_is_swedish_for_a_swedish_reader(client):
    page = html.unescape(client.get("/api/docs", headers={"Accept-Language": "sv"}).get_data(as_text=True))
    assert "API-referens" in page and "Obligatorisk" in page


def test_types_are_described_in_words():
    spec = {"components": {"schemas": {"TaskOut": {"type": "object"}}}}
    assert type_of(spec, {"type": "array", "items": {"$ref": "#/components/schemas/TaskOut"}}) == "list of TaskOut"
    assert type_of(spec, {"type": "string", "enum": ["sv", "en", None], "nullable": True}) == "one of: sv, en"
    assert type_of(spec, {"type": "string", "maxLength": 100, "nullable": True}) == "string, at most 100 characters, or null"


def test_operations_are_grouped_by_tag_with_resolved_parameters():
    spec = {"paths": {"/x/{id}": {"parameters": [{"$ref": "#/components/parameters/Id"}],
                                  "get": {"tags": ["things"], "summary": "A thing.", "responses": {"200": {"description": "OK"}}}}},
            "components": {"parameters": {"Id": {"name": "id", "in": "path", "required": True,
                                                 "schema": {"type": "integer"}}}}}
    [(tag, [operation])] = operations_by_tag(spec)
    assert (tag, operation.method, operation.anchor) == ("things", "GET", "get-x-id")
    assert [(f.name, f.location, f.required) for f in operation.parameters] == [("id", "path", True)]
    assert operation.answers == [("200", "OK")]
