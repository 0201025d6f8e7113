"""Cooperative supervision: health examinations with versioned worksheets, field work from a
phone, reports and health certificates; the yearly plan, special inspections (*bedah
koperasi*) and the division dashboard."""


def register(registry) -> None:
    """What supervision adds to shared pages and to other areas (see ``core/registry.py``)."""
    from flask_babel import lazy_gettext as _l

    from trading_house.cooperatives.policies import add_records_access_hook
    from trading_house.core.registry import NavLink
    from trading_house.supervision import plan_settings
    from trading_house.supervision.cases_policies import on_open_case_team
    from trading_house.supervision.documents import score_filter

    registry.add_nav(
        NavLink(
            "supervision.examinations_list",
            _l("Examinations"),
            roles=("examiner", "admin"),
            order=55,
        )
    )
    registry.add_nav(
        NavLink(
            "supervision.my_examinations",
            _l("Health examination"),
            roles=("coop_officer",),
            order=56,
        )
    )
    registry.add_nav(
        NavLink("supervision.plan", _l("Supervision"), roles=("examiner", "admin"), order=57)
    )
    registry.add_template_filter("score", score_filter)
    # The team of an open special inspection reads the cooperative's records.
    add_records_access_hook(on_open_case_team)
    # "Pooled export deals require at least …" (inquiries.signals.pool_line_joining).
    plan_settings.connect()


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.supervision import (  # noqa: F401 - routes, template labels
        globals,
        views,
        views_admin,
        views_cases,
        views_dashboard,
        views_manage,
        views_plan,
        views_reports,
        views_staff,
    )
    from trading_house.supervision.blueprint import bp

    return bp
