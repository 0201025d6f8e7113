"""The ``wholesale`` blueprint: the buyer organisation's pages (``views.py``) and the trading
house's approval, price lists and invoices (``views_admin.py``).

Its view modules are imported for their routes in one place: ``load_blueprint()`` in the
area's ``__init__.py``, called by ``create_app``.
"""

from flask import Blueprint

bp = Blueprint("wholesale", __name__)
