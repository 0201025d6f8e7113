"""Risk score of every cooperative, with the reasons that make it up.

The score is a sum of points (capped at 100) for what examiners check every year:

- the annual members' meeting (RAT) of the last book year that is due: missed, held late, or
  held but not reported; missed two years running weighs more (it also opens a special case);
- the financial statement of that year not submitted;
- ratios that got worse than the year before (``cooperatives.ratios``);
- Nomor Induk Koperasi (NIK) missing or expired;
- complaints logged in the last twelve months;
- the predicate of the last health examination (never examined counts too).

A book year ends on 31 December and its RAT (with the statement it approves) is due by
``RAT_DUE`` of the next year: UU 25/1992 art. 35 asks for the accounts within six months after
the book year (to confirm with the division). Everything is loaded in a few queries, so the
plan for thousands of cooperatives takes seconds (``bench/supervision.py``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_house.cooperatives.models import (
    Cooperative,
    FinancialStatement,
    HealthPredicate,
    RatRecord,
)
from trading_house.cooperatives.ratios import trend_between
from trading_house.cooperatives.ratios import worsening_ratios as worsening
from trading_house.core.clock import business_today
from trading_house.extensions import db
from trading_house.supervision.labels import predicate_label
from trading_house.supervision.plan_models import Complaint

#: (month, day) of the year after the book year by which its RAT must be held.
RAT_DUE = (6, 30)

POINTS = {
    "rat_missed": 25,
    "rat_missed_twice": 15,
    "rat_late": 10,
    "rat_not_reported": 5,
    "statement_missing": 20,
    "ratio_worse": 5,  # per ratio, at most RATIO_CAP
    "nik_missing": 10,
    "nik_expired": 15,
    "complaint": 10,  # per complaint, at most COMPLAINT_CAP
    "never_examined": 10,
    "predicate": 0,  # by predicate: PREDICATE_POINTS
}
RATIO_CAP = 20
COMPLAINT_CAP = 30
MAX_SCORE = 100
PREDICATE_POINTS: dict[str, int] = {
    HealthPredicate.SEHAT: 0,
    HealthPredicate.CUKUP_SEHAT: 10,
    HealthPredicate.DALAM_PENGAWASAN: 20,
    HealthPredicate.DALAM_PENGAWASAN_KHUSUS: 30,
}

REASONS = {
    "rat_missed": _l("No annual members' meeting (RAT) for %(year)s"),
    "rat_missed_twice": _l("RAT missed two years running (%(first)s and %(second)s)"),
    "rat_late": _l("RAT for %(year)s held late, on %(held_on)s"),
    "rat_not_reported": _l("RAT for %(year)s held but not reported"),
    "statement_missing": _l("No financial statement submitted for %(year)s"),
    "ratio_worse": _l("Ratios worse than the year before: %(ratios)s"),
    "nik_missing": _l("No Nomor Induk Koperasi (NIK)"),
    "nik_expired": _l("NIK expired on %(expired_on)s"),
    "complaint": _l("Complaints in the last twelve months: %(count)s"),
    "never_examined": _l("Never examined"),
    "predicate": _l("Last predicate: %(predicate)s"),
}
RATIO_LABELS = {
    "current_ratio": _l("current ratio"),
    "equity_to_assets": _l("equity to assets"),
    "debt_to_equity": _l("debt to equity"),
    "npl_ratio": _l("non-performing loans"),
    "return_on_assets": _l("return on assets"),
    "operating_ratio": _l("operating costs to revenue"),
    "loan_to_deposit": _l("loans to deposits"),
}


@dataclass
class Reason:
    code: str
    points: int
    data: dict = field(default_factory=dict)

    def text(self) -> str:
        return reason_text(self.code, self.data)

    def as_json(self) -> dict:
        return {"code": self.code, "points": self.points, "data": self.data}


def reason_text(code: str, data: dict) -> str:
    """The reason in the reader's language (dates stored ISO, shown in the locale)."""
    shown = dict(data)
    for key in ("held_on", "expired_on"):
        if key in shown:
            shown[key] = format_date(date.fromisoformat(shown[key]), "medium")
    if "ratios" in shown:
        shown["ratios"] = ", ".join(str(RATIO_LABELS.get(k, k)) for k in shown["ratios"])
    if "predicate" in shown:
        shown["predicate"] = predicate_label(shown["predicate"])
    message = REASONS.get(code)
    return str(message % shown) if message is not None else code


@dataclass
class Risk:
    cooperative_id: int
    score: int
    reasons: list[Reason]

    @property
    def missed_rat_twice(self) -> bool:
        return any(r.code == "rat_missed_twice" for r in self.reasons)


def last_due_year(today: date | None = None) -> int:
    """The latest book year whose RAT is already due."""
    today = today or business_today()
    due_this_year = date(today.year, *RAT_DUE)
    return today.year - 1 if today > due_this_year else today.year - 2


def rat_due_on(year: int) -> date:
    return date(year + 1, *RAT_DUE)


