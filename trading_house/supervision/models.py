"""Models of supervision (examinations: h13b); the plan and cases live in ``case_models``."""

from trading_house.supervision.case_models import *  # noqa: F401,F403
