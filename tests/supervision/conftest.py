"""Supervision fixtures: the shipped worksheets, an examiner, a cooperative with its officer and
a submitted statement of last year."""

from dataclasses import dataclass

import pytest

from tests.cooperatives.helpers import cooperative, statement
from tests.supervision.helpers import install

YEAR = 2025


@dataclass
class Scene:
    examiner: object
    officer: object
    admin: object
    coop: object


@pytest.fixture
def scene(app, ctx, factory):
    install()
    examiner = factory.user("examiner", email="pengawas@example.id")
    officer = factory.user("coop_officer", email="ketua@koperasi.id")
    admin = factory.user("admin", email="admin@example.id")
    coop = cooperative(officer, examiner=examiner, name="Koperasi Produsen Kopi Toraja")
    statement(coop, YEAR)
    return Scene(examiner=examiner, officer=officer, admin=admin, coop=coop)
