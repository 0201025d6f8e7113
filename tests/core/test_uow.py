"""A view's unit of work commits on success and shows a refused rule without a 500."""

import pytest
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import StringField

from trading_house.core.errors import DomainError, NotFound, PermissionDenied
from trading_house.core.models import ExchangeRate
from trading_house.core.uow import unit_of_work
from trading_house.extensions import db


class _Form(FlaskForm):
    class Meta:
        csrf = False

    reference = StringField()


def _rates():
    return {r.currency: r.idr_per_unit_micro for r in db.session.scalars(db.select(ExchangeRate))}


def _add_rate(currency="USD"):
    db.session.add(ExchangeRate(currency=currency, idr_per_unit_micro=16_000_000_000))
    db.session.flush()


def test_success_commits(app):
    with app.test_request_context():
        with unit_of_work() as work:
            _add_rate()
        assert work.done and not work.failed
        db.session.rollback()  # nothing left to lose: it was committed
        assert "USD" in _rates()


def test_a_domain_error_rolls_back_and_is_flashed(app):
    with app.test_request_context():
        with unit_of_work() as work:
            _add_rate()
            raise DomainError("The rate is too old.")
        assert work.failed and not work.done
        assert _rates() == {}
        assert get_flashed_messages(with_categories=True) == [("danger", "The rate is too old.")]


def test_the_error_lands_on_the_field_it_names(app):
    with app.test_request_context():
        form = _Form()
        with unit_of_work(form):
            raise DomainError("Enter the transfer reference.", field="reference")
        assert form.reference.errors == ["Enter the transfer reference."]
        assert get_flashed_messages() == []


def test_an_error_without_a_field_lands_on_the_form(app):
    with app.test_request_context():
        form = _Form()
        with unit_of_work(form):
            raise DomainError("Nothing to send.")
        assert form.form_errors == ["Nothing to send."]


def test_an_error_that_keeps_its_changes_is_committed(app):
    class Expired(DomainError):
        keep_changes = True

    with app.test_request_context():
        with unit_of_work() as work:
            _add_rate("EUR")
            raise Expired("This quotation has expired.")
        assert work.failed
        db.session.rollback()
        assert "EUR" in _rates()


@pytest.mark.parametrize("error", [NotFound("gone"), PermissionDenied("no")])
def test_not_found_and_denied_reach_the_app_handler(app, error):
    with app.test_request_context():
        with pytest.raises(type(error)), unit_of_work():
            _add_rate()
            raise error
        assert _rates() == {}


def test_a_bug_is_rolled_back_and_raised(app):
    with app.test_request_context():
        with pytest.raises(ZeroDivisionError), unit_of_work():
            _add_rate()
            _ = 1 / 0
        assert _rates() == {}
