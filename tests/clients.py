"""Test clients."""

from flask.testing import FlaskClient


class FreshContextClient(FlaskClient):
    """Each request gets its own application context, as in production.

    The ``factory`` and ``ctx`` fixtures keep an app context open for the whole test; Flask would
    reuse it for requests, so ``g`` (the signed-in user, the currency) and the cached locale would
    leak from one request, or one client, to the next.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Tests read pages in English unless they ask for Indonesian (?lang=id or a header).
        self.environ_base.setdefault("HTTP_ACCEPT_LANGUAGE", "en")

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        # Werkzeug spools a large multipart body to a temporary file it never closes.
        body = response.request.environ.get("wsgi.input")
        if body is not None and hasattr(body, "close"):
            body.close()
        return response


def page_as(app, login, user, url: str) -> tuple[str, int]:
    """``url`` (in English) as ``user`` sees it, and how many SQL statements it took."""
    from tests.catalog.test_queries_and_gets import recorded_sql

    client = app.test_client()
    login(user, target=client)
    with recorded_sql(app) as seen:
        page = client.get(f"{url}?lang=en").get_data(as_text=True)
    return page, len(seen)
