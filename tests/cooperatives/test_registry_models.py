"""The registry's contract with supervision: authority, ratios (never a ZeroDivisionError), the
trend against last year, and who may see a cooperative's records."""

from decimal import Decimal

from tests.cooperatives.helpers import cooperative, statement
from trading_house.cooperatives.policies import (
    add_records_access_hook,
    can_view_records,
    officer_cooperative,
    records_access_hooks,
)
from trading_house.cooperatives.ratios import ratio_trend, ratios_for, worsening_ratios


def test_authority_follows_the_membership_area(ctx):
    one = cooperative(regency="7318", membership_regencies=["7318"])
    several = cooperative(regency="7318", membership_regencies=["7318", "7326", "7316"])
    outside = cooperative(regency="7371", membership_regencies=["7371", "7471"])
    assert one.authority == "regency"
    assert several.authority == "province"
    assert outside.authority == "ministry"


def test_ratios_of_a_statement_computed_by_hand(ctx):
    coop = cooperative()
    s = statement(coop, 2025)
    # assets 500m; liabilities 150m; equity 350m; current assets 350m; current liabilities 100m
    ratios = ratios_for(s)
    assert ratios["current_ratio"] == Decimal("3.5000")
    assert ratios["equity_to_assets"] == Decimal("0.7000")
    assert ratios["debt_to_equity"] == Decimal("0.4286")
    assert ratios["npl_ratio"] == Decimal("0.0500")
    assert ratios["return_on_assets"] == Decimal("0.0600")
    assert ratios["operating_ratio"] == Decimal("0.7333")
    assert ratios["loan_to_deposit"] == Decimal("0.5000")


def test_a_zero_denominator_gives_none_not_an_error(ctx):
    coop = cooperative()
    s = statement(
        coop,
        2025,
        current_liabilities=0,
        long_term_liabilities=0,
        loans_to_members=0,
        non_performing_loans=0,
        revenue=0,
        operating_costs=0,
        interest_costs=0,
    )
    ratios = ratios_for(s)
    assert ratios["current_ratio"] is None
    assert ratios["npl_ratio"] is None
    assert ratios["operating_ratio"] is None
    assert ratios["debt_to_equity"] == Decimal("0.0000")


def test_trend_against_the_previous_year(ctx):
    coop = cooperative()
    statement(coop, 2024)
    statement(coop, 2025, cash=10_000_000, current_liabilities=140_000_000, surplus=5_000_000)
    trend = ratio_trend(coop)
    assert trend["current_ratio"] == "falling"
    assert trend["return_on_assets"] == "falling"
    assert trend["npl_ratio"] == "flat"
    assert "current_ratio" in worsening_ratios(trend)
    statement(cooperative(), 2025)
    assert ratio_trend(cooperative()) == {}


def test_records_are_seen_by_officers_assigned_examiner_admins_and_hooks(factory):
    officer, stranger = factory.user("coop_officer"), factory.user("coop_officer")
    examiner, other_examiner = factory.user("examiner"), factory.user("examiner")
    admin, buyer = factory.user("admin"), factory.user("buyer")
    coop = cooperative(officer, examiner=examiner)
    cooperative(stranger)
    assert officer_cooperative(officer) == coop
    assert officer_cooperative(buyer) is None
    for user in (officer, examiner, admin):
        assert can_view_records(user, coop)
    for user in (stranger, other_examiner, buyer):
        assert not can_view_records(user, coop)

    def team(user, cooperative):
        return user.id == other_examiner.id

    add_records_access_hook(team)
    try:
        assert can_view_records(other_examiner, coop)
    finally:
        records_access_hooks.remove(team)
