"""The ``notifications`` blueprint: preferences and the WhatsApp webhook (``views.py``),
the staff's WhatsApp outbox (``views_staff.py``).

Its view modules are imported for their routes in one place: ``load_blueprint()`` in the
area's ``__init__.py``, called by ``create_app``.
"""

from flask import Blueprint

bp = Blueprint("notifications", __name__)
