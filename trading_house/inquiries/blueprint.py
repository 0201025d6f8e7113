"""The ``inquiries`` blueprint (``/inquiries``): threads (``views.py``), buying requests
(``views_rfq.py``), quotations (``views_quotes.py``), pools (``views_pools.py``) and
moderation (``views_moderation.py``).

Its view modules are imported for their routes in one place: ``load_blueprint()`` in the
area's ``__init__.py``, called by ``create_app``.
"""

from flask import Blueprint

bp = Blueprint("inquiries", __name__, url_prefix="/inquiries")
