"""The ``payments`` blueprint (``/payments``): payment pages (``views.py``) and the
ledger (``views_ledger.py``).

Its view modules are imported for their routes in one place: ``load_blueprint()`` in the
area's ``__init__.py``, called by ``create_app``.
"""

from flask import Blueprint

bp = Blueprint("payments", __name__, url_prefix="/payments")
