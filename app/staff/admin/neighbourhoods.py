"""Neighbourhoods under /staff/admin/neighbourhoods: the CBS wijken and buurten of my municipalities
on our own map, each with the buurtteam that residents and staff there turn to."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ...extensions import db
from ...maps import area_map
from ...models import Neighbourhood
from .. import audit, changes
from . import bp
from .conflicts import conflict
from .forms import TeamForm
from .scope import administered, neighbourhood_or_404

FIELDS = ("team_name", "team_phone", "team_email")


@bp.route("/neighbourhoods")
def neighbourhoods():
    """Per municipality: the map of its wijken, and each wijk with its buurten and their buurtteam."""
    towns = []
    for town in administered():
        areas = list(db.session.scalars(db.select(Neighbourhood).where(Neighbourhood.municipality_id == town.id)
                                        .order_by(Neighbourhood.name, Neighbourhood.id)))
        wijken = [area for area in areas if area.kind == "wijk"]
        buurten = {wijk.id: [area for area in areas if area.parent_id == wijk.id] for wijk in wijken}
        loose = [area for area in areas if area.kind != "wijk" and area.parent_id not in buurten]
        title = _("Kaart van de wijken van %(town)s", town=town.name)
        towns.append((town, area_map(wijken, title=title), wijken, buurten, loose))
    return render_template("staff/admin/neighbourhoods.html", towns=towns)


@bp.route("/neighbourhoods/<int(max=2147483647):neighbourhood_id>", methods=("GET", "POST"))
def neighbourhood(neighbourhood_id):
    """The buurtteam of one wijk or buurt: name, phone and e-mail; saved only over the version its page showed."""
    area = neighbourhood_or_404(neighbourhood_id)
    form = TeamForm(obj=area)
    if not form.is_submitted():
        form.version.data = str(area.version)
    if form.validate_on_submit():
        if not changes.claim(area, form):
            return team_page(area, form, conflict(_("Iemand anders heeft dit buurtteam net veranderd."),
                                                  form, area, FIELDS))
        changed = [name for name in FIELDS if getattr(area, name) != (getattr(form, name).data or None)]
        for name in FIELDS:
            setattr(area, name, getattr(form, name).data or None)
        audit.record("neighbourhood.team", municipality_id=area.municipality_id,
                     detail=f"{area.code}: {' '.join(changed)}"[:200])
        db.session.commit()
        flash(_("Buurtteam opgeslagen."))
        return redirect(url_for("admin.neighbourhoods", _anchor=f"area-{area.id}"))
    return team_page(area, form)


def team_page(area: Neighbourhood, form: TeamForm, changed_meanwhile=None):
    outline = area_map([area], title=_("Kaart van %(name)s", name=area.name))
    return render_template("staff/admin/neighbourhood.html", area=area, form=form, map=outline,
                           conflict=changed_meanwhile), 409 if changed_meanwhile else 400 if form.errors else 200
