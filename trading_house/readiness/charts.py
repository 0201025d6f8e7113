"""Small server-side SVG charts (no JavaScript, no inline styles: the CSP allows neither).

Each function returns ``Markup`` of one responsive ``<svg role="img">`` with a ``<title>``; every
label is escaped, so enterprise and category names are safe.
"""

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 230
BAR_HEIGHT = 22
GAP = 8
TOP = 34
AXIS = "#57606a"
#: Font sizes in viewBox units. A phone shows the chart at >= 480 px wide (static/css/app.css:
#: the chart scrolls sideways rather than shrink), so 16 reads as 12 px there.
LABEL_SIZE = 16
VALUE_SIZE = 14
#: Longer labels are cut with "…" (the full name is in each bar's tooltip and in the table).
LABEL_CHARS = 26


def _svg(title: str, height: int, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="readiness-chart">'
        f"<title>{escape(title)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 - every text is escaped


def _svg_text(x, y, value, anchor="start", size=LABEL_SIZE, fill="#24292f") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}" font-family="sans-serif">{escape(str(value))}</text>'
    )


def _shortened(label: str) -> str:
    label = str(label)
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _column_size(count: int) -> int:
    """Month labels under columns: as large as fits their column."""
    return 14 if count <= 8 else 12 if count <= 12 else 10


def _legend(series: list[tuple[str, str]], y: float) -> list[str]:
    parts, x = [], LABEL_WIDTH
    for name, fill in series:
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{fill}"/>')
        parts.append(_svg_text(x + 14, y, name))
        x += 28 + 9 * len(str(name))
    return parts


def stacked_bars(title: str, labels: list[str], series: list[tuple[str, str, list[int]]]) -> Markup:
    """Horizontal bars, one per label, stacked by series (name, fill, values)."""
    totals = [sum(values[i] for _, _, values in series) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    span = WIDTH - LABEL_WIDTH - 44
    height = TOP + len(labels) * (BAR_HEIGHT + GAP) + 10
    body = _legend([(n, f) for n, f, _ in series], 16)
    for row, label in enumerate(labels):
        y = TOP + row * (BAR_HEIGHT + GAP)
        body.append(_svg_text(LABEL_WIDTH - 6, y + BAR_HEIGHT - 6, _shortened(label), "end"))
        x = float(LABEL_WIDTH)
        for name, fill, values in series:
            width = span * values[row] / top
            if width > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                    f'fill="{fill}"><title>{escape(label)}: {escape(name)} {values[row]}</title>'
                    "</rect>"
                )
            x += width
        body.append(_svg_text(x + 4, y + BAR_HEIGHT - 6, totals[row], size=VALUE_SIZE, fill=AXIS))
    return _svg(title, height, body)


def bars(title: str, labels: list[str], values: list[int], fill: str = "#7a2e1d") -> Markup:
    """Horizontal bars with their values."""
    return stacked_bars(title, labels, [("", fill, values)]) if labels else _svg(title, 40, [])


def stacked_columns(
    title: str, labels: list[str], series: list[tuple[str, str, list[int]]]
) -> Markup:
    """Vertical columns over time (months), stacked by series."""
    height, bottom, left = 270, 226, 44
    count = max(len(labels), 1)
    step = (WIDTH - left - 10) / count
    totals = [sum(values[i] for _, _, values in series) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    span = bottom - TOP - 10
    body = _legend([(n, f) for n, f, _ in series], 16)
    body.append(
        f'<line x1="{left}" y1="{bottom}" x2="{WIDTH - 10}" y2="{bottom}" stroke="{AXIS}"/>'
    )
    body.append(_svg_text(left - 4, TOP + 10, top, "end", VALUE_SIZE, AXIS))
    body.append(_svg_text(left - 4, bottom, 0, "end", VALUE_SIZE, AXIS))
    for col, label in enumerate(labels):
        x = left + col * step + step * 0.15
        width = step * 0.7
        y = float(bottom)
        for name, fill, values in series:
            h = span * values[col] / top
            if h > 0:
                y -= h
                body.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}" '
                    f'fill="{fill}"><title>{escape(label)}: {escape(name)} {values[col]}</title>'
                    "</rect>"
                )
        body.append(
            _svg_text(x + width / 2, bottom + 16, label, "middle", _column_size(count), AXIS)
        )
    return _svg(title, height, body)
