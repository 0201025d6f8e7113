"""Trade documents from one source of truth: the trading house's legal identity (one admin
setting) and one PDF module that renders the proforma invoice, the order invoice, and for an
export consignment the commercial invoice, the packing list and the certificate-of-origin data
sheet, all with the fonts shipped in ``static/fonts/``.

This area sits above ``orders`` and ``inquiries`` (it reads their models to print them); they
import it only from their views, which are edges.
"""


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.trade_documents import views_admin  # noqa: F401 - their routes
    from trading_house.trade_documents.blueprint import bp

    return bp
