"""Making cooperatives, officers, RAT records and statements for tests (the security world too)."""

from datetime import date

from trading_house.cooperatives.models import (
    Cooperative,
    CooperativeOfficer,
    FinancialStatement,
    RatRecord,
)
from trading_house.extensions import db


def cooperative(officer=None, *, examiner=None, position="chair", **fields) -> Cooperative:
    """A producer cooperative of Tana Toraja (``fields`` override), ``officer`` its chair."""
    values = dict(
        name="Koperasi Contoh",
        kind="producer",
        regency="7318",
        membership_regencies=["7318"],
        legal_entity_number="AHU-0001234.AH.01.26.2019",
        legal_entity_date=date(2019, 3, 4),
        nik="7318010020190001",
        nik_issued_on=date(2019, 4, 1),
        nik_expires_on=date(2029, 4, 1),
        founded_on=date(2019, 2, 1),
        members_male=40,
        members_female=35,
    )
    values.update(fields)
    coop = Cooperative(**values)
    if examiner is not None:
        coop.assigned_examiner_id = examiner.id
    if officer is not None:
        coop.officers = [
            CooperativeOfficer(user_id=officer.id, name=officer.display_name, position=position)
        ]
    db.session.add(coop)
    db.session.commit()
    return coop


def statement(coop, year, *, status="submitted", **lines) -> FinancialStatement:
    """A balanced statement: the equity line ``other_equity`` absorbs the difference unless the
    caller gives every line."""
    values = dict(
        cash=100_000_000,
        receivables=50_000_000,
        loans_to_members=200_000_000,
        non_performing_loans=10_000_000,
        other_current_assets=0,
        fixed_assets=150_000_000,
        current_liabilities=100_000_000,
        long_term_liabilities=50_000_000,
        member_equity=250_000_000,
        reserves=50_000_000,
        revenue=300_000_000,
        operating_costs=200_000_000,
        interest_costs=20_000_000,
        surplus=30_000_000,
    )
    values.update(lines)
    s = FinancialStatement(cooperative_id=coop.id, year=year, status=status, **values)
    if "other_equity" not in lines:
        s.other_equity = 0
        s.other_equity = s.total_assets - s.total_liabilities - s.total_equity
    db.session.add(s)
    db.session.commit()
    return s


def rat(coop, year, held_on, **fields) -> RatRecord:
    record = RatRecord(cooperative_id=coop.id, year=year, held_on=held_on, **fields)
    db.session.add(record)
    db.session.commit()
    return record


def member(coop, name, sex="female", **fields):
    from trading_house.cooperatives.models import CooperativeMember

    row = CooperativeMember(cooperative_id=coop.id, name=name, sex=sex, **fields)
    db.session.add(row)
    db.session.commit()
    return row
