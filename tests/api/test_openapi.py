"""The OpenAPI document clients are generated from: served without a token, complete, errors as problem+json."""


def test_the_openapi_document_lists_every_endpoint_with_bearer_auth(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert {
        "/api/v1/customers",
        "/api/v1/customers/{customer_id}",
        "/api/v1/customers/{customer_id}/hour-packages",
        "/api/v1/customers/{customer_id}/adjustments",
        "/api/v1/customers/{customer_id}/close",
        "/api/v1/customers/{customer_id}/ledger",
    } <= set(document["paths"])
    assert document["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}
    assert "application/problem+json" in document["components"]["responses"]["DEFAULT_ERROR"]["content"]


def test_unknown_api_paths_answer_problem_json(client):
    answer = client.get("/api/v1/nothing-here")
    assert answer.status_code == 404 and answer.content_type == "application/problem+json"


def test_an_id_too_large_for_the_database_is_a_plain_404(client):
    # Found by schemathesis: /customers/280638594753748238336/... reached the database and failed with a 500.
    answer = client.get("/api/v1/customers/280638594753748238336")
    assert answer.status_code == 404 and answer.content_type == "application/problem+json"
    document = client.get("/api/v1/openapi.json").get_json()
    parameter = document["paths"]["/api/v1/customers/{customer_id}"]["parameters"][0]
    assert parameter["schema"] == {"type": "integer", "minimum": 1, "maximum": 2147483647}


def test_the_health_check_answers_without_a_token(client):
    assert client.get("/api/v1/health").get_json() == {"status": "ok"}


def test_amounts_answered_may_be_negative_and_the_document_says_so(client):
    # Found by schemathesis: credit notes answer "-4824.00", which the documented pattern refused.
    import re

    document = client.get("/api/v1/openapi.json").get_json()
    pattern = document["components"]["schemas"]["InvoiceOut"]["properties"]["net"]["pattern"]
    assert re.fullmatch(pattern, "-4824.00") and re.fullmatch(pattern, "950.00")
    request_pattern = document["components"]["schemas"]["HourPackageIn"]["properties"]["price"]["pattern"]
    assert not re.fullmatch(request_pattern, "-100.00"), "clients still may not send negative prices"