@dataclass
class _Facts:
    rats: dict = field(default_factory=lambda: defaultdict(dict))  # coop -> year -> record
    statements: dict = field(default_factory=lambda: defaultdict(dict))  # coop -> year -> stmt
    complaints: dict = field(default_factory=dict)  # coop -> count


def _load_facts(ids: list[int] | None, today: date, first_year: int) -> _Facts:
    facts = _Facts()
    rat_query = select(RatRecord).where(RatRecord.year >= first_year)
    statement_query = select(FinancialStatement).where(FinancialStatement.year >= first_year - 2)
    complaint_query = (
        select(Complaint.cooperative_id, func.count())
        .where(Complaint.received_on > today - timedelta(days=365))
        .group_by(Complaint.cooperative_id)
    )
    if ids is not None:
        rat_query = rat_query.where(RatRecord.cooperative_id.in_(ids))
        statement_query = statement_query.where(FinancialStatement.cooperative_id.in_(ids))
        complaint_query = complaint_query.where(Complaint.cooperative_id.in_(ids))
    for rat in db.session.scalars(rat_query):
        facts.rats[rat.cooperative_id][rat.year] = rat
    for statement in db.session.scalars(statement_query):
        if statement.is_submitted:
            facts.statements[statement.cooperative_id][statement.year] = statement
    facts.complaints = dict(db.session.execute(complaint_query).all())
    return facts


def assess_risks(
    cooperatives: list[Cooperative] | None = None, today: date | None = None
) -> dict[int, Risk]:
    """Risk of each cooperative (all of them when none are given), by cooperative id."""
    today = today or business_today()
    if cooperatives is None:
        cooperatives = list(db.session.scalars(select(Cooperative).order_by(Cooperative.id)))
        ids = None
    else:
        ids = [c.id for c in cooperatives]
    year = last_due_year(today)
    facts = _load_facts(ids, today, year - 1)
    return {c.id: _assess(c, facts, year, today) for c in cooperatives}


def assess_risk(cooperative: Cooperative, today: date | None = None) -> Risk:
    return assess_risks([cooperative], today)[cooperative.id]


def _assess(cooperative: Cooperative, facts: _Facts, year: int, today: date) -> Risk:
    reasons: list[Reason] = []
    rats = facts.rats.get(cooperative.id, {})
    founded = cooperative.founded_on
    # A cooperative founded after a book year ended owes no RAT for it.
    owes = [y for y in (year - 1, year) if founded is None or founded.year <= y]
    missed = [y for y in owes if rats.get(y) is None or rats[y].held_on is None]
    for y in missed:
        if y == year:
            reasons.append(Reason("rat_missed", POINTS["rat_missed"], {"year": y}))
    if len(missed) == 2:
        reasons.append(
            Reason(
                "rat_missed_twice",
                POINTS["rat_missed_twice"],
                {"first": year - 1, "second": year},
            )
        )
    rat = rats.get(year)
    if year in owes and rat is not None and rat.held_on is not None:
        if rat.held_on > rat_due_on(year):
            reasons.append(
                Reason(
                    "rat_late",
                    POINTS["rat_late"],
                    {"year": year, "held_on": rat.held_on.isoformat()},
                )
            )
        if rat.reported_on is None:
            reasons.append(Reason("rat_not_reported", POINTS["rat_not_reported"], {"year": year}))
    statements = facts.statements.get(cooperative.id, {})
    if year in owes and year not in statements:
        reasons.append(Reason("statement_missing", POINTS["statement_missing"], {"year": year}))
    worse = worse_ratios(statements)
    if worse:
        points = min(RATIO_CAP, POINTS["ratio_worse"] * len(worse))
        reasons.append(Reason("ratio_worse", points, {"ratios": worse}))
    if not cooperative.nik:
        reasons.append(Reason("nik_missing", POINTS["nik_missing"]))
    elif cooperative.nik_expires_on is not None and cooperative.nik_expires_on < today:
        reasons.append(
            Reason(
                "nik_expired",
                POINTS["nik_expired"],
                {"expired_on": cooperative.nik_expires_on.isoformat()},
            )
        )
    complaints = facts.complaints.get(cooperative.id, 0)
    if complaints:
        points = min(COMPLAINT_CAP, POINTS["complaint"] * complaints)
        reasons.append(Reason("complaint", points, {"count": complaints}))
    predicate = str(cooperative.health_predicate) if cooperative.health_predicate else None
    if predicate is None:
        reasons.append(Reason("never_examined", POINTS["never_examined"]))
    else:
        reasons.append(
            Reason("predicate", PREDICATE_POINTS.get(predicate, 0), {"predicate": predicate})
        )
    score = min(MAX_SCORE, sum(r.points for r in reasons))
    reasons.sort(key=lambda r: -r.points)
    return Risk(cooperative.id, score, reasons)


def worse_ratios(statements: dict) -> list[str]:
    """Ratios that got worse from the year before to the latest submitted year (the registry's
    ``ratio_trend`` rule, on statements loaded in bulk)."""
    years = sorted(statements)
    if len(years) < 2 or years[-2] != years[-1] - 1:
        return []
    return worsening(trend_between(statements[years[-1]], statements[years[-2]]))
