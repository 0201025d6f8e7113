"""The ``trade_documents`` blueprint: the admin's trading-house identity
(``views_admin.py``).

Its view modules are imported for their routes in one place: ``load_blueprint()`` in the
area's ``__init__.py``, called by ``create_app``.
"""

from flask import Blueprint

bp = Blueprint("trade_documents", __name__)
