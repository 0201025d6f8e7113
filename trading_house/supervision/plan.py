"""The yearly supervision plan: cooperatives ranked by risk, examiners assigned within their
capacity, the rest shown as uncovered.

Building the plan walks the ranking from the riskiest cooperative down, so when capacity runs
out it is the least risky cooperatives that are left uncovered. A cooperative keeps the examiner
it already had while that examiner has room (continuity of supervision); otherwise it goes to
the examiner with the most room left. Cooperatives whose members live in more than one province
are the ministry's to supervise and stay out of the plan. The plan sets each cooperative's
``assigned_examiner_id`` (the examiner who may see its records).
"""

import heapq
from collections import Counter
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, insert, select, update

from trading_house.accounts.models import User, UserRole
from trading_house.cooperatives.models import Cooperative
from trading_house.core import audit
from trading_house.core.clock import business_today, utcnow
from trading_house.core.errors import DomainError
from trading_house.extensions import db
from trading_house.supervision import risk
from trading_house.supervision.plan_models import (
    DEFAULT_CAPACITY,
    MAX_CAPACITY,
    ExaminerCapacity,
    PlanEntry,
    SupervisionPlan,
)

OUTSIDE_AUTHORITY = ("ministry",)


def examiners() -> list[User]:
    """Active examiners, by name."""
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == "examiner", User.active.is_(True))
            .order_by(User.display_name, User.id)
        )
    )


def is_active_examiner(user) -> bool:
    return user is not None and user.has_role("examiner") and user.active


def capacities(users: list[User] | None = None) -> dict[int, int]:
    """Capacity of each examiner (DEFAULT_CAPACITY where an admin set none)."""
    users = examiners() if users is None else users
    set_ = dict(
        db.session.execute(select(ExaminerCapacity.user_id, ExaminerCapacity.capacity)).all()
    )
    return {u.id: set_.get(u.id, DEFAULT_CAPACITY) for u in users}


def plan_for(year: int) -> SupervisionPlan | None:
    return db.session.scalar(select(SupervisionPlan).where(SupervisionPlan.year == year))


def plan_years(today=None) -> tuple[int, int]:
    """A plan may be built for this year or the next."""
    year = (today or business_today()).year
    return year, year + 1


def build_plan(year: int, *, actor) -> SupervisionPlan:
    """(Re)build the plan of ``year``: rank, assign within capacity, set assigned examiners."""
    if year not in plan_years():
        raise DomainError(_l("A plan can be built for this year or the next only."), field="year")
    people = examiners()
    if not people:
        raise DomainError(_l("There is no active examiner to assign yet."))
    caps = capacities(people)
    cooperatives = list(db.session.scalars(select(Cooperative).order_by(Cooperative.id)))
    in_scope = [c for c in cooperatives if c.authority not in OUTSIDE_AUTHORITY]
    risks = risk.assess_risks(in_scope)
    ranked = sorted(in_scope, key=lambda c: (-risks[c.id].score, c.name.lower(), c.id))

    rooms = _Rooms(caps)
    rows, changes = [], []
    for rank, cooperative in enumerate(ranked, start=1):
        examiner_id = rooms.take(cooperative.assigned_examiner_id)
        assessed = risks[cooperative.id]
        rows.append(
            {
                "cooperative_id": cooperative.id,
                "rank": rank,
                "risk_score": assessed.score,
                "reasons": [r.as_json() for r in assessed.reasons],
                "examiner_id": examiner_id,
            }
        )
        if cooperative.assigned_examiner_id != examiner_id:
            changes.append({"id": cooperative.id, "assigned_examiner_id": examiner_id})
    for cooperative in cooperatives:
        if cooperative.authority in OUTSIDE_AUTHORITY and cooperative.assigned_examiner_id:
            changes.append({"id": cooperative.id, "assigned_examiner_id": None})

    plan = plan_for(year)
    if plan is None:
        plan = SupervisionPlan(year=year)
        db.session.add(plan)
    plan.built_by_id = actor.id
    plan.built_at = utcnow()
    db.session.flush()
    # Bulk statements: thousands of rows in a few round trips (bench/supervision.py).
    db.session.execute(delete(PlanEntry).where(PlanEntry.plan_id == plan.id))
    if rows:
        db.session.execute(insert(PlanEntry), [{"plan_id": plan.id, **row} for row in rows])
    if changes:
        db.session.execute(update(Cooperative), changes)
    db.session.expire_all()
    audit.record(
        "supervision.plan_built",
        actor=actor,
        subject=plan,
        year=year,
        cooperatives=len(rows),
        uncovered=sum(1 for r in rows if r["examiner_id"] is None),
    )
    return plan


