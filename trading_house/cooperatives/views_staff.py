"""The division's registry (examiners and administrators): every cooperative, filtered by regency,
type, predicate and supervising authority; a cooperative's legal data. Its statements and
findings stay with those responsible for it (``can_view_records``)."""

from flask import abort, render_template, request
from flask_login import current_user, login_required

from trading_house.cooperatives import queries
from trading_house.cooperatives.blueprint import bp
from trading_house.cooperatives.labels import (
    AUTHORITY_LABELS,
    KIND_LABELS,
    PREDICATE_LABELS,
)
from trading_house.cooperatives.models import Cooperative
from trading_house.cooperatives.policies import can_view_records, require_division
from trading_house.core.pagination import parse_page
from trading_house.enterprises.regions import regency_choices
from trading_house.extensions import db


@bp.route("/registri")
@login_required
def registry():
    require_division(current_user)
    filters = queries.RegistryFilters.from_args(request.args)
    page = queries.registry(filters, parse_page(request.args.get("page")))
    return render_template(
        "cooperatives/registry.html",
        page=page,
        filters=filters,
        last_rat=queries.last_rat_years([c.id for c in page.items]),
        regencies=regency_choices(),
        kinds=KIND_LABELS,
        predicates=PREDICATE_LABELS,
        authorities=AUTHORITY_LABELS,
        unrated=queries.UNRATED,
        nik_expired=queries.nik_expired,
    )


@bp.route("/registri/<int:cooperative_id>")
@login_required
def registry_detail(cooperative_id):
    require_division(current_user)
    cooperative = db.session.get(Cooperative, cooperative_id)
    if cooperative is None:
        abort(404)
    return render_template(
        "cooperatives/registry_detail.html",
        cooperative=cooperative,
        can_view=can_view_records(current_user, cooperative),
        rat_years=queries.rat_years(cooperative),
        nik_expired=queries.nik_expired(cooperative),
    )
