"""The OpenAPI schema: generated without a warning, valid, served at /api/schema/ to signed-in users,
and listing every API endpoint (nothing else), each operation in Chinese."""
import io
import json
import re

import pytest
import yaml
from django.core.management import call_command
from django.urls import URLResolver, get_resolver

SCHEMA_URL = "/api/schema/"


def api_routes() -> set[str]:
    """Every route under /api/ as OpenAPI writes it ("<int:pk>" -> "{id}"), the schema's own left out."""
    [api] = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "api"]
    routes = {f"/{api.pattern}{p.pattern}" for p in api.url_patterns if p.name != "schema"}
    return {re.sub(r"<int:pk>", "{id}", route) for route in routes}


def test_the_schema_generates_and_validates_without_a_warning(tmp_path):
    """`manage.py spectacular --validate --fail-on-warn`: raises on any warning or error."""
    stderr = io.StringIO()
    path = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path), stderr=stderr)
    assert stderr.getvalue() == ""
    schema = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(schema["paths"]) == api_routes()


@pytest.fixture
def served(client_as) -> dict:
    response = client_as("school_admin").get(SCHEMA_URL)
    assert (response.status_code, response["Content-Type"].split(";")[0]) == (200, "application/vnd.oai.openapi+json")
    return json.loads(response.content)


def test_the_served_schema_lists_every_endpoint(served):
    assert served["openapi"].startswith("3.")
    assert served["info"]["title"] == "EduBureau 教育局工作要点落实与督导平台 API"
    assert set(served["paths"]) == api_routes()


def test_data_endpoints_are_read_only_and_need_a_token_or_session(served):
    operations = {(path, method): op for path, item in served["paths"].items() for method, op in item.items()}
    assert {m for (path, m) in operations if path != "/api/token/"} == {"get"}
    assert {m for (path, m) in operations if path == "/api/token/"} == {"post", "delete"}
    for (path, method), op in operations.items():
        needs_auth = (path, method) != ("/api/token/", "post")
        assert (op.get("security") == [{"tokenAuth": []}, {"cookieAuth": []}]) == needs_auth, (path, method)
        assert re.search(r"[\u4e00-\u9fff]", op["summary"] + op["description"]), (path, method)  # in Chinese
    schemes = served["components"]["securitySchemes"]
    assert schemes["tokenAuth"] == {"type": "apiKey", "in": "header", "name": "Authorization",
                                    "description": schemes["tokenAuth"]["description"]}


def test_no_schema_field_carries_a_full_identity_number(served):
    fields = {name for schema in served["components"]["schemas"].values() for name in schema.get("properties", {})}
    assert {f for f in fields if "id_number" in f or "xuejihao" in f} == {
        "id_number_masked", "xuejihao_masked", "xuejihao_kind"}


def test_yaml_too(client_as):
    response = client_as("leader").get(SCHEMA_URL, {"format": "yaml"})
    assert yaml.safe_load(response.content)["info"]["version"] == "1.0.0"


def test_the_schema_needs_a_signed_in_user(client, db):
    response = client.get(SCHEMA_URL)
    assert (response.status_code, response.json()) == (401, {"detail": "身份认证信息未提供。"})


def test_no_browsable_api_or_schema_ui(client_as):
    """Only JSON is served (no HTML page with assets), and there is no Swagger/Redoc page."""
    client = client_as("leader")
    response = client.get("/api/students/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert client.get("/api/schema/swagger-ui/").status_code == 404
