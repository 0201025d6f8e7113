"""The ``admin`` blueprint (``/admin``): ``views.py`` and ``views_admin_catalog.py``
(exchange rates, the category tree, enterprise verification).

Its view modules are imported for their routes in one place: ``load_blueprint()`` in the
area's ``__init__.py``, called by ``create_app``.
"""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
