"""Wholesale buyers who come back: buyer organisations with several users, approval by the
trading house, price lists per buyer group and per organisation (case packs, minimums), net
terms with a credit limit, invoices with due dates, reminders and the overdue view.

This area sits above ``orders`` and ``payments`` (it places orders and books sales through
their services); nothing below imports it.
"""

from flask_babel import lazy_gettext as _l


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.wholesale import views, views_admin  # noqa: F401 - their routes
    from trading_house.wholesale.blueprint import bp

    return bp


def register(registry) -> None:
    from trading_house.core.registry import NavLink, Panel
    from trading_house.wholesale import invoices, panels

    registry.add_nav(NavLink("wholesale.home", _l("Wholesale"), roles=("buyer",), order=75))
    registry.add_panel(
        "product",
        Panel("wholesale", "wholesale/_product_price.html", panels.product_panel, order=1),
    )
    # Orders on net terms read "On net terms — invoice … due …", not "Paid" (orders/_badge.html).
    registry.add_template_filter("net_terms", invoices.terms_status)
    # Invoice pages: the amount, its credit notes and the balance still due.
    registry.add_template_filter("invoice_account", invoices.account_of)
    invoices.connect()  # credits the invoice when a dispute refunds an order on terms
