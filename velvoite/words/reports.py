"""The words of the gap report and the data-collection template in Finnish, Swedish and English.

One table per language, as in ``velvoite.messages``, so that a translator reads a language whole;
the tables repeat each other's shape on purpose, and tests/test_words.py keeps their keys and
placeholders in step.
"""

from __future__ import annotations

SYMBOL = {"met": "✓", "partial": "◐", "missing": "✗", "due": "…", "upcoming": "○", "waived": "§", "not_evidenced": "?",
          "no_data": "∅"}

REPORT = {
    "en": {
        "title_region": "HYTE duties: gap report, {name}", "title_national": "HYTE duties: national gap report",
        "as_of": "Situation on {as_of}; periods from {start}.", "share": "{pct} of the duties that have started are met",
        "share_detail": "{met} of {started} (upcoming and waived duties are not counted).",
        "coverage": "Records from {with_data} of {total} organisations.",
        "coverage_note": "Those that sent none are shown as “no data”, not as missing, and are not in the share.",
        "no_started": "No duty has started in this range.",
        "counts": "Duties by status", "matrix": "Duties by organisation and period",
        "matrix_national": "Duties by county and period (the county with its municipalities)",
        "org": "Organisation", "county": "County", "legend": "Duties", "not_applicable": "not applicable",
        "met_of": "{met}/{total} met", "changes": "Changes since the previous audit ({day})",
        "change_item": "{org}: {title}, {period}: {old} → {new}", "changed": "changed since the previous audit",
        "nothing_changed": "Nothing changed.", "expiring": "Waivers ending within 90 days",
        "expiring_item": "{org}: {title}, {period}: waived until {day} ({reference})", "incentives": "HYTE supplement process indicators",
        "incentives_of": "{shown}/{total} of the indicators records can show ({numbers}); the other process indicators "
        "and the outcome indicators come from THL's data", "advisory": "Advice and incentives (recommendations and state-money "
        "indicators, not duties: never in the share above)", "gaps": "Gaps by organisation", "no_gaps": "No gaps: every duty that has "
        "started is met, due or waived.", "due_next": "Due next (to {until})", "nothing_due": "Nothing due in "
        "the next six months.", "deadline": "Deadline", "duty": "Duty", "period": "Period", "status": "Status",
        "organisations": "Organisations", "missing": "Missing", "basis": "Legal basis", "evidence": "Evidence",
        "no_evidence": "none recorded", "chart": "Status shares by county", "share_col": "Met",
        "orgs_count": "{n} organisations", "generated": "Made with velvoite {version}. "
        "“Missing” means no record shows the duty done, not that a breach has been proved.",
        "summary_sheet": "Summary", "findings_sheet": "Findings", "matrix_sheet": "Matrix", "total": "Total",
        "explanation": "Explanation", "reference": "Reference",
        "yearclock": "The year {year}: its rhythm and deadlines", "yearclock_desc": "A clock of the year: the months round the rim, a ring for each recommended phase of the work, and a dot on the rim for each day a statutory deadline falls on; all of it is listed beside the picture.",
        "yearclock_source": "The rhythm: {source}. Recommended months, not duties; the deadlines are the law's.",
        "yearclock_deadlines": "Statutory deadlines in {year}", "yearclock_none": "No statutory deadline falls in {year}.",
        "national_index": "Whole country", "more_evidence": "and {n} more", "county_gaps": "{n} gaps: see the county's page",
    },
    "fi": {
        "title_region": "HYTE-velvoitteet: puuteraportti, {name}", "title_national": "HYTE-velvoitteet: "
        "valtakunnallinen puuteraportti", "as_of": "Tilanne {as_of}; kaudet {start} alkaen.",
        "share": "{pct} alkaneista velvoitteista täyttyy",
        "coverage": "Tietoja {with_data}/{total} organisaatiolta.",
        "coverage_note": "Organisaatiot, joilta ei ole yhtään kirjausta, näytetään merkinnällä ”ei tietoja” eikä "
                         "puuttuvina, eivätkä ne ole mukana osuudessa.", "share_detail": "{met}/{started} (tulossa olevia ja "
        "vapautettuja ei lasketa).", "no_started": "Yksikään velvoite ei ole alkanut tällä välillä.",
        "counts": "Velvoitteet tilan mukaan", "matrix": "Velvoitteet organisaatioittain ja kausittain",
        "matrix_national": "Velvoitteet hyvinvointialueittain ja kausittain (alue kuntineen)",
        "org": "Organisaatio", "county": "Hyvinvointialue", "legend": "Velvoitteet",
        "not_applicable": "ei koske", "met_of": "{met}/{total} täyttyy", "gaps": "Puutteet organisaatioittain",
        "changes": "Muutokset edellisestä tarkastuksesta ({day})", "change_item": "{org}: {title}, {period}: {old} → {new}",
        "changed": "muuttunut edellisestä tarkastuksesta", "nothing_changed": "Ei muutoksia.",
        "expiring": "90 päivän sisällä päättyvät poikkeukset",
        "expiring_item": "{org}: {title}, {period}: poikkeus voimassa {day} asti ({reference})",
        "incentives": "HYTE-lisän prosessi-indikaattorit",
        "incentives_of": "{shown}/{total} kirjauksin osoitettavista indikaattoreista ({numbers}); muut prosessi- ja "
        "tulosindikaattorit tulevat THL:n tiedoista",
        "advisory": "Suositukset ja kannustimet (eivät lakisääteisiä velvoitteita: eivät mukana osuudessa)",
        "no_gaps": "Ei puutteita: jokainen alkanut velvoite täyttyy, on avoinna tai vapautettu.",
        "due_next": "Seuraavaksi erääntyvät ({until} asti)", "nothing_due": "Ei erääntyviä seuraavan kuuden "
        "kuukauden aikana.", "deadline": "Määräaika", "duty": "Velvoite", "period": "Kausi", "status": "Tila",
        "organisations": "Organisaatiot", "missing": "Puuttuu", "basis": "Oikeusperusta", "evidence": "Näyttö",
        "no_evidence": "ei kirjauksia", "chart": "Tilojen osuudet hyvinvointialueittain", "share_col": "Täyttyneet",
        "orgs_count": "{n} organisaatiota", "generated": "Tehty velvoite-työkalun versiolla {version}. "
        "”Puuttuu” tarkoittaa, ettei mikään kirjaus osoita velvoitetta hoidetuksi, eikä se tarkoita todettua "
        "laiminlyöntiä.", "summary_sheet": "Yhteenveto", "findings_sheet": "Havainnot",
        "matrix_sheet": "Matriisi", "total": "Yhteensä", "explanation": "Selitys", "reference": "Viite",
        "yearclock": "Vuosikello {year}", "yearclock_desc": "Vuoden kello: kuukaudet kehällä, suositellut työvaiheet renkaina ja kehällä piste jokaisen lakisääteisen määräajan päivän kohdalla; kaikki myös kuvan vieressä tekstinä.",
        "yearclock_source": "Rytmi: {source}. Suositellut kuukaudet, eivät velvoitteita; määräajat ovat lain.",
        "yearclock_deadlines": "Lakisääteiset määräajat {year}", "yearclock_none": "Vuodelle {year} ei osu lakisääteisiä määräaikoja.",
        "national_index": "Koko maa", "more_evidence": "ja {n} muuta", "county_gaps": "{n} puutetta: katso alueen sivu",
    },
    "sv": {
        "title_region": "HYTE-skyldigheter: bristrapport, {name}", "title_national": "HYTE-skyldigheter: "
        "nationell bristrapport", "as_of": "Läget den {as_of}; perioder från {start}.",
        "share": "{pct} av de påbörjade skyldigheterna är uppfyllda",
        "coverage": "Uppgifter från {with_data} av {total} organisationer.",
        "coverage_note": "De som inte har någon anteckning visas som ”inga uppgifter”, inte som saknade, och räknas "
                         "inte i andelen.", "share_detail": "{met} av {started} "
        "(kommande och undantagna räknas inte).", "no_started": "Ingen skyldighet har börjat under perioden.",
        "counts": "Skyldigheter efter status", "matrix": "Skyldigheter per organisation och period",
        "matrix_national": "Skyldigheter per välfärdsområde och period (området med sina kommuner)",
        "org": "Organisation", "county": "Välfärdsområde", "legend": "Skyldigheter",
        "not_applicable": "gäller inte", "met_of": "{met}/{total} uppfyllda", "gaps": "Brister per organisation",
        "changes": "Ändringar sedan förra granskningen ({day})", "change_item": "{org}: {title}, {period}: {old} → {new}",
        "changed": "ändrad sedan förra granskningen", "nothing_changed": "Inga ändringar.",
        "expiring": "Undantag som upphör inom 90 dagar",
        "expiring_item": "{org}: {title}, {period}: undantaget gäller till {day} ({reference})",
        "incentives": "HYTE-tilläggets processindikatorer",
        "incentives_of": "{shown}/{total} av indikatorerna som anteckningar kan visa ({numbers}); de övriga process- och "
        "resultatindikatorerna kommer från THL:s uppgifter",
        "advisory": "Rekommendationer och incitament (inte skyldigheter: inte med i andelen)",
        "no_gaps": "Inga brister: varje påbörjad skyldighet är uppfylld, öppen eller undantagen.",
        "due_next": "Förfaller härnäst (till {until})", "nothing_due": "Inget förfaller under de kommande sex "
        "månaderna.", "deadline": "Tidsfrist", "duty": "Skyldighet", "period": "Period", "status": "Status",
        "organisations": "Organisationer", "missing": "Saknas", "basis": "Rättslig grund", "evidence": "Belägg",
        "no_evidence": "inga anteckningar", "chart": "Statusandelar per välfärdsområde", "share_col": "Uppfyllda",
        "orgs_count": "{n} organisationer", "generated": "Skapad med velvoite {version}. "
        "”Saknas” betyder att ingen anteckning visar skyldigheten fullgjord, inte att en försummelse är bevisad.",
        "summary_sheet": "Sammanfattning", "findings_sheet": "Iakttagelser", "matrix_sheet": "Matris",
        "total": "Totalt", "explanation": "Förklaring", "reference": "Referens",
        "yearclock": "Årshjul {year}", "yearclock_desc": "Årets klocka: månaderna längs kanten, en ring för varje rekommenderad arbetsfas och en punkt på kanten för varje dag med en lagstadgad tidsfrist; allt finns också som text bredvid bilden.",
        "yearclock_source": "Rytmen: {source}. Rekommenderade månader, inte skyldigheter; tidsfristerna är lagens.",
        "yearclock_deadlines": "Lagstadgade tidsfrister {year}", "yearclock_none": "Inga lagstadgade tidsfrister infaller {year}.",
        "national_index": "Hela landet", "more_evidence": "och {n} till", "county_gaps": "{n} brister: se områdets sida",
    },
}

