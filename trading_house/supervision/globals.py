"""Labels the supervision templates use (blueprint-only context, no database queries)."""

from trading_house.supervision import labels
from trading_house.supervision.blueprint import bp
from trading_house.supervision.models import EXAMINATION_LIFECYCLE, TEMPLATE_LIFECYCLE


@bp.context_processor
def supervision_labels() -> dict:
    return {
        "predicate_label": labels.predicate_label,
        "predicate_colour": lambda p: labels.PREDICATE_COLOURS.get(p, "secondary"),
        "aspect_label": labels.aspect_label,
        "worksheet_label": lambda k: labels.WORKSHEET_LABELS.get(k, k),
        "exam_kind_label": lambda k: labels.EXAMINATION_KIND_LABELS.get(k, k),
        "exam_status_label": EXAMINATION_LIFECYCLE.label,
        "template_status_label": TEMPLATE_LIFECYCLE.label,
        "certificate_state_label": lambda s: labels.CERTIFICATE_STATE_LABELS.get(s, s),
        "ratio_label": lambda k: labels.RATIO_LABELS.get(k, k),
    }
