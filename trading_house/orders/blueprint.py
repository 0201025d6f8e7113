"""The ``orders`` blueprint: cart, checkout and the buyer's orders (``views.py``), the
seller's fulfilments (``views_manage.py``), the trading house's orders (``views_admin.py``) and
export consignments (``views_admin_consignments.py``).

Its view modules are imported for their routes in one place: ``load_blueprint()`` in the
area's ``__init__.py``, called by ``create_app``.
"""

from flask import Blueprint

bp = Blueprint("orders", __name__)
