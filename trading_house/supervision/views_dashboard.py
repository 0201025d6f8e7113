"""The division's dashboard and its CSV/XLSX downloads (examiners and admins)."""

from flask import Response, abort, render_template
from flask_login import current_user, login_required

from trading_house.core.clock import business_today
from trading_house.readiness import exports
from trading_house.supervision import cases_policies as policies
from trading_house.supervision import dashboard
from trading_house.supervision.blueprint import bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/dasbor", endpoint="dashboard")
@login_required
def dashboard_page():
    policies.require_division(current_user)
    return render_template("supervision/dashboard.html", tables=dashboard.build_all())


@bp.get("/dasbor/<name>.<fmt>")
@login_required
def dashboard_export(name: str, fmt: str):
    policies.require_division(current_user)
    build = dashboard.TABLES.get(name)
    if build is None or fmt not in ("csv", "xlsx"):
        abort(404)
    table = build()
    if fmt == "csv":
        body, mimetype = exports.to_csv(table), "text/csv; charset=utf-8"
    else:
        body, mimetype = exports.to_xlsx(table), XLSX
    response = Response(body, mimetype=mimetype)
    stamp = business_today().isoformat()
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
