"""The partner API: documents that match the OpenAPI schemas, caching, problems, escaping."""

import json

import pytest
from jsonschema import Draft202012Validator

from config import TestingConfig
from trading_house.api.openapi import QUERIES
from trading_house.api.params import KEYWORDS
from trading_house.core.rates import set_rate
from trading_house.extensions import db

BASE = TestingConfig.PUBLIC_BASE_URL.rstrip("/")


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
    assert item["photos"][0]["variants"]["800"].startswith(f"{BASE}/media/p/")
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
    body = conforms(client.get("/api/v1/products?currency=USD&lang=en"), "/products")
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
    assert body["links"]["next"] == f"{BASE}/api/v1/products?limit=2&currency=IDR&page=2"
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


def test_a_304_keeps_the_caching_headers(client, published):
    """RFC 9110: a 304 repeats Cache-Control, ETag and Vary, so caches keep their rules."""
    published()
    first = client.get("/api/v1/categories")
    again = client.get("/api/v1/categories", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    for header in ("ETag", "Cache-Control", "Vary"):
        assert again.headers[header] == first.headers[header]


def test_a_changed_etag_or_a_weak_match_is_handled_as_http_says(client, published):
    published()
    etag = client.get("/api/v1/enterprises").headers["ETag"]
    stale = client.get("/api/v1/enterprises", headers={"If-None-Match": '"0123"'})
    assert stale.status_code == 200 and stale.headers["ETag"] == etag
    several = client.get("/api/v1/enterprises", headers={"If-None-Match": f'"x", W/{etag}'})
    assert several.status_code == 304  # If-None-Match compares weakly


def test_absolute_urls_come_from_the_configuration_never_the_host_header(client, published):
    """A forged Host must not end up in answers that shared caches keep for everyone."""
    product = published()
    paths = [
        "/api/v1/products?limit=1",
        f"/api/v1/products/{product.id}",
        "/api/v1/enterprises?limit=1",
        f"/api/v1/enterprises/{product.enterprise.slug}",
        "/api/v1/openapi.json",
    ]
    forged = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    for path in paths:
        response = client.get(path, headers=forged)
        assert response.status_code == 200, path
        assert b"evil.example" not in response.data, path
        assert f'"{BASE}/'.encode() in response.data, path


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


#: One query per line and the parameter its problem must name (one test: each parametrized case
#: would empty every table again, which costs seconds on PostgreSQL).
BAD_QUERIES = [
    ("limit=101", "limit"),
    ("limit=0", "limit"),
    ("limit=ten", "limit"),
    ("limit=%205", "limit"),  # no trimming: the value is read as sent
    ("page=0", "page"),
    ("page=-1", "page"),
    ("page=abc", "page"),
    ("page=²", "page"),
    ("page=1.0", "page"),
    ("page=1000001", "page"),  # the documented maximum is 1,000,000
    ("currency=XYZ", "currency"),
    ("currency=usd", "currency"),  # ISO codes, upper case, as the enum lists them
    ("lang=fr", "lang"),
    ("lang=", "lang"),
    ("lang=EN", "lang"),
    ("category=Kopi%20Teh", "category"),
    ("category=kopi-", "category"),
    ("enterprise=a%0A", "enterprise"),  # "$" must not match before a final newline
    ("regency=9999", "regency"),
    ("regency=", "regency"),
    ("min_price=-1", "min_price"),
    ("min_price=0.5", "min_price"),  # not read as 5: an integer is digits only
    ("min_price=1.000", "min_price"),
    ("min_price=", "min_price"),
    ("max_price=10000000000001", "max_price"),
    ("max_moq=0", "max_moq"),
    ("in_stock=maybe", "in_stock"),
    ("in_stock=1", "in_stock"),  # booleans are true or false, as documented
    ("sample=yes", "sample"),
    ("export_ready=", "export_ready"),
    ("sort=cheapest", "sort"),
    ("q=" + "k" * 201, "q"),
    ("q=" + "%20" * 201, "q"),  # the length as sent, before spaces are collapsed
]


def test_bad_parameters_are_400_problems_naming_the_parameter(client, conforms):
    for query, field in BAD_QUERIES:
        response = client.get(f"/api/v1/products?{query}")
        assert response.status_code == 400, query
        body = _problem(response, 400, conforms)
        assert list(body["errors"]) == [field], query


@pytest.mark.parametrize(
    "path", ["/api/v1/categories", "/api/v1/enterprises", "/api/v1/enterprises/koperasi-toraja"]
)
def test_every_operation_refuses_a_language_it_does_not_speak(client, published, conforms, path):
    published()
    documented = path.replace("koperasi-toraja", "{slug}").removeprefix("/api/v1")
    body = _problem(client.get(f"{path}?lang=fr"), 400, conforms, documented)
    assert "id, en" in body["errors"]["lang"]


def test_every_documented_value_is_accepted(client, published, factory, conforms):
    """The boundaries of each schema, as a partner would send them, are answered with 200."""
    product = published()
    queries = [
        "page=1000000&limit=100",
        "limit=1",
        f"category={product.category_id}",
        f"category={product.category.slug}",
        f"enterprise={product.enterprise.slug}",
        "regency=7318",
        "min_price=0&max_price=10000000000000",
        "max_moq=1000000000",
        "in_stock=true&sample=false&export_ready=false",
        "sort=price_desc&currency=JPY&lang=id",
        "q=" + "k" * 200,
        "q=",
    ]
    for query in queries:
        conforms(client.get(f"/api/v1/products?{query}"), "/products")


def test_a_price_range_upside_down_is_an_empty_list(client, published, conforms):
    published()  # 85,000 rupiah
    body = conforms(client.get("/api/v1/products?min_price=90000&max_price=80000"), "/products")
    assert (body["total"], body["items"]) == (0, [])
    assert "min_price=90000&max_price=80000" in body["links"]["self"]
    both = client.get("/api/v1/products?min_price=80000&max_price=90000").get_json()
    assert both["total"] == 1


@pytest.mark.parametrize(
    "query, field", [("category=no-such", "category"), ("enterprise=424242", "enterprise")]
)
def test_an_unknown_category_or_enterprise_is_a_404_naming_it(client, conforms, query, field):
    body = _problem(client.get(f"/api/v1/products?{query}"), 404, conforms)
    assert list(body["errors"]) == [field]


def test_unpublished_and_unknown_products_are_404_problems(client, factory, conforms):
    draft = factory.product(status="draft")
    for product_id in (draft.id, 999999):
        response = client.get(f"/api/v1/products/{product_id}")
        _problem(response, 404, conforms, "/products/{product_id}")


def test_a_problem_detail_follows_the_language(client, conforms):
    body = _problem(client.get("/api/v1/products?limit=500&lang=en"), 400, conforms)
    assert body["errors"]["limit"] == "Enter a whole number from 1 to 100."
    body = _problem(client.get("/api/v1/products?limit=500&lang=id"), 400, conforms)
    assert body["errors"]["limit"] == "Masukkan bilangan bulat dari 1 sampai 100."
    assert body["detail"] == "Beberapa parameter kueri tidak valid."
    # An unknown ?lang= is itself the error, explained in the Accept-Language.
    asked = client.get("/api/v1/categories?lang=fr", headers={"Accept-Language": "id"})
    body = _problem(asked, 400, conforms, "/categories")
    assert body["errors"]["lang"] == "Gunakan salah satu dari: id, en."


def test_writing_is_not_allowed_and_the_answer_says_what_is(client):
    for method in ("post", "put", "patch", "delete", "trace"):
        response = client.open("/api/v1/products", method=method.upper(), json={})
        assert response.status_code == 405, method
        assert response.mimetype == "application/problem+json"
        assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
    allow = client.options("/api/v1/products").headers["Allow"]
    assert sorted(allow.split(", ")) == ["GET", "HEAD", "OPTIONS"]


def test_problems_are_not_cached(client):
    response = client.get("/api/v1/products?page=0")
    assert response.headers["Cache-Control"] == "no-store"


# --- the document itself -----------------------------------------------------------------------


def test_the_served_document_is_openapi_3_1_with_valid_schemas(client):
    response = client.get("/api/v1/openapi.json")
    doc = response.get_json()
    assert doc["openapi"] == "3.1.0"
    assert doc["servers"] == [{"url": f"{BASE}/api/v1"}]
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


def test_every_documented_parameter_is_read_with_its_own_schema(openapi):
    """``params.read_query`` understands every keyword the parameters use, so the document
    cannot promise a rule the API does not apply."""
    parameters = openapi["components"]["parameters"]
    for name, parameter in parameters.items():
        schema = parameter["schema"]
        assert set(schema) <= KEYWORDS, name
        assert schema["type"] in ("integer", "boolean", "string"), name
        if schema["type"] == "integer":
            assert {"minimum", "maximum"} <= set(schema), name
        if "pattern" in schema:
            assert schema["pattern"].startswith("^") and schema["pattern"].endswith("$"), name
    assert {name for names in QUERIES.values() for name in names} == set(parameters)
