"""The published checklist product pages grade against, loaded once per process (issue #18).

Every product page rendered afresh graded its product against the published checklist: five
statements and ~3 ms of ORM loading (the template, its items with their categories, the
thresholds, the category tree), the same for every page, on every page a change to its maker
sent back to its cold cost. Those rows change when an admin publishes a checklist version
(only drafts are edited, ``checklist.py``), changes the thresholds or edits the categories.

:func:`scoring_context` keeps one copy per process, loaded in a session of its own and closed
(its objects belong to no request: read them, never add them to a session):

* while the write stamp (``core/write_stamp.py``) has not moved, the copy is used as it is,
  for at most :data:`RECHECK_SECONDS` (a write by another program moves no stamp);
* otherwise one narrow statement reads the checklist's version (the published template, the
  thresholds, the category tree) and the copy is loaded again only when it differs (with no
  cache, hence no stamp, that statement runs every time);
* a request that has written something not yet committed loads its own context, as before,
  since another connection cannot see what it wrote.

The day is the request's (a certificate lapses at midnight).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from time import monotonic

from flask import current_app
from sqlalchemy import ColumnElement, String, cast, func, select
from sqlalchemy.orm import Session

from trading_house.catalog.models import Category
from trading_house.core.write_stamp import has_unwritten_changes, write_stamp
from trading_house.extensions import db
from trading_house.readiness.formats import local_today
from trading_house.readiness.models import ChecklistTemplate, ReadinessSettings
from trading_house.readiness.scoring import ScoringContext
from trading_house.readiness.status import TemplateStatus

_KEPT = "rumahdagang.readiness_context"
_SETTINGS = (
    "grade_a_min",
    "grade_b_min",
    "grade_c_min",
    "weight_legal",
    "weight_capacity",
    "weight_product",
    "weight_commercial",
)


def _joined(*columns) -> ColumnElement[str]:
    text: ColumnElement[str] = cast(columns[0], String)
    for column in columns[1:]:
        text = text + ":" + cast(column, String)
    return text


#: Changes whenever what :meth:`ScoringContext.load` reads may have changed: the published
#: version (its items are never edited: only drafts are), the thresholds and weights, each
#: category's parent. Values, not times: a test's frozen clock stamps two changes alike.
_VERSION = select(
    select(ChecklistTemplate.id)
    .where(ChecklistTemplate.status == TemplateStatus.PUBLISHED)
    .order_by(ChecklistTemplate.version.desc())
    .limit(1)
    .scalar_subquery(),
    select(_joined(*(getattr(ReadinessSettings, name) for name in _SETTINGS)))
    .where(ReadinessSettings.id == 1)
    .scalar_subquery(),
    select(
        func.aggregate_strings(_joined(Category.id, func.coalesce(Category.parent_id, 0)), ",")
    ).scalar_subquery(),
)


@dataclass(frozen=True)
class _Kept:
    version: tuple
    stamp: str | None
    context: ScoringContext
    checked_at: float


#: How long the stamp alone vouches for the copy: a write by another program (psql by hand)
#: moves no stamp; like the cached pages (``catalog/pages.PAGE_TTL``), it is seen after this.
RECHECK_SECONDS = 60


def scoring_context() -> ScoringContext:
    """The published checklist's scoring context, from this process's copy when it is current."""
    if has_unwritten_changes(db.session()):
        return ScoringContext.load()
    kept: _Kept | None = current_app.extensions.get(_KEPT)
    stamp = write_stamp()  # read before the version: a write after it moves the stamp again
    now = monotonic()
    if kept is None or not _vouched_for(kept, stamp, now):
        kept = _checked(kept, stamp, now)
        current_app.extensions[_KEPT] = kept
    return replace(kept.context, today=local_today())


def _vouched_for(kept: _Kept, stamp: str | None, now: float) -> bool:
    """The copy is current by the stamp alone: it has not moved, and not for too long."""
    if stamp is None or kept.stamp != stamp:
        return False
    return now - kept.checked_at <= RECHECK_SECONDS


def _checked(kept: _Kept | None, stamp: str | None, now: float) -> _Kept:
    """The copy, loaded again only if the checklist's version differs from its own."""
    version = tuple(db.session.execute(_VERSION).one())
    if kept is not None and kept.version == version:
        return replace(kept, stamp=stamp, checked_at=now)
    return _Kept(version, stamp, _load_apart(published=version[0] is not None), now)


def forget_scoring_context(app) -> None:
    """Drop this process's copy (the tests empty the database between tests: ids come again)."""
    app.extensions.pop(_KEPT, None)


def _load_apart(*, published: bool) -> ScoringContext:
    if not published:
        return ScoringContext.without_checklist()
    # Closed without a commit: its objects keep what was loaded and belong to no session.
    with Session(db.engine) as session:
        return ScoringContext.load(session)
