"""The ``cooperatives`` blueprint (``/koperasi``): officers' pages (``views_manage.py``), the
division's registry (``views_staff.py``) and administrators (``views_admin.py``).

Its view modules are imported for their routes in one place: ``load_blueprint()`` in the
area's ``__init__.py``, called by ``create_app``.
"""

from flask import Blueprint

bp = Blueprint("cooperatives", __name__, url_prefix="/koperasi")
