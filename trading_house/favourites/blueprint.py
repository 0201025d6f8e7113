"""The ``favourites`` blueprint: saved products and enterprises, lists and their share links
(``views.py``); reorder and repeat orders (``views_reorder.py``). Imported for their routes by
``load_blueprint()`` in the area's ``__init__.py``."""

from flask import Blueprint

bp = Blueprint("favourites", __name__)