class _Rooms:
    """Examiners by room left (most room first, then fewest assigned, then id): a heap, so
    assigning thousands of cooperatives stays fast (``bench/supervision.py``)."""

    def __init__(self, caps: dict[int, int]) -> None:
        self.caps = caps
        self.load: Counter = Counter()
        self.heap: list[tuple[int, int, int]] = [(-cap, 0, e) for e, cap in caps.items() if cap > 0]
        heapq.heapify(self.heap)

    def has_room(self, examiner_id: int | None) -> bool:
        return examiner_id in self.caps and self.load[examiner_id] < self.caps[examiner_id]

    def take(self, preferred: int | None) -> int | None:
        """``preferred`` while they have room, else the examiner with the most room."""
        chosen = preferred if preferred is not None and self.has_room(preferred) else None
        while chosen is None and self.heap:
            _room, load, examiner = heapq.heappop(self.heap)
            if load == self.load[examiner]:  # an entry that is still current
                chosen = examiner
        if chosen is None:
            return None
        self.load[chosen] += 1
        room = self.caps[chosen] - self.load[chosen]
        if room > 0:
            heapq.heappush(self.heap, (-room, self.load[chosen], chosen))
        return chosen


def plan_load(plan: SupervisionPlan) -> dict[int, int]:
    """Cooperatives per examiner in a plan."""
    rows = db.session.execute(
        select(PlanEntry.examiner_id, func.count())
        .where(PlanEntry.plan_id == plan.id, PlanEntry.examiner_id.is_not(None))
        .group_by(PlanEntry.examiner_id)
    ).all()
    return {examiner_id: count for examiner_id, count in rows if examiner_id is not None}


def assign_entry(entry: PlanEntry, examiner_id: int | None, *, actor) -> PlanEntry:
    """Give a plan entry to an examiner (or leave it uncovered), within the examiner's capacity."""
    if examiner_id is not None:
        examiner = db.session.get(User, examiner_id)
        if examiner is None or not is_active_examiner(examiner):
            raise DomainError(_l("Choose an examiner from the list."), field="examiner_id")
        capacity = capacities([examiner])[examiner.id]
        carried = plan_load(entry.plan).get(examiner.id, 0)
        if entry.examiner_id != examiner.id and carried >= capacity:
            raise DomainError(
                _l(
                    "%(name)s already carries %(count)s cooperatives, the capacity set for "
                    "them: raise the capacity or choose another examiner.",
                    name=examiner.display_name,
                    count=carried,
                ),
                field="examiner_id",
            )
    before = entry.examiner_id
    entry.examiner_id = examiner_id
    if entry.plan.year == business_today().year:
        entry.cooperative.assigned_examiner_id = examiner_id
    db.session.flush()
    audit.record(
        "supervision.plan_assigned",
        actor=actor,
        subject=entry.cooperative,
        before=before,
        after=examiner_id,
        year=entry.plan.year,
    )
    return entry


def set_capacity(examiner: User, capacity: int | None, *, actor) -> ExaminerCapacity:
    """Set how many cooperatives an examiner may carry (never below what they carry now)."""
    if not is_active_examiner(examiner):
        raise DomainError(_l("Choose an examiner from the list."))
    if capacity is None or not 0 <= capacity <= MAX_CAPACITY:
        raise DomainError(
            _l("Enter a capacity between 0 and %(max)s.", max=MAX_CAPACITY), field="capacity"
        )
    plan = plan_for(business_today().year)
    carried = plan_load(plan).get(examiner.id, 0) if plan is not None else 0
    if capacity < carried:
        raise DomainError(
            _l(
                "%(name)s already carries %(count)s cooperatives in this year's plan: move "
                "some to another examiner first.",
                name=examiner.display_name,
                count=carried,
            ),
            field="capacity",
        )
    row = db.session.get(ExaminerCapacity, examiner.id)
    if row is None:
        row = ExaminerCapacity(user_id=examiner.id)
        db.session.add(row)
    before = row.capacity
    row.capacity = capacity
    row.updated_by_id = actor.id
    db.session.flush()
    audit.record(
        "supervision.capacity_set", actor=actor, subject=examiner, before=before, after=capacity
    )
    return row


@dataclass
class Workload:
    examiner: User
    capacity: int
    assigned: int

    @property
    def room(self) -> int:
        return self.capacity - self.assigned


def workloads(plan: SupervisionPlan | None) -> list[Workload]:
    people = examiners()
    caps = capacities(people)
    load = plan_load(plan) if plan is not None else {}
    return [Workload(u, caps[u.id], load.get(u.id, 0)) for u in people]
