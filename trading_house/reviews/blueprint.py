"""The ``reviews`` blueprint: buyers write and report (``views.py``), enterprises answer
(``views_manage.py``), curators moderate (``views_staff.py``). The view modules are imported
for their routes by ``load_blueprint()`` in the area's ``__init__.py``."""

from flask import Blueprint

bp = Blueprint("reviews", __name__)


def _register_error_pages() -> None:
    from flask_limiter.errors import RateLimitExceeded

    from trading_house.core.uploads import rate_limited_page

    # Review photos share the upload budget: its 429 page says why and how long.
    bp.register_error_handler(RateLimitExceeded, rate_limited_page)


_register_error_pages()
