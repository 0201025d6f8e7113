"""What the A–D grades mean, in words people read (the curation programmes' levels)."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from trading_house.readiness.models import EXPORT_READY_GRADES

GRADE_LABELS = {
    "A": _l("Export-ready on its own"),
    "B": _l("Export-ready through the trading house"),
    "C": _l("Domestic market only"),
    "D": _l("Clinic needed"),
}
GRADE_COLOURS = {"A": "success", "B": "primary", "C": "warning", "D": "secondary"}
#: Fill colours of the dashboard charts (colour-blind-safe palette).
GRADE_FILLS = {"A": "#1a7f37", "B": "#0969da", "C": "#d4a72c", "D": "#8c959f"}
PILLAR_LABELS = {
    "legal": _l("Legal"),
    "capacity": _l("Capacity & continuity"),
    "product": _l("Product compliance"),
    "commercial": _l("Commercial readiness"),
}


def grade_label(grade: str) -> str:
    return str(GRADE_LABELS.get(grade, grade))


def pillar_label(pillar: str) -> str:
    return str(PILLAR_LABELS.get(pillar, pillar))


@dataclass(frozen=True)
class Badge:
    grade: str
    export_ready: bool
    score: int
    #: Not reviewed by the clinic yet: a grade computed from nothing would say "D" to buyers
    #: about a business nobody has looked at, so it is shown as new instead.
    new: bool = False

    @property
    def text(self) -> str:
        if self.export_ready:
            return str(_l("Export-ready"))
        if self.new:
            return str(_l("New on Rumah Dagang"))
        return str(_l("Readiness %(grade)s", grade=self.grade))

    @property
    def description(self) -> str:
        if self.new and not self.export_ready:
            return str(_l("Export readiness not reviewed yet"))
        return grade_label(self.grade)

    @property
    def colour(self) -> str:
        if self.new and not self.export_ready:
            return "info"
        return GRADE_COLOURS.get(self.grade, "secondary")


def badge_for(grade: str, score: int, *, reviewed: bool = True) -> Badge:
    """The badge of a grade; ``reviewed=False`` for a business before its first review."""
    ready = grade in EXPORT_READY_GRADES
    return Badge(grade=grade, export_ready=ready, score=score, new=not reviewed and not ready)
