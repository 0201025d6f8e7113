"""Scores and predicates recomputed by hand for each worksheet version (issue #13's test table).

Default statement (tests/cooperatives/helpers.statement): assets 500 M, current liabilities
100 M, liabilities 150 M, equity 350 M, loans 200 M of which 10 M in arrears, revenue 300 M,
costs 200 M + 20 M interest, surplus 30 M. Its ratios all reach the best band of both shipped
worksheets (score 4).

KKPKK v1: yes/no items weigh 51 (tata kelola 30, controls 3, audit 4, statements 5, SHU 5,
savings 4), ratio items 49. Legacy v1: yes/no 25 (management 15, identity 10), ratios 75.
total = 100 × Σ(weight × score) / (4 × Σ weight).
"""

from decimal import Decimal

import pytest

from tests.cooperatives.helpers import cooperative, statement
from tests.supervision.helpers import finalised, install
from trading_house.extensions import db
from trading_house.supervision import scoring, worksheets
from trading_house.supervision.models import WorksheetItem


@pytest.fixture
def examiner(factory):
    return factory.user("examiner", email="pengawas@example.id")


def test_bands_score_one_to_four_in_both_directions():
    higher = {"better": "higher", "limits": ["2", "1.5", "1.25"]}
    lower = {"better": "lower", "limits": ["0.05", "0.10", "0.15"]}
    assert [scoring.band_score(higher, Decimal(v)) for v in ("2", "1.99", "1.5", "1.3", "1.2")] == [
        4,
        3,
        3,
        2,
        1,
    ]
    assert [scoring.band_score(lower, Decimal(v)) for v in ("0.05", "0.06", "0.15", "0.2")] == [
        4,
        3,
        2,
        1,
    ]
    assert scoring.band_score(higher, None) is None  # a zero denominator has no score


def test_total_leaves_out_items_without_a_score_and_predicates_follow_cutoffs():
    assert scoring.total_score([(10, 4), (10, 1), (5, None)]) == Decimal("62.50")
    assert scoring.total_score([(5, None)]) is None
    cutoffs = {"sehat": 80, "cukup_sehat": 66, "dalam_pengawasan": 51}
    table = {
        "80.00": "sehat",
        "79.99": "cukup_sehat",
        "66": "cukup_sehat",
        "65.99": "dalam_pengawasan",
        "51": "dalam_pengawasan",
        "50.99": "dalam_pengawasan_khusus",
    }
    for total, predicate in table.items():
        assert scoring.predicate_for(Decimal(total), cutoffs) == predicate, total


def _v2(admin):
    """KKPKK v2: cut-offs 85/70/55, stricter NPL bands, tk.voluntary's weight moved to ROA."""
    v1 = worksheets.published_template("kkpkk")
    draft = worksheets.start_draft(v1, actor=admin)
    items = {item.code: item for item in draft.items}
    worksheets.update_item(
        draft, items["pr.npl"], weight=5, limits=["0.02", "0.05", "0.10"], actor=admin
    )
    worksheets.update_item(draft, items["tk.voluntary"], weight=0, actor=admin)
    worksheets.update_item(draft, items["kk.roa"], weight=12, actor=admin)
    worksheets.update_cutoffs(
        draft, {"sehat": 85, "cukup_sehat": 70, "dalam_pengawasan": 55}, actor=admin
    )
    worksheets.publish(draft, actor=admin)
    db.session.commit()
    return draft


