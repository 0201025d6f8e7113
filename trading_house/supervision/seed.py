"""Demo data of supervision: worksheets and examinations (``examinations_seed``), then the plan
and one special inspection (``plan_seed``), which need the predicates the examinations set."""


def seed_demo() -> None:
    from trading_house.supervision.examinations_seed import seed_examinations_demo
    from trading_house.supervision.plan_seed import seed_plan_demo

    seed_examinations_demo()
    seed_plan_demo()
