"""Small server-side SVG charts (no JavaScript, no inline styles: the CSP allows neither).

Each function returns ``Markup`` of one responsive ``<svg role="img">`` with a ``<title>``; every
label is escaped, so enterprise and category names are safe.
"""

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 190
BAR_HEIGHT = 18
GAP = 8
TOP = 30
AXIS = "#57606a"


def _svg(title: str, height: int, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="readiness-chart">'
        f"<title>{escape(title)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 - every text is escaped


def _text(x, y, value, anchor="start", size=11, fill="#24292f") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}" font-family="sans-serif">{escape(str(value))}</text>'
    )


def _legend(series: list[tuple[str, str]], y: float) -> list[str]:
    parts, x = [], LABEL_WIDTH
    for name, fill in series:
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{fill}"/>')
        parts.append(_text(x + 14, y, name))
        x += 24 + 7 * len(str(name))
    return parts


def stacked_bars(title: str, labels: list[str], series: list[tuple[str, str, list[int]]]) -> Markup:
    """Horizontal bars, one per label, stacked by series (name, fill, values)."""
    totals = [sum(values[i] for _, _, values in series) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    span = WIDTH - LABEL_WIDTH - 40
    height = TOP + len(labels) * (BAR_HEIGHT + GAP) + 10
    body = _legend([(n, f) for n, f, _ in series], 16)
    for row, label in enumerate(labels):
        y = TOP + row * (BAR_HEIGHT + GAP)
        body.append(_text(LABEL_WIDTH - 6, y + BAR_HEIGHT - 5, label, "end"))
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
        body.append(_text(x + 4, y + BAR_HEIGHT - 5, totals[row], size=10, fill=AXIS))
    return _svg(title, height, body)


def bars(title: str, labels: list[str], values: list[int], fill: str = "#7a2e1d") -> Markup:
    """Horizontal bars with their values."""
    return stacked_bars(title, labels, [("", fill, values)]) if labels else _svg(title, 40, [])


def stacked_columns(
    title: str, labels: list[str], series: list[tuple[str, str, list[int]]]
) -> Markup:
    """Vertical columns over time (months), stacked by series."""
    height, bottom, left = 260, 220, 40
    count = max(len(labels), 1)
    step = (WIDTH - left - 10) / count
    totals = [sum(values[i] for _, _, values in series) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    span = bottom - TOP - 10
    body = _legend([(n, f) for n, f, _ in series], 16)
    body.append(
        f'<line x1="{left}" y1="{bottom}" x2="{WIDTH - 10}" y2="{bottom}" stroke="{AXIS}"/>'
    )
    body.append(_text(left - 4, TOP + 10, top, "end", 10, AXIS))
    body.append(_text(left - 4, bottom, 0, "end", 10, AXIS))
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
        body.append(_text(x + width / 2, bottom + 14, label, "middle", 9, AXIS))
    return _svg(title, height, body)
