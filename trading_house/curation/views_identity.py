"""Legal identity: the owner uploads the NIB/NPWP certificates; a curator checks and decides."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user, login_required

from trading_house.core.errors import NotFound
from trading_house.core.uow import unit_of_work
from trading_house.core.uploads import document_response, limit_uploads, rate_limited_page
from trading_house.curation import identity, policies
from trading_house.curation.blueprint import bp
from trading_house.curation.forms import IdentityDecisionForm, IdentityUploadForm
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.policies import current_enterprise, is_owner
from trading_house.extensions import db

bp.register_error_handler(RateLimitExceeded, rate_limited_page)


@bp.route("/business/identity", methods=["GET", "POST"])
@login_required
@limit_uploads
def identity_documents():
    """The owner's page for the two certificates (members may look)."""
    enterprise = current_enterprise(current_user)
    if enterprise is None:
        abort(404)
    form = IdentityUploadForm()
    owner = is_owner(current_user, enterprise)
    if form.validate_on_submit():
        with unit_of_work(category=None) as work:
            identity.save_documents(
                enterprise,
                actor=current_user,
                kind=form.kind.data,
                uploads=tuple((f.read(), f.filename) for f in form.file.data or () if f.filename),
                remove=tuple(form.remove.data or ()),
            )
        if work.error is not None:
            form.file.errors = [*form.file.errors, work.error.message]
        else:
            flash(_("Documents saved. The trading house will check them."), "success")
            return redirect(url_for("curation.identity_documents"))
    return render_template(
        "curation/identity_upload.html",
        enterprise=enterprise,
        form=form,
        owner=owner,
        documents=identity.documents_of(enterprise.id),
        labels=identity.KIND_LABELS,
        max_files=identity.MAX_FILES_PER_KIND,
    ), (422 if form.errors else 200)


@bp.get("/curation/documents/<int:document_id>")
@login_required
def identity_document(document_id: int):
    """A certificate: members of its business and curators/admins only (else a 404)."""
    return document_response(identity.readable_document(current_user, document_id))


def _reviewable_enterprise(enterprise_id: int) -> Enterprise:
    if not policies.is_reviewer(current_user):
        raise NotFound(_("This business does not exist."))
    enterprise = db.session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound(_("This business does not exist."))
    return enterprise


@bp.get("/curation/identity")
@login_required
def identity_queue():
    if not policies.is_reviewer(current_user):
        abort(403)
    return render_template(
        "curation/identity_queue.html", enterprises=identity.pending_enterprises()
    )


@bp.get("/curation/identity/<int:enterprise_id>")
@login_required
def identity_review(enterprise_id: int, form=None, status: int = 200):
    enterprise = _reviewable_enterprise(enterprise_id)
    return render_template(
        "curation/identity_review.html",
        enterprise=enterprise,
        documents=identity.documents_of(enterprise.id),
        labels=identity.KIND_LABELS,
        records=identity.verified_records(enterprise.id),
        form=form or IdentityDecisionForm(formdata=None),
        own=policies.belongs_to(current_user, enterprise.id),
    ), status


@bp.post("/curation/identity/<int:enterprise_id>")
@login_required
def identity_decide(enterprise_id: int):
    enterprise = _reviewable_enterprise(enterprise_id)
    form = IdentityDecisionForm()
    if not form.validate():
        return identity_review(enterprise_id, form=form, status=422)
    verified = request.form.get("decision") == "verify"
    with unit_of_work(form, flash_form_errors=True) as work:
        identity.decide_identity(
            enterprise, curator=current_user, verified=verified, note=form.note.data
        )
    if work.failed:
        return identity_review(enterprise_id, form=form, status=422)
    flash(
        _("%(name)s is verified.", name=enterprise.name)
        if verified
        else _("The business has been told what to fix."),
        "success",
    )
    return redirect(url_for("curation.identity_queue"))
