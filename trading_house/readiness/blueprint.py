"""The ``readiness`` blueprint (``/readiness``): SME pages (``views.py``), curators
(``views_staff.py``), admins (``views_admin.py``) and template globals (``globals.py``).

Its view modules are imported for their routes in one place: ``load_blueprint()`` in the
area's ``__init__.py``, called by ``create_app``.
"""

from flask import Blueprint

bp = Blueprint("readiness", __name__, url_prefix="/readiness")
