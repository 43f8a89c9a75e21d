"""Tablets under /staff/admin/tablets: the list with when each was last seen, registering one (its
place tapped on the map of the municipality's wijken, or typed), its one-time activation link shown
once (also as a QR code to scan with the tablet), a new link, and switching it off: its next page is
the ordinary resident site. Every change is in the audit log."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ... import geo
from ...extensions import db
from ...i18n import LANGUAGE_NAMES
from ...kiosk import activation_url
from ...maps import Point, area_map
from ...models import Kiosk, Municipality, Neighbourhood, new_activation_token
from .. import audit, changes
from . import bp
from .conflicts import conflict
from .forms import ConfirmForm, TabletForm
from .scope import administered, administered_ids, kiosk_municipality_id, kiosk_or_404, kiosks_query

FIELDS = ("name", "lat", "lon", "default_language", "idle_seconds", "has_printer")


@bp.route("/tablets")
def tablets():
    """The tablets of my municipalities: where they stand, their language, when last seen, on or off."""
    rows = db.session.scalars(kiosks_query().join(Kiosk.neighbourhood)
                              .order_by(Neighbourhood.municipality_id, Kiosk.name, Kiosk.id)).all()
    return render_template("staff/admin/tablets.html", rows=rows)


def chosen_municipality(kiosk: Kiosk | None = None) -> Municipality:
    """The municipality whose map the form shows: the tablet's own, else ?municipality=, else my first."""
    mine = {m.id: m for m in administered()}
    if kiosk is not None:
        return mine[kiosk_municipality_id(kiosk)]
    wanted = request.args.get("municipality", "")
    return mine.get(int(wanted) if wanted.isascii() and wanted.isdigit() and len(wanted) < 10 else 0) or \
        next(iter(mine.values()))


def place_map(municipality: Municipality, form: TabletForm):
    here = Point(form.lat.data, form.lon.data) if isinstance(form.lat.data, float) and \
        isinstance(form.lon.data, float) and not form.lon.errors else None
    return area_map(geo.wijken_of(municipality.id), marker=here, marker_label=_("Tablet"), pick=True,
                    title=_("Kaart van de wijken van %(town)s. Tik op de plek van de tablet.", town=municipality.name))


def tablet_page(form: TabletForm, kiosk: Kiosk | None, changed_meanwhile=None):
    municipality = chosen_municipality(kiosk)
    return render_template("staff/admin/tablet.html", form=form, kiosk=kiosk, municipality=municipality,
                           municipalities=administered(), map=place_map(municipality, form),
                           actions=ConfirmForm(), conflict=changed_meanwhile), \
        409 if changed_meanwhile else 400 if form.errors else 200


@bp.route("/tablets/new", methods=("GET", "POST"))
def new_tablet():
    """Register a tablet; the answer shows its one-time activation link, once."""
    form = TabletForm(municipality_ids=administered_ids())
    if form.validate_on_submit():
        kiosk = Kiosk(activation_token=new_activation_token())
        change(kiosk, form)
        db.session.add(kiosk)
        db.session.flush()
        audit.record("tablet.create", municipality_id=kiosk_municipality_id(kiosk), detail=f"tablet {kiosk.id}")
        db.session.commit()
        return link_page(kiosk)
    return tablet_page(form, None)


@bp.route("/tablets/<int(max=2147483647):kiosk_id>", methods=("GET", "POST"))
def edit_tablet(kiosk_id):
    """A tablet's settings; it uses them from its next page on. Saved only over the version its page showed."""
    kiosk = kiosk_or_404(kiosk_id)
    form = TabletForm(obj=kiosk, municipality_ids=[kiosk_municipality_id(kiosk)])
    if not form.is_submitted():
        form.version.data = str(kiosk.version)
    if form.validate_on_submit():
        if not changes.claim(kiosk, form):
            return tablet_page(form, kiosk, changed_meanwhile(form, kiosk))
        changed = change(kiosk, form)
        audit.record("tablet.edit", municipality_id=kiosk_municipality_id(kiosk),
                     detail=f"tablet {kiosk.id}: {' '.join(changed)}"[:200])
        db.session.commit()
        flash(_("Tablet opgeslagen."))
        return redirect(url_for("admin.edit_tablet", kiosk_id=kiosk.id))
    return tablet_page(form, kiosk)


def changed_meanwhile(form: TabletForm, kiosk: Kiosk):
    return conflict(_("Iemand anders heeft deze tablet net veranderd."),
                    form, kiosk, FIELDS, formats={"default_language": lambda code: LANGUAGE_NAMES.get(code, code)})


def change(kiosk: Kiosk, form: TabletForm) -> list[str]:
    """Copy the form onto the tablet, its neighbourhood from where it stands; the fields that changed."""
    changed = [name for name in FIELDS if getattr(kiosk, name) != getattr(form, name).data]
    for name in FIELDS:
        setattr(kiosk, name, getattr(form, name).data)
    if kiosk.neighbourhood_id != form.neighbourhood.id:
        changed.append("neighbourhood")
    kiosk.neighbourhood = form.neighbourhood
    return changed


@bp.route("/tablets/<int(max=2147483647):kiosk_id>/link", methods=("POST",))
def new_link(kiosk_id):
    """A new one-time activation link (the old one stops working); the tablet now in use stays one
    until the new link is opened somewhere."""
    kiosk = kiosk_or_404(kiosk_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    kiosk.activation_token = new_activation_token()
    audit.record("tablet.link", municipality_id=kiosk_municipality_id(kiosk), detail=f"tablet {kiosk.id}")
    db.session.commit()
    return link_page(kiosk)


def link_page(kiosk: Kiosk):
    """The activation link and its QR code, shown this once: the page is not kept by the browser."""
    url = activation_url(kiosk)
    response = render_template("staff/admin/tablet_link.html", kiosk=kiosk, url=url)
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/tablets/<int(max=2147483647):kiosk_id>/off", methods=("POST",))
def switch_off(kiosk_id):
    """Switch a tablet off: its browser's next page is the ordinary resident site, and no link of it works."""
    kiosk = kiosk_or_404(kiosk_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    kiosk.active = False
    kiosk.browser_key = None
    kiosk.activation_token = None
    audit.record("tablet.off", municipality_id=kiosk_municipality_id(kiosk), detail=f"tablet {kiosk.id}")
    db.session.commit()
    flash(_("Tablet uitgezet. Op die tablet ziet u nu de gewone website."))
    return redirect(url_for("admin.tablets"))
