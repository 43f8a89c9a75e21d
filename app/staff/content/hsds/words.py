"""Problems with a package in plain words: where (file, row, field) and what to do about it."""

from flask_babel import gettext as _

from .package import Problem

HEADER_ERRORS = ("incorrect-label", "missing-label", "extra-label", "blank-label", "duplicate-label",
                 "blank-header")


def where(problem: Problem) -> str:
    if problem.file is None:
        return _("Het pakket")
    if problem.row is None:
        return _("%(file)s, kolom %(field)s", file=problem.file, field=problem.field) if problem.field \
            else problem.file
    if problem.field is None:
        return _("%(file)s, rij %(row)s", file=problem.file, row=problem.row)
    return _("%(file)s, rij %(row)s, veld %(field)s", file=problem.file, row=problem.row, field=problem.field)


def what(problem: Problem) -> str:  # noqa: C901 - one plain sentence per kind of problem
    v, code = problem.values, problem.code
    simple = {
        "not_a_zip": _("Dit is geen zip-bestand. Pak de CSV-bestanden samen in één zip."),
        "no_files": _("In de zip staan geen HSDS-bestanden, zoals organizations.csv en locations.csv."),
        "unreadable": _("Dit bestand in de zip is niet te lezen."),
        "required": _("Dit veld is leeg, maar is nodig."),
        "markup": _("Gebruik alleen gewone tekst, zonder punthaken."),
        "bad_url": _("Dit is geen webadres dat begint met https:// of http://."),
        "no_address": _("Deze plek heeft geen bezoekadres (addresses.csv met address_type physical)."),
        "half_coordinates": _("Geef breedte- en lengtegraad allebei, of allebei niet."),
        "no_coordinates": _("Deze plek heeft geen coördinaten en de postcode kennen we niet."),
        "no_schedule": _("Deze activiteit heeft geen rooster (schedules.csv)."),
        "schedules": _("Deze activiteit heeft meer dan één rooster. Vangnet houdt één rooster per activiteit: "
                       "maak er aparte diensten van."),
        "schedule_no_time": _("Het rooster heeft geen begin- of eindtijd."),
        "schedule_no_duration": _("De eindtijd is gelijk aan de begintijd."),
        "schedule_ends_before_start": _("Het rooster eindigt voordat het begint."),
        "schedule_no_date": _("Een rooster zonder herhaling (freq) heeft een datum nodig in valid_from."),
        "schedule_never": _("Volgens dit rooster is er nooit een datum."),
        "schedule_unsupported": _("Dit deel van een rooster kan Vangnet niet bewaren. Laat het leeg."),
        "schedule_impossible": _("Dit rooster kan niet: kijk naar de dagen (byday, bymonthday) en interval."),
        "bad_cost": _("De kosten moeten in euro zijn, tussen 0 en 10.000."),
        "too_many_languages": _("Te veel talen voor één activiteit."),
        "blank-row": _("Deze rij is leeg."),
        "missing-cell": _("In deze rij ontbreekt een waarde."),
        "extra-cell": _("Deze rij heeft meer waarden dan er kolommen zijn."),
        "encoding-error": _("Het bestand is niet in UTF-8 opgeslagen."),
    }
    if code in simple:
        return simple[code]
    if code == "too_large":
        return _("Uitgepakt is het pakket groter dan %(mb)s MB.", mb=v["mb"])
    if code == "foreign-key":
        return _("Verwijst naar %(value)s in %(target)s, maar die rij staat niet in het pakket.",
                 value=v.get("value"), target=v.get("target"))
    if code in HEADER_ERRORS:
        return _("De kopregel klopt niet: kolom %(number)s heet \"%(label)s\", maar moet heten zoals in de "
                 "HSDS-standaard (%(field)s).", number=v.get("number"), label=v.get("label") or "",
                 field=problem.field or "")
    if code == "type-error":
        return _("\"%(value)s\" is geen geldige waarde voor dit veld.", value=v.get("value"))
    if code == "constraint-error":
        return _("\"%(value)s\" mag hier niet (%(note)s).", value=v.get("value") or "", note=v.get("note"))
    if code in ("primary-key", "unique-error"):
        return _("Deze waarde komt vaker voor, maar moet uniek zijn.")
    if code == "too_long":
        return _("Te lang: niet meer dan %(max)s tekens.", max=v["max"])
    if code == "bad_postcode":
        return _("\"%(value)s\" is geen Nederlandse postcode zoals 2625 AB.", value=v.get("value") or "")
    if code == "bad_phone":
        return _("\"%(value)s\" is geen geldig telefoonnummer.", value=v.get("value") or "")
    if code == "not_physical":
        return _("Een activiteit is op een plek met een bezoekadres (location_type physical), niet \"%(value)s\".",
                 value=v.get("value") or "")
    if code == "outside":
        return _("Deze plek (%(lat)s, %(lon)s) ligt niet in een buurt van %(municipality)s.",
                 lat=v.get("lat"), lon=v.get("lon"), municipality=v.get("municipality"))
    if code == "bad_language":
        return _("\"%(value)s\" is geen taalcode zoals nl of ara.", value=v.get("value") or "")
    if code == "name_taken":
        return _("Er is al een andere organisatie met de naam \"%(value)s\".", value=v.get("value") or "")
    return _("Dit klopt niet volgens de HSDS-standaard: %(note)s", note=v.get("note") or code)


def describe(problem: Problem) -> str:
    return f"{where(problem)}: {what(problem)}"
