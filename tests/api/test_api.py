"""The partner API: documents that match the OpenAPI schemas, caching, problems, escaping."""

import json

import pytest
from jsonschema import Draft202012Validator

from trading_house.core.rates import set_rate
from trading_house.extensions import db


def test_products_list_conforms_and_shows_prices_and_photos(client, published, conforms):
    product = published()
    response = client.get("/api/v1/products", headers={"Accept-Language": "id"})
    assert response.status_code == 200
    body = conforms(response, "/products")
    assert (body["total"], body["page"], body["pages"], body["limit"]) == (1, 1, 1, 24)
    item = body["items"][0]
    assert item["id"] == product.id
    assert item["retail_price_idr"] == {
        "amount": 85000,
        "currency": "IDR",
        "exponent": 0,
        "formatted": item["retail_price_idr"]["formatted"],
    }
    assert "85.000" in item["retail_price_idr"]["formatted"]  # Indonesian for an id reader
    assert item["retail_price"]["currency"] == "IDR"
    assert [t["min_quantity"] for t in item["wholesale_tiers"]] == [10, 100]
    assert item["photos"][0]["position"] == 0
    assert item["photos"][0]["variants"]["800"].startswith("http://localhost/media/p/")
    assert item["origin_regency"] == {"code": "7318", "name": "Tana Toraja"}
    assert item["category"]["slug"] == product.category.slug
    assert body["links"]["next"] is None


def test_one_product_conforms(client, published, conforms):
    product = published()
    response = client.get(f"/api/v1/products/{product.id}?lang=en")
    body = conforms(response, "/products/{product_id}")
    assert body["name_english"] == product.name_english
    assert body["hs_code"] == "09011110"
    assert "85,000" in body["retail_price_idr"]["formatted"]  # English grouping


def test_prices_in_the_requested_currency(client, published, conforms, ctx):
    published()
    set_rate("USD", "16250.5")
    db.session.commit()
    body = conforms(client.get("/api/v1/products?currency=usd&lang=en"), "/products")
    price = body["items"][0]["retail_price"]
    assert (price["amount"], price["currency"], price["exponent"]) == (523, "USD", 2)
    assert price["formatted"] == "$5.23"
    assert body["items"][0]["wholesale_tiers"][1]["unit_price"]["amount"] == 431
    assert body["currency"] == "USD"


def test_a_currency_without_a_rate_falls_back_to_idr(client, published, conforms):
    published()
    body = conforms(client.get("/api/v1/products?currency=EUR"), "/products")
    assert body["items"][0]["retail_price"]["currency"] == "IDR"


def test_search_and_filters_through_the_api(client, factory, published, conforms):
    published()
    other = factory.category("Tenun", slug="tenun")
    factory.product(category=other, name_indonesian="Sarung Sutra", name_english="Silk Sarong",
                    description_indonesian="", description_english="")  # fmt: skip
    assert [
        i["name_english"] for i in client.get("/api/v1/products?q=silk").get_json()["items"]
    ] == ["Silk Sarong"]
    body = conforms(client.get("/api/v1/products?category=kopi-teh"), "/products")
    assert body["total"] == 1 and body["items"][0]["category"]["slug"] != "kopi-teh"
    assert client.get("/api/v1/products?q=zzzz").get_json()["items"] == []


def test_pagination_links_and_a_page_past_the_end(client, factory, conforms):
    for _ in range(3):
        factory.product()
    body = conforms(client.get("/api/v1/products?limit=2"), "/products")
    assert (body["total"], body["pages"], len(body["items"])) == (3, 2, 2)
    assert body["links"]["next"] == "http://localhost/api/v1/products?limit=2&currency=IDR&page=2"
    second = client.get(body["links"]["next"]).get_json()
    assert len(second["items"]) == 1 and second["links"]["next"] is None
    past = conforms(client.get("/api/v1/products?limit=2&page=9"), "/products")
    assert past["items"] == [] and past["page"] == 9 and past["links"]["prev"].endswith("page=2")


def test_categories_tree_conforms_and_counts_children(client, published, factory, conforms):
    published()
    factory.category("Kerajinan", slug="kerajinan")
    body = conforms(client.get("/api/v1/categories"), "/categories")
    tree = {c["slug"]: c for c in body["categories"]}
    assert tree["kopi-teh"]["product_count"] == 1
    assert tree["kopi-teh"]["children"][0]["product_count"] == 1
    assert tree["kerajinan"] == {**tree["kerajinan"], "product_count": 0, "children": []}


