"""The ``curation`` blueprint: plug-ins and template globals (``views.py``), curators
(``views_staff.py``), businesses (``views_manage.py``), legal identity (``views_identity.py``)
and admins (``views_admin.py``).

Its view modules are imported for their routes in one place: ``load_blueprint()`` in the
area's ``__init__.py``, called by ``create_app``.
"""

from flask import Blueprint

from trading_house.core.error_pages import render_error
from trading_house.core.errors import PermissionDenied
from trading_house.core.tx import rollback

bp = Blueprint("curation", __name__)


@bp.errorhandler(PermissionDenied)
def _forbidden_with_reason(exc):
    """Curation's 403 page says why (e.g. "you cannot review your own business's listing");
    a ``NotFound`` gets the app's 404 page."""
    rollback()
    return render_error(403, str(exc.message))
