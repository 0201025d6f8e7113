"""The ``supervision`` blueprint (``/pengawasan``)."""

from flask import Blueprint

bp = Blueprint("supervision", __name__, url_prefix="/pengawasan")