def test_enterprises_list_only_those_with_published_products(client, published, factory, conforms):
    product = published()
    quiet = factory.enterprise(name="UD Belum Jual")
    factory.product(quiet, status="draft")
    body = conforms(client.get("/api/v1/enterprises"), "/enterprises")
    assert [e["slug"] for e in body["items"]] == [product.enterprise.slug]
    assert body["items"][0]["product_count"] == 1
    one = conforms(
        client.get(f"/api/v1/enterprises/{product.enterprise.slug}"), "/enterprises/{slug}"
    )
    assert one["name"] == "Koperasi Toraja"
    missing = client.get(f"/api/v1/enterprises/{quiet.slug}")
    assert missing.status_code == 404
    conforms(missing, "/enterprises/{slug}")


# --- HTTP behaviour ----------------------------------------------------------------------------


def test_headers_etag_and_304(client, published):
    published()
    response = client.get("/api/v1/products")
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Set-Cookie" not in response.headers
    etag = response.headers["ETag"]
    again = client.get("/api/v1/products", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag


@pytest.mark.parametrize(
    "path", ["/api/v1/categories", "/api/v1/enterprises", "/api/v1/openapi.json"]
)
def test_every_get_has_an_etag(client, published, path):
    published()
    response = client.get(path)
    assert response.status_code == 200 and response.headers.get("ETag")
    assert client.get(path, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_the_etag_changes_when_the_data_does(client, published):
    product = published()
    etag = client.get(f"/api/v1/products/{product.id}").headers["ETag"]
    product.stock = 7
    db.session.commit()
    response = client.get(f"/api/v1/products/{product.id}", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.get_json()["stock"] == 7


def test_the_language_is_not_remembered_in_a_cookie(client, published):
    published()
    response = client.get("/api/v1/products?lang=en")
    assert "Set-Cookie" not in response.headers
    assert "Accept-Language" in response.headers["Vary"]


def test_script_in_a_name_comes_back_as_an_inert_json_string(client, factory, conforms):
    name = '<script>alert("x")</script> & Kopi'
    product = factory.product(name_english=name)
    response = client.get(f"/api/v1/products/{product.id}")
    body = conforms(response, "/products/{product_id}")
    assert body["name_english"] == name
    assert b"<script>" not in response.data
    assert json.loads(response.data)["name_english"] == name


# --- problems ----------------------------------------------------------------------------------


def _problem(response, status, conforms, path="/products"):
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/problem+json"
    body = conforms(response, path)
    assert body["status"] == status and body["title"] and body["detail"]
    return body


@pytest.mark.parametrize(
    "query, field",
    [
        ("limit=101", "limit"),
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("page=²", "page"),
        ("currency=XYZ", "currency"),
        ("category=no-such", "category"),
        ("min_price=-1", "min_price"),
        ("in_stock=maybe", "in_stock"),
        ("sort=cheapest", "sort"),
    ],
)
def test_bad_parameters_are_400_problems_naming_the_parameter(client, conforms, query, field):
    body = _problem(client.get(f"/api/v1/products?{query}"), 400, conforms)
    assert field in body["errors"]


def test_unpublished_and_unknown_products_are_404_problems(client, factory, conforms):
    draft = factory.product(status="draft")
    for product_id in (draft.id, 999999):
        response = client.get(f"/api/v1/products/{product_id}")
        _problem(response, 404, conforms, "/products/{product_id}")


def test_a_problem_detail_follows_the_language(client, conforms):
    body = _problem(client.get("/api/v1/products?limit=500&lang=en"), 400, conforms)
    assert "100" in body["errors"]["limit"]


def test_writing_is_not_allowed(client):
    response = client.post("/api/v1/products", json={})
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"


# --- the document itself -----------------------------------------------------------------------


def test_the_served_document_is_openapi_3_1_with_valid_schemas(client):
    response = client.get("/api/v1/openapi.json")
    doc = response.get_json()
    assert doc["openapi"] == "3.1.0"
    assert doc["servers"] == [{"url": "http://localhost/api/v1"}]
    for schema in doc["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    for path, item in doc["paths"].items():
        assert path.startswith("/")
        for parameter in item["get"].get("parameters", []):
            if "$ref" in parameter:
                assert parameter["$ref"].rsplit("/", 1)[1] in doc["components"]["parameters"]
    served = {rule for rule in _api_rules(client.application)}
    assert served == {p.replace("{", "<").replace("}", ">") for p in doc["paths"]}


def _api_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            yield rule.rule.removeprefix("/api/v1").replace("<int:", "<")
