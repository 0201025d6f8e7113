"""What the reviews area shows on other areas' pages (registered panels; ``core/registry.py``).

Each function builds a panel's context, or None to leave the panel out.
"""

from datetime import date

from flask_login import current_user

from trading_house.accounts.policies import is_staff
from trading_house.reviews import policies, queries, services
from trading_house.reviews.forms import ASPECT_LABELS
from trading_house.reviews.models import Review


def product(product, **_):
    """Averages and the latest reviews of a product (the page may be cached for visitors:
    nothing personal here)."""
    return {
        "summary": queries.product_summary(product.id),
        "reviews": queries.published(Review.product_id == product.id),
        "aspect_labels": ASPECT_LABELS,
    }


def enterprise(enterprise, **_):
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


def order(order, **_):
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
            }
        )
    if not any(row["review"] or row["can_write"] for row in rows):
        return None
    return {"rows": rows}


def open_reports(user) -> int:
    return services.open_report_count() if is_staff(user) else 0
