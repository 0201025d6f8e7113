"""The ``curation`` blueprint: plug-ins and template globals (``views.py``), curators
(``views_staff.py``), businesses (``views_manage.py``), legal identity (``views_identity.py``)
and admins (``views_admin.py``).

Its view modules are imported for their routes in one place: ``load_blueprint()`` in the
area's ``__init__.py``, called by ``create_app``.
"""

from flask import Blueprint

bp = Blueprint("curation", __name__)
