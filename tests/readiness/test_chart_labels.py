"""Dashboard charts are legible on a phone (issue #15): labels were ~7 px at 390 px wide."""

import re

from trading_house.readiness.charts import LABEL_CHARS, WIDTH, bars, stacked_columns

PHONE_MIN_WIDTH = 480  # static/css/app.css: the chart scrolls sideways below this width


def _font_sizes(svg: str) -> list[float]:
    return [float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)]


def test_labels_read_at_least_11_px_on_a_phone():
    svg = str(bars("Products", ["Kota Makassar", "Pangkajene dan Kepulauan"], [3, 5]))
    scale = PHONE_MIN_WIDTH / WIDTH
    assert min(_font_sizes(svg)) * scale >= 10.5
    assert max(_font_sizes(svg)) * scale >= 12


def test_long_labels_are_cut_and_kept_whole_in_the_tooltip():
    name = "Koperasi Produsen Kopi Arabika Toraja Utara Sejahtera"
    svg = str(bars("Enterprises", [name], [2]))
    assert f"{name[: LABEL_CHARS - 1]}…</text>" in svg
    assert f"<title>{name}: " in svg


def test_month_labels_shrink_only_when_there_are_many():
    few = str(stacked_columns("Grades", ["Jan", "Feb"], [("A", "#198754", [1, 2])]))
    many = str(
        stacked_columns("Grades", [f"M{i}" for i in range(14)], [("A", "#198754", [1] * 14)])
    )
    assert 'font-size="14" text-anchor="middle"' in few
    assert 'font-size="10" text-anchor="middle"' in many
