"""The unit of work of a view: commit on success, roll back and tell the user on a domain error.

Every state-changing view does the same four things; this module does them once::

    with unit_of_work(form) as work:
        services.submit_listing(product, actor=current_user)
    if work.done:
        flash(_("Sent for review."), "success")
        return redirect(url_for("catalog.my_products"))
    return render_template("catalog/edit.html", form=form), 422

On success the block's changes are committed (``core/tx.py``: jobs and outbox after commit). A
``DomainError`` raised inside the block is rolled back and shown: on the form field it names
(``DomainError(field=…)``), on the form, or as a flash message when there is no form. ``NotFound``
and ``PermissionDenied`` are not caught: the app's handler answers 404/403 for them. An error
class with ``keep_changes = True`` (e.g. "this quotation has expired", which records the expiry)
is committed before it is shown. Any other exception rolls back and propagates (a 500 is a bug).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import flash

from trading_house.core.errors import DomainError, NotFound, PermissionDenied
from trading_house.core.tx import commit, rollback


@dataclass
class Work:
    """What happened in a unit of work: ``done`` after a commit, else ``error``."""

    done: bool = False
    error: DomainError | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


@contextmanager
def unit_of_work(
    form=None, *, category: str | None = "danger", flash_form_errors: bool = False
) -> Iterator[Work]:
    """Commit the block's work, or roll it back and show its ``DomainError`` (see module doc).

    ``flash_form_errors``: an error that names no field of the form is flashed as well, for pages
    where the failed form may not be on screen. ``category=None``: the error is kept in
    ``work.error`` and shown nowhere (the view decides, e.g. "try the next one")."""
    work = Work()
    try:
        yield work
    except (NotFound, PermissionDenied):
        rollback()
        raise
    except DomainError as error:
        if getattr(error, "keep_changes", False):
            commit()
        else:
            rollback()
        work.error = error
        if category is not None:
            show_error(error, form, category=category, flash_form_errors=flash_form_errors)
    except BaseException:
        rollback()
        raise
    else:
        commit()
        work.done = True


def show_error(
    error: DomainError, form=None, *, category: str = "danger", flash_form_errors: bool = False
) -> None:
    """Attach a domain error to its form field, to the form, or flash it."""
    message = str(error.message)
    field = _field_named(form, error.field) if (form is not None and error.field) else None
    if field is not None:
        field.errors = [*field.errors, message]
    elif form is not None:
        form.form_errors.append(message)
        if flash_form_errors:
            flash(message, category)
    else:
        flash(message, category)


def _field_named(form, name: str):
    """The field ``name`` of ``form``; ``follow_ups-0-due_on`` reaches into a list of subforms."""
    if "-" not in name:
        return getattr(form, name, None)
    list_name, index, attr = name.split("-", 2)
    entries: Any = getattr(form, list_name, None)
    try:
        return getattr(entries[int(index)].form, attr, None)
    except (TypeError, ValueError, IndexError, AttributeError):
        return None
