"""Demo data of supervision: worksheets and examinations (h13b) first, then the plan and one
special inspection (``plan_seed``), which need the predicates the examinations set."""


def seed_demo() -> None:
    from trading_house.supervision.plan_seed import seed_plan_demo

    seed_plan_demo()
