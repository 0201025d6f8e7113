"""What the product page's readiness panel is computed from, for the cached pages (issue #18).

The panel (grade badge, export warning) reads the published checklist, its items, thresholds
and destination rules, which every product page shares, and one enterprise's answers, clinic
sessions, verified documents and products (their categories choose the items that apply).
Their commits start new generations of the shared groups (``core/fragments.py``): the
checklist's for every product page, an enterprise's for its own pages only, so a curator
verifying one business's certificate leaves the other businesses' pages in the cache.
"""

from trading_house.catalog.models import Product
from trading_house.core.fragments import (
    MAKER,
    PRODUCT_PAGES,
    fragment_group,
    group_generation,
    owned_group,
)
from trading_house.readiness.formats import local_today
from trading_house.readiness.models import (
    ChecklistItem,
    ChecklistTemplate,
    ClinicSession,
    DestinationRule,
    ReadinessAnswer,
    ReadinessSettings,
    VerifiedDocument,
)

fragment_group(PRODUCT_PAGES, ChecklistTemplate, ChecklistItem, ReadinessSettings, DestinationRule)
for _model in (ReadinessAnswer, ClinicSession, VerifiedDocument, Product):
    owned_group(MAKER, _model, lambda row: row.enterprise_id)


def panel_version(enterprise_id: int) -> str:
    """Changes when anything the panel of this enterprise's products shows may have: the
    groups above and the day (a certificate lapses at midnight, local time)."""
    return ":".join(
        (
            group_generation(PRODUCT_PAGES),
            group_generation(MAKER, enterprise_id),
            local_today().isoformat(),
        )
    )
