"""Words of findings in Finnish, Swedish and English: statuses, explanations, record and period
words. One dict per language, so a translator reads a language whole (tests/test_words.py keeps
them in step)."""

from __future__ import annotations

STATUS = {
    "fi": {"met": "täyttyy", "partial": "osittain", "missing": "puuttuu", "due": "avoinna",
           "upcoming": "tulossa", "waived": "vapautettu", "not_evidenced": "ei näyttöä"},
    "sv": {"met": "uppfylld", "partial": "delvis", "missing": "saknas", "due": "öppen",
           "upcoming": "kommande", "waived": "undantagen", "not_evidenced": "inte belagd"},
    "en": {"met": "met", "partial": "partial", "missing": "missing", "due": "due",
           "upcoming": "upcoming", "waived": "waived", "not_evidenced": "not evidenced"},
}

EXPLAIN = {
    "en": {
        "met": "Met: {evidence} shows it done within {period}.",
        "met_late": "Met late: {evidence} shows it done within {period}, but after the deadline {deadline}.",
        "partial": "Partial: {evidence} exists within {period}, but it does not show {missing}.",
        "partial_cover": "Partial: {evidence} within {period} does not cover {missing}.",
        "missing": "Missing: no record shows it done within {period}; the deadline was {deadline}.",
        "due": "Due: nothing recorded within {period} yet; the deadline is {deadline}.",
        "upcoming": "Upcoming: the period {period} starts on {start}; the deadline is {deadline}.",
        "waived": "Waived: {reason} ({reference}).",
        "not_evidenced": "Not evidenced: no record shows it within {period} (a recommendation, not a duty).",
        "not_evidenced_incentive": "Not evidenced: no record shows it within {period} (an indicator of state money, not a duty).",
    },
    "fi": {
        "met": "Täyttyy: {evidence} osoittaa velvoitteen hoidetuksi kaudella {period}.",
        "met_late": "Täyttyi myöhässä: {evidence} osoittaa velvoitteen hoidetuksi kaudella {period}, mutta vasta määräajan {deadline} jälkeen.",
        "partial": "Osittain: kaudella {period} on {evidence}, mutta siitä ei käy ilmi {missing}.",
        "partial_cover": "Osittain: kauden {period} {evidence} ei kata seuraavia: {missing}.",
        "missing": "Puuttuu: mikään kirjaus ei osoita velvoitetta hoidetuksi kaudella {period}; määräaika oli {deadline}.",
        "due": "Avoinna: kaudelta {period} ei ole vielä kirjausta; määräaika on {deadline}.",
        "upcoming": "Tulossa: kausi {period} alkaa {start}; määräaika on {deadline}.",
        "waived": "Vapautettu: {reason} ({reference}).",
        "not_evidenced": "Ei näyttöä: mikään kirjaus ei osoita tätä kaudella {period} (suositus, ei lakisääteinen velvoite).",
        "not_evidenced_incentive": "Ei näyttöä: mikään kirjaus ei osoita tätä kaudella {period} (valtionosuuden indikaattori, ei lakisääteinen velvoite).",
    },
    "sv": {
        "met": "Uppfylld: {evidence} visar att skyldigheten fullgjorts under {period}.",
        "met_late": "Uppfylld för sent: {evidence} visar att skyldigheten fullgjorts under {period}, men efter tidsfristen {deadline}.",
        "partial": "Delvis: {evidence} finns för {period}, men visar inte {missing}.",
        "partial_cover": "Delvis: {evidence} för {period} omfattar inte {missing}.",
        "missing": "Saknas: ingen anteckning visar att skyldigheten fullgjorts under {period}; tidsfristen var {deadline}.",
        "due": "Öppen: inget antecknat för {period} ännu; tidsfristen är {deadline}.",
        "upcoming": "Kommande: perioden {period} börjar {start}; tidsfristen är {deadline}.",
        "waived": "Undantagen: {reason} ({reference}).",
        "not_evidenced": "Inte belagd: ingen anteckning visar detta under {period} (en rekommendation, inte en skyldighet).",
        "not_evidenced_incentive": "Inte belagd: ingen anteckning visar detta under {period} (en statsandelsindikator, inte en skyldighet).",
    },
}

LATE = {"fi": "täyttyi myöhässä", "sv": "uppfylld för sent", "en": "met late"}


RECORD_WORD = {"fi": ("kirjaus", "kirjaukset"), "sv": ("anteckningen", "anteckningarna"),
               "en": ("record", "records")}


PERIOD_WORDS = {"fi": {"standing": "jatkuva"}, "sv": {"standing": "fortlöpande"}, "en": {"standing": "standing"}}

# An incentive finding names its indicator, the points the records earn and its weight.
INDICATOR = {
    "en": ("HYTE supplement process indicator {number}: {points} points (weight {weight}). The other process "
           "indicators and the outcome indicators come from THL's and other national data, not from records."),
    "fi": ("HYTE-lisän prosessi-indikaattori {number}: {points} pistettä (paino {weight}). Muut prosessi- ja "
           "tulosindikaattorit tulevat THL:n ja muista valtakunnallisista tiedoista, eivät kirjauksista."),
    "sv": ("HYTE-tilläggets processindikator {number}: {points} poäng (vikt {weight}). De övriga process- och "
           "resultatindikatorerna kommer från THL:s och andra nationella uppgifter, inte från anteckningar."),
}

# An organisation in scope that no rule in use binds (the registry may say why: Åland).
NO_DUTIES = {"fi": "ei velvoitteita käytössä olevien sääntöjen mukaan", "sv": "inga skyldigheter enligt reglerna i bruk",
             "en": "no obligations under the rules in use"}
# The legal basis, as a column or line heading.
LEGAL_BASIS = {"fi": "Oikeusperuste", "sv": "Rättslig grund", "en": "Legal basis"}
