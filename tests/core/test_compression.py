"""Pages, CSS and JavaScript travel gzipped (issue #15 weight budget): ``make run`` has no nginx."""

import gzip

CSS = "/static/vendor/bootstrap.min.css"


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(client):
    plain = client.get("/?lang=en")
    packed = client.get("/?lang=en", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.status_code == 200 and packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    page = gzip.decompress(packed.data).decode()
    assert "Rumah Dagang" in page and len(packed.data) * 2 < len(plain.data)
    assert int(packed.headers["Content-Length"]) == len(packed.data)


def test_a_client_without_gzip_gets_plain_bytes(client):
    response = client.get("/?lang=en", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert "Rumah Dagang" in response.get_data(as_text=True)


def test_static_css_and_js_are_gzipped_and_still_revalidate(client):
    first = client.get(CSS, headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip" and first.headers["ETag"].startswith('W/"')
    assert b".navbar" in gzip.decompress(first.data)
    etag = first.headers["ETag"]
    with client.get(CSS, headers={"Accept-Encoding": "gzip", "If-None-Match": etag}) as again:
        assert again.status_code == 304  # the browser's cached copy is still good
    script = client.get("/static/js/app.js", headers={"Accept-Encoding": "gzip"})
    assert script.headers["Content-Encoding"] == "gzip"


def test_errors_and_small_answers_are_left_alone(client):
    with client.get("/static/img/favicon.svg", headers={"Accept-Encoding": "gzip"}) as small:
        assert small.status_code == 200 and small.data.lstrip().startswith(b"<")
    missing = client.get("/static/nothing-here.css", headers={"Accept-Encoding": "gzip"})
    assert missing.status_code == 404 and "Content-Encoding" not in missing.headers