TEMPLATE = {
    "en": {"org_name": "(organisation)", "duty": "(duty)", "period": "(period)", "deadline": "(deadline)",
           "needs": "(how to record it)", "sheet": "Records", "lists": "lists", "instructions_sheet": "Instructions",
           "help": "Fill in '{date}' (D.M.YYYY), '{body}', '{reference}' and '{url}' for each activity done; leave "
                   "the date empty if it was not done. Columns in parentheses are not read.",
           "record": "Record the {kind}", "fill": "fill in {column}", "set": "{column}: {value}", "yes": "yes",
           "instructions": [
               "How to fill in this workbook",
               "The sheet '{sheet}' has one row per activity the law expects of each organisation in {start}–{until}.",
               "For each activity that was done, fill in '{date}' (D.M.YYYY), '{body}' (the body that decided), "
               "'{reference}' (the decision's, e.g. Kv 12.6.2025 § 45) and '{url}' (its web address, where there "
               "is one).",
               "The column '{needs}' says what else the row must show for the duty to be met.",
               "Leave the date empty if the activity was not done: the row is then read as not done.",
               "Columns whose header is in parentheses are for reading only; velvoite does not read them.",
               "Keep the sheet '{sheet}' first among the data sheets and do not rename its columns; you may add rows.",
               "Save as Excel (.xlsx), LibreOffice (.ods) or CSV (Finnish or Swedish Excel's CSV is read too).",
               "Then: velvoite audit FILE  (or send the file to whoever runs the audit)."]},
    "fi": {"org_name": "(organisaatio)", "duty": "(velvoite)", "period": "(kausi)", "deadline": "(määräaika)",
           "needs": "(kirjaa näin)", "sheet": "Kirjaukset", "lists": "listat", "instructions_sheet": "Ohjeet",
           "help": "Täytä jokaisesta tehdystä toimesta '{date}' (P.K.VVVV), '{body}', '{reference}' ja '{url}'; "
                   "jätä päivämäärä tyhjäksi, jos sitä ei tehty. Sulkeissa olevia sarakkeita ei lueta.",
           "record": "Kirjaa: {kind}", "fill": "täytä {column}", "set": "{column}: {value}", "yes": "kyllä",
           "instructions": [
               "Näin täytät tämän työkirjan",
               "Taulukossa '{sheet}' on yksi rivi jokaisesta toimesta, jota laki edellyttää kultakin organisaatiolta "
               "ajalla {start}–{until}.",
               "Täytä jokaisesta tehdystä toimesta '{date}' (P.K.VVVV), '{body}' (päättänyt toimielin), "
               "'{reference}' (päätöksen viite, esim. Kv 12.6.2025 § 45) ja '{url}' (päätöksen verkko-osoite, jos "
               "sellainen on).",
               "Sarake '{needs}' kertoo, mitä rivin on lisäksi osoitettava, jotta velvoite täyttyy.",
               "Jätä päivämäärä tyhjäksi, jos tointa ei tehty: rivi luetaan silloin tekemättömäksi.",
               "Sulkeissa otsikoidut sarakkeet ovat vain luettaviksi; velvoite ei lue niitä.",
               "Pidä taulukko '{sheet}' tietotaulukoista ensimmäisenä äläkä nimeä sen sarakkeita uudelleen; "
               "rivejä voit lisätä.",
               "Tallenna Excel- (.xlsx), LibreOffice- (.ods) tai CSV-muodossa (myös suomenkielisen Excelin CSV "
               "luetaan).",
               "Sitten: velvoite audit TIEDOSTO  (tai lähetä tiedosto tarkastuksen tekijälle)."]},
    "sv": {"org_name": "(organisation)", "duty": "(skyldighet)", "period": "(period)", "deadline": "(tidsfrist)",
           "needs": "(anteckna så här)", "sheet": "Anteckningar", "lists": "listor", "instructions_sheet": "Anvisningar",
           "help": "Fyll i '{date}' (D.M.ÅÅÅÅ), '{body}', '{reference}' och '{url}' för varje åtgärd som gjorts; "
                   "lämna datumet tomt om den inte gjordes. Kolumner inom parentes läses inte.",
           "record": "Anteckna: {kind}", "fill": "fyll i {column}", "set": "{column}: {value}", "yes": "ja",
           "instructions": [
               "Så här fyller du i arbetsboken",
               "Bladet '{sheet}' har en rad för varje åtgärd som lagen förutsätter av varje organisation under "
               "{start}–{until}.",
               "Fyll för varje utförd åtgärd i '{date}' (D.M.ÅÅÅÅ), '{body}' (det organ som beslutade), "
               "'{reference}' (beslutets, t.ex. Fge 12.6.2025 § 45) och '{url}' (beslutets webbadress, om en sådan "
               "finns).",
               "Kolumnen '{needs}' säger vad raden dessutom ska visa för att skyldigheten ska vara uppfylld.",
               "Lämna datumet tomt om åtgärden inte utfördes: raden läses då som inte utförd.",
               "Kolumner med rubrik inom parentes är bara till för läsning; velvoite läser dem inte.",
               "Håll bladet '{sheet}' först bland datablad och byt inte namn på dess kolumner; du kan lägga till rader.",
               "Spara som Excel (.xlsx), LibreOffice (.ods) eller CSV (även finsk- och svenskspråkig Excels CSV läses).",
               "Sedan: velvoite audit FIL  (eller skicka filen till den som gör granskningen)."]},
}
# Sheets a reader passes over: a template's instructions.
INSTRUCTION_SHEETS = frozenset(w["instructions_sheet"] for w in TEMPLATE.values())


