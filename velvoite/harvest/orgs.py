"""The organisation a page names, in the registry: "Jämsän kaupunki", "Länsi-Uudenmaan
hyvinvointialue - Västra Nylands välfärdsområde", a site's host ("rovaniemi"). Finnish writes the
name in the genitive (Jämsän, Helsingin), so a name not found as written is compared without its
ending with every organisation's name, and taken only when one is clearly nearest."""

from __future__ import annotations

import difflib

from velvoite.errors import plain as _plain

ENDINGS = (" kaupunki", " kunta", " stad", " kommun", " kaupunginhallitus", " kunnanhallitus")


def resolve(name: str | None, registry):
    """The registry's organisation for a page's name of it, or None."""
    if not name:
        return None
    parts = [part.strip() for part in name.replace(" – ", " - ").split(" - ")]
    # the last two or three words of a part (a header line "Dynasty tietopalvelu Haku RSS Jämsän kaupunki")
    tails = [" ".join(part.split()[-n:]) for part in parts for n in (3, 2) if len(part.split()) > n]
    candidates = parts + [name.strip()] + tails
    for text in candidates:
        found = registry.lookup(text)
        if found:
            return found
    names = {}
    for org in registry.orgs.values():
        for n in (org.name_fi, org.name_sv):
            names.setdefault(_plain(n), org)
    for text in candidates:
        stem = _plain(text)
        for ending in ENDINGS:
            stem = stem.removesuffix(_plain(ending))
        stem = "".join(ch for ch in stem if not ch.isdigit()).strip()
        if stem in names:
            return names[stem]
        for guess in (stem, stem[:-1] if stem.endswith("n") else stem):  # the genitive's -n
            close = [c for c in difflib.get_close_matches(guess, list(names), n=2, cutoff=0.78) if c[:4] == stem[:4]]
            if close:
                return names[close[0]]
    return None