CASES = [
    # (worksheet, statement lines, yes/no answers, overrides, expected total, predicate)
    ("kkpkk", {}, "yes", {}, "100.00", "sehat"),
    # 51 × 1 + 49 × 4 = 247 of 400
    ("kkpkk", {}, "no", {}, "61.75", "dalam_pengawasan"),
    # tata kelola yes (30 × 4 = 120), other questions no (21), NPL 12 % → 2 (5 × 2), rest 44 × 4
    (
        "kkpkk",
        {"non_performing_loans": 24_000_000},
        "no",
        {
            c: "yes"
            for c in (
                "tk.voluntary",
                "tk.democratic",
                "tk.fair_shu",
                "tk.education",
                "tk.legal_entity",
                "tk.nik",
                "tk.licence",
                "tk.articles",
                "tk.register",
                "tk.organs",
                "tk.rat",
                "tk.rat_reported",
            )
        },
        "81.75",
        "sehat",
    ),
    # no current liabilities: the current ratio (weight 10) cannot be computed and is left out:
    # 51 × 1 + 39 × 4 = 207 of 360
    ("kkpkk", {"current_liabilities": 0}, "no", {}, "57.50", "dalam_pengawasan"),
    ("ksp_legacy", {}, "yes", {}, "100.00", "sehat"),
    # 25 × 1 + 75 × 4 = 325 of 400
    ("ksp_legacy", {}, "no", {}, "81.25", "sehat"),
    # BOPO (290 + 20) / 300 = 1.0333 → 1: 25 + 65 × 4 + 10 × 1 = 295 of 400
    ("ksp_legacy", {"operating_costs": 290_000_000}, "no", {}, "73.75", "cukup_sehat"),
]


@pytest.mark.parametrize(("worksheet", "lines", "value", "overrides", "total", "predicate"), CASES)
def test_v1_scores_match_the_hand_computed_table(
    app, ctx, examiner, worksheet, lines, value, overrides, total, predicate
):
    install()
    coop = cooperative(examiner=examiner)
    statement(coop, 2025, **lines)
    exam = finalised(coop, 2025, examiner, value=value, overrides=overrides, worksheet=worksheet)
    assert exam.template.version == 1
    assert exam.total_score == Decimal(total)
    assert exam.predicate == predicate
    assert coop.health_predicate == predicate  # finalising rates the cooperative
    # Recomputed from the stored answers, never typed: the same result.
    assert scoring.score_examination(exam).total == Decimal(total)


V2_CASES = [
    # The default NPL of 5 % only scores 3 under v2's bands: 95 × 4 + 5 × 3 = 395 of 400
    ("kkpkk", {}, "yes", {}, "98.75", "sehat"),
    # yes/no now weigh 49 (tk.voluntary 0): 49 × 1 + NPL 5 × 3 + the other ratios 46 × 4 = 248
    ("kkpkk", {}, "no", {}, "62.00", "dalam_pengawasan"),
    # tata kelola yes (28 × 4 = 112), other questions no (21), NPL 12 % → 1 under v2's bands,
    # the other ratios (ROA now 12) 46 × 4 = 184: 112 + 21 + 5 + 184 = 322 of 400
    (
        "kkpkk",
        {"non_performing_loans": 24_000_000},
        "no",
        {
            c: "yes"
            for c in (
                "tk.democratic",
                "tk.fair_shu",
                "tk.education",
                "tk.legal_entity",
                "tk.nik",
                "tk.licence",
                "tk.articles",
                "tk.register",
                "tk.organs",
                "tk.rat",
                "tk.rat_reported",
            )
        },
        "80.50",
        "cukup_sehat",
    ),
]


@pytest.mark.parametrize(
    ("worksheet", "lines", "value", "overrides", "total", "predicate"), V2_CASES
)
def test_v2_scores_match_the_hand_computed_table(
    app, ctx, factory, examiner, worksheet, lines, value, overrides, total, predicate
):
    install()
    v2 = _v2(factory.user("admin"))
    coop = cooperative(examiner=examiner)
    statement(coop, 2025, **lines)
    exam = finalised(coop, 2025, examiner, value=value, overrides=overrides, worksheet=worksheet)
    assert exam.template_id == v2.id and v2.version == 2
    assert exam.total_score == Decimal(total)
    assert exam.predicate == predicate


def test_shipped_worksheets_weigh_100_and_name_a_source_for_every_item(app, ctx):
    install()
    for kind in ("kkpkk", "ksp_legacy"):
        template = worksheets.published_template(kind)
        assert sum(item.weight for item in template.items) == 100
        assert all(item.legal_source for item in template.items)
        assert not template.is_confirmed  # shipped "to confirm"
    ratio_items = db.session.query(WorksheetItem).filter(WorksheetItem.kind == "ratio").all()
    assert all(not item.self_assessable for item in ratio_items)
