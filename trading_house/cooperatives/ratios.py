"""Financial ratios of a statement and their trend against the previous year.

Every ratio is a ``Decimal`` rounded to four places, or ``None`` when its denominator is zero
(a cooperative without liabilities has no debt-to-equity problem, and no ZeroDivisionError).
"""

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from trading_house.cooperatives.models import Cooperative, FinancialStatement, StatementStatus
from trading_house.extensions import db

FOUR_PLACES = Decimal("0.0001")
#: The ratio keys, in display order (worksheet items name one in ``ratio_key``).
RATIO_KEYS = (
    "current_ratio",
    "equity_to_assets",
    "debt_to_equity",
    "npl_ratio",
    "return_on_assets",
    "operating_ratio",
    "loan_to_deposit",
)
#: Ratios where a higher value is worse (the others: higher is better).
HIGHER_IS_WORSE = frozenset({"debt_to_equity", "npl_ratio", "operating_ratio"})
#: A change smaller than this share of last year's value is "flat".
FLAT_TOLERANCE = Decimal("0.02")


def _quotient(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(FOUR_PLACES, ROUND_HALF_UP)


def ratios_for(statement: FinancialStatement) -> dict[str, Decimal | None]:
    """The seven ratios of one statement (see ``RATIO_KEYS``)."""
    s = statement
    return {
        # Liquidity: current assets over current liabilities.
        "current_ratio": _quotient(s.current_assets, s.current_liabilities),
        # Capital: own equity over total assets.
        "equity_to_assets": _quotient(s.total_equity, s.total_assets),
        "debt_to_equity": _quotient(s.total_liabilities, s.total_equity),
        # Quality of loans: loans in arrears over loans to members.
        "npl_ratio": _quotient(s.non_performing_loans, s.loans_to_members),
        "return_on_assets": _quotient(s.surplus, s.total_assets),
        # Efficiency: operating and interest costs over revenue (BOPO).
        "operating_ratio": _quotient(s.operating_costs + s.interest_costs, s.revenue),
        # Loans given over the funds received (liabilities, members' deposits included, plus
        # the members' own simpanan pokok and wajib).
        "loan_to_deposit": _quotient(s.loans_to_members, s.total_liabilities + s.member_equity),
    }


def submitted_statements(cooperative: Cooperative) -> list[FinancialStatement]:
    """Submitted statements, newest year first."""
    return list(
        db.session.scalars(
            select(FinancialStatement)
            .where(
                FinancialStatement.cooperative_id == cooperative.id,
                FinancialStatement.status == StatementStatus.SUBMITTED,
            )
            .order_by(FinancialStatement.year.desc())
        )
    )


def _direction(new: Decimal, old: Decimal) -> str:
    if abs(new - old) <= abs(old) * FLAT_TOLERANCE:
        return "flat"
    return "rising" if new > old else "falling"


def trend_between(
    latest: FinancialStatement, previous: FinancialStatement | None
) -> dict[str, str]:
    """{ratio key: "rising" | "falling" | "flat"} for the ratios both years have."""
    if previous is None:
        return {}
    new, old = ratios_for(latest), ratios_for(previous)
    trend = {}
    for key in RATIO_KEYS:
        now, before = new[key], old[key]
        if now is not None and before is not None:
            trend[key] = _direction(now, before)
    return trend


def ratio_trend(cooperative: Cooperative) -> dict[str, str]:
    """The latest submitted statement's ratios against the year before it (when submitted);
    ratios either year cannot compute are left out. Empty without two consecutive years."""
    statements = submitted_statements(cooperative)
    if len(statements) < 2 or statements[1].year != statements[0].year - 1:
        return {}
    return trend_between(statements[0], statements[1])


def worsening_ratios(trend: dict[str, str]) -> list[str]:
    """The keys of ``trend`` that moved the bad way (falling, or rising where higher is worse)."""
    return [
        key
        for key, direction in trend.items()
        if direction == ("rising" if key in HIGHER_IS_WORSE else "falling")
    ]
