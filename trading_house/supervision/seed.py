"""Demo data of supervision: worksheets and examinations (``examinations_seed``)."""


def seed_demo() -> None:
    from trading_house.supervision.examinations_seed import seed_examinations_demo

    seed_examinations_demo()
