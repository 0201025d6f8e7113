"""Translated labels of status values shown in badges and filters (``status_label``).

``core`` knows no area: each area registers the words of its statuses
(:func:`register_status_labels`, usually its lifecycles' ``labels``) when its status module is
imported. A value nobody registered reads as itself, capitalised. The first label registered for
a value is kept, so areas sharing a word ("cancelled", "rejected") give it the same label.
"""

from collections.abc import Mapping
from typing import Any

_LABELS: dict[str, Any] = {}


def register_status_labels(labels: Mapping[str, Any]) -> Mapping[str, Any]:
    """Add an area's status labels (lazy strings) to the shared ``status_label`` table."""
    for status, label in labels.items():
        _LABELS.setdefault(str(status), label)
    return labels


def status_label(status: str) -> str:
    return str(_LABELS.get(status, status.replace("_", " ").capitalize()))
