"""Scores and predicates, derived from answers and statements (never typed in).

Each item scores 1–4: a yes/no question 4 for "yes" and 1 for "no"; a ratio item by its bands
(``WorksheetItem.bands``). The total is the weighted mean on a 0–100 scale:

    total = 100 × Σ(weight × score) / (4 × Σ weight)      over the items that have a score

A ratio whose denominator is zero has no value and no score: it is left out of both sums and
shown as "cannot be computed". The predicate is the best one whose cut-off the total reaches
(``WorksheetTemplate.cutoffs``); below every cut-off: Dalam Pengawasan Khusus.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from trading_house.supervision.models import (
    PREDICATES,
    Examination,
    ItemKind,
    WorksheetItem,
)

YES_SCORE = 4
NO_SCORE = 1
MAX_SCORE = 4
CENT = Decimal("0.01")


def band_score(bands: Mapping | None, value: Decimal | None) -> int | None:
    """1–4 for ``value`` by ``bands`` (``{"better": "higher"|"lower", "limits": [a, b, c]}``)."""
    if value is None or not bands:
        return None
    limits = [Decimal(str(limit)) for limit in bands.get("limits", ())]
    higher = bands.get("better", "higher") == "higher"
    for position, limit in enumerate(limits[:3]):
        if (value >= limit) if higher else (value <= limit):
            return MAX_SCORE - position
    return 1


def answer_score(item: WorksheetItem, answer: str | None, value: Decimal | None) -> int | None:
    """The score of one item from what was answered (yes/no) or computed (ratio)."""
    if item.kind == ItemKind.RATIO:
        return band_score(item.bands, value)
    if answer == "yes":
        return YES_SCORE
    if answer == "no":
        return NO_SCORE
    return None


def total_score(weighted: Iterable[tuple[int, int | None]]) -> Decimal | None:
    """0–100 from ``(weight, score)`` pairs; pairs without a score do not count."""
    numerator = 0
    weights = 0
    for weight, score in weighted:
        if score is None:
            continue
        numerator += weight * score
        weights += weight
    if weights == 0:
        return None
    return (Decimal(100 * numerator) / Decimal(MAX_SCORE * weights)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


def predicate_for(total: Decimal | None, cutoffs: Mapping[str, object]) -> str | None:
    """The best predicate whose cut-off ``total`` reaches; the worst below them all."""
    if total is None:
        return None
    for predicate in PREDICATES[:-1]:
        limit = cutoffs.get(predicate)
        if limit is not None and total >= _decimal(limit):
            return predicate
    return PREDICATES[-1]


def _decimal(number: object) -> Decimal:
    try:
        return Decimal(str(number))
    except InvalidOperation:
        raise ValueError(f"not a number: {number!r}") from None


@dataclass
class AspectScore:
    aspect: str
    score: Decimal | None
    weight: int


@dataclass
class ScoreResult:
    total: Decimal | None
    predicate: str | None
    aspects: list[AspectScore] = field(default_factory=list)
    #: Items that count but have no score yet (unanswered questions).
    unanswered: list[WorksheetItem] = field(default_factory=list)
    #: Ratio items whose value cannot be computed (no statement, or a zero denominator).
    not_computable: list[WorksheetItem] = field(default_factory=list)


def score_examination(exam: Examination) -> ScoreResult:
    """Score every answer of ``exam`` and set its total and predicate (the session flushes)."""
    by_item = {answer.item_id: answer for answer in exam.answers}
    pairs: list[tuple[int, int | None]] = []
    per_aspect: dict[str, list[tuple[int, int | None]]] = {}
    result = ScoreResult(total=None, predicate=None)
    for item in exam.template.items:
        answer = by_item.get(item.id)
        score = answer_score(item, answer.answer, answer.value) if answer else None
        if answer is not None:
            answer.score = score
        if score is None:
            (result.not_computable if item.is_ratio else result.unanswered).append(item)
        pairs.append((item.weight, score))
        per_aspect.setdefault(item.aspect, []).append((item.weight, score))
    result.total = total_score(pairs)
    result.predicate = predicate_for(result.total, exam.template.cutoffs or {})
    result.aspects = [
        AspectScore(aspect, total_score(values), sum(w for w, _ in values))
        for aspect, values in per_aspect.items()
    ]
    exam.total_score = result.total
    exam.predicate = result.predicate
    return result