def template_own(read: str, other: str) -> bool:
    """Whether ``other`` is a sheet velvoite's own template writes beside the records sheet ``read``
    (its instructions, its hidden lists of kinds and bodies): passed over without a note."""
    return (any(read == w["sheet"] for w in TEMPLATE.values())
            and any(other in (w["instructions_sheet"], w["lists"]) for w in TEMPLATE.values()))

# The record's own columns in Finnish and Swedish: template headers in the user's language, read back
# as the fields (a pack's own fields have their names in its pack.yaml). English uses the field ids.
COLUMN_NAMES = {
    "fi": {"id": "tunnus", "org": "organisaatio", "kind": "laji", "date": "päivämäärä", "body": "toimielin",
           "participants": "osallistujat", "reference": "viite", "url": "linkki", "valid_from": "voimassa alkaen",
           "valid_until": "voimassa asti", "also_counts_as": "lasketaan myös lajiksi", "notes": "lisätiedot"},
    "sv": {"id": "id", "org": "organisation", "kind": "typ", "date": "datum", "body": "organ",
           "participants": "deltagare", "reference": "referens", "url": "länk", "valid_from": "giltig från",
           "valid_until": "giltig till", "also_counts_as": "räknas också som", "notes": "tilläggsuppgifter"},
}

# Headers earlier templates wrote, still read as their fields: the Swedish notes column was
# "anteckningar", the word of the records themselves (the glossary's "Anteckningar" sheet).
EARLIER_COLUMN_NAMES = {"anteckningar": "notes"}

BODY_WORDS = {"fi": ["valtuusto", "hallitus", "lautakunta", "viranhaltija", "muu"],
              "sv": ["fullmäktige", "styrelse", "nämnd", "tjänsteinnehavare", "annan"],
              "en": ["council", "board", "committee", "officer", "other"]}


def percent(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    text = f"{value * 100:.1f}"
    return (text.replace(".", ",") + " %") if lang in ("fi", "sv") else text + " %"
