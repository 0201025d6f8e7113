"""The ``catalog`` blueprint: public pages (``views.py``), the SME's listings
(``views_manage.py``, ``views_manage_photos.py``) and the admin's list (``views_admin.py``).

Its view modules are imported for their routes in one place: ``load_blueprint()`` in the
area's ``__init__.py``, called by ``create_app``.
"""

from flask import Blueprint

bp = Blueprint("catalog", __name__)
