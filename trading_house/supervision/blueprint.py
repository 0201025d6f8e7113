"""The ``supervision`` blueprint (``/pengawasan``): the cooperative's self-assessment
(``views_manage.py``), examiners' field work (``views_staff.py``), worksheet templates and
certificates for admins (``views_admin.py``), the public certificate check (``views.py``), and
the plan, special inspection cases and division dashboard (``views_plan.py``,
``views_cases.py``, ``views_dashboard.py``).

Its view modules are imported for their routes in one place: ``load_blueprint()`` in the
area's ``__init__.py``, called by ``create_app``.
"""

from flask import Blueprint

bp = Blueprint("supervision", __name__, url_prefix="/pengawasan")
