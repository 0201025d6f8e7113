"""Runs each area's ``seed_demo()`` in dependency order."""

from trading_house import AREAS, _area_module


def run_all_seeds() -> None:
    for area in AREAS:
        if area == "core":
            continue
        seed = _area_module(area, "seed")
        if seed is not None and hasattr(seed, "seed_demo"):
            seed.seed_demo()
