"""What the reviews area shows on other areas' pages (registered panels; ``core/registry.py``).

Each function builds a panel's context, or None to leave the panel out.
"""

from datetime import date, datetime
from types import SimpleNamespace

from flask_login import current_user

from trading_house.core.cache import current_cache, generation
from trading_house.reviews import policies, queries
from trading_house.reviews.forms import ASPECT_LABELS
from trading_house.reviews.models import ASPECTS, Review

#: Cache generation of the product pages' review blocks; any committed review or photo starts
#: a new one (``trust.watch_for_changes``).
REVIEWS_GENERATION = "reviews"
REVIEWS_TTL = 600


def product_panel(product, review_count: int | None = None, **_):
    """Averages and the latest reviews of a product, from the app cache: the product page's
    statement budget (tests/catalog/test_statement_counts.py) has no room for them. Nothing
    personal here (the page may be cached for visitors). ``review_count``: how many published
    reviews the page already knows of; none asks no question at all."""
    if review_count == 0:
        return {
            "summary": queries.Summary(0, None, {}),
            "reviews": [],
            "aspect_labels": ASPECT_LABELS,
        }
    key = f"reviews:{generation(REVIEWS_GENERATION)}:{product.id}"
    data = current_cache().get_or_set(key, lambda: _product_data(product.id), ttl=REVIEWS_TTL)
    return {
        "summary": queries.Summary(**data["summary"]),
        "reviews": [_as_review(row) for row in data["reviews"]],
        "aspect_labels": ASPECT_LABELS,
    }


def _product_data(product_id: int) -> dict:
    """Plain JSON: the summary and the latest published reviews."""
    summary = queries.product_summary(product_id)
    return {
        "summary": {"count": summary.count, "overall": summary.overall, "aspects": summary.aspects},
        "reviews": [
            {
                "id": review.id,
                "buyer_id": review.buyer_id,
                "created_at": review.created_at.isoformat(),
                "edited_at": review.edited_at.isoformat() if review.edited_at else None,
                "overall": review.overall,
                "text": review.text,
                "answer": review.answer,
                "enterprise_name": review.enterprise.name,
                "photos": [photo.variants or {} for photo in review.photos],
                **{aspect: getattr(review, aspect) for aspect in ASPECTS},
            }
            for review in queries.product_reviews(product_id)
        ],
    }


def _as_review(row: dict) -> SimpleNamespace:
    """What ``review_item`` reads, from the cached JSON."""
    return SimpleNamespace(
        **{
            **row,
            "created_at": datetime.fromisoformat(row["created_at"]),
            "edited_at": datetime.fromisoformat(row["edited_at"]) if row["edited_at"] else None,
            "enterprise": SimpleNamespace(name=row["enterprise_name"]),
            "photos": [SimpleNamespace(variants=variants) for variants in row["photos"]],
        }
    )


def enterprise_panel(enterprise, **_):
    from trading_house.reviews.trust import trust_panel

    trust = dict(trust_panel(enterprise))
    # Cached as JSON: dates come back as ISO text.
    trust["documents"] = [
        {**doc, "expires_on": date.fromisoformat(doc["expires_on"]) if doc["expires_on"] else None}
        for doc in trust["documents"]
    ]
    return {
        "trust": trust,
        "reviews": queries.published(Review.enterprise_id == enterprise.id, limit=5),
        "aspect_labels": ASPECT_LABELS,
    }


def order_panel(order, **_):
    """For the buyer: each line with its review, or whether it can be reviewed and why not."""
    if order.buyer_id != getattr(current_user, "id", None):
        return None
    reviews = queries.reviews_by_line([line.id for line in order.lines])
    rows = []
    for line in order.lines:
        review = reviews.get(line.id)
        verdict = None if review else policies.eligibility(current_user, line)
        rows.append(
            {
                "line": line,
                "review": review,
                "can_write": verdict is not None and verdict.allowed,
                "can_edit": review is not None and policies.can_edit(current_user, review),
                # Why not yet ("Confirm you received it first"), for a line on its way or arrived.
                "not_yet": verdict.reason if verdict is not None and verdict.pending else None,
            }
        )
    if not any(row["review"] or row["can_write"] or row["not_yet"] for row in rows):
        return None
    return {"rows": rows}
