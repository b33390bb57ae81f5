"""Words of the calendar entries in Finnish, Swedish and English."""

from __future__ import annotations

WORDS = {
    "en": {"calname": "Statutory deadlines: {name}", "recommended": "Recommended",
           "status": "Status as of the records of {day}: {status}", "status_plain": "Status: {status}", "deadline": "Deadline: {day}",
           "recommended_by": "Recommended by: {day}", "period": "Period: {period}",
           "missing": "Missing: {items}", "basis": "Legal basis:", "evidence": "Evidence recorded:",
           "no_evidence": "No evidence recorded yet.", "remind": "Reminder: {summary} ({day})",
           "next_due": "Next review due: {day} (counted from the last approval)",
           "cancelled": "No longer an obligation on the record data: removed", "duty": "statutory duty",
           "advice": "recommendation", "incentive": "HYTE supplement indicator"},
    "fi": {"calname": "Lakisääteiset määräajat: {name}", "recommended": "Suositus",
           "status": "Tila {day} kirjattujen tietojen mukaan: {status}", "status_plain": "Tila: {status}", "deadline": "Määräaika: {day}",
           "recommended_by": "Suositeltu viimeistään: {day}", "period": "Kausi: {period}",
           "missing": "Puuttuu: {items}", "basis": "Oikeusperusta:", "evidence": "Kirjattu näyttö:",
           "no_evidence": "Näyttöä ei ole vielä kirjattu.", "remind": "Muistutus: {summary} ({day})",
           "next_due": "Seuraava tarkistus viimeistään: {day} (edellisestä hyväksymisestä laskien)",
           "cancelled": "Ei enää velvoite kirjattujen tietojen mukaan: poistettu", "duty": "lakisääteinen velvoite",
           "advice": "suositus", "incentive": "HYTE-lisän indikaattori"},
    "sv": {"calname": "Lagstadgade tidsfrister: {name}", "recommended": "Rekommendation",
           "status": "Status enligt anteckningarna per {day}: {status}", "status_plain": "Status: {status}", "deadline": "Tidsfrist: {day}",
           "recommended_by": "Rekommenderas senast: {day}", "period": "Period: {period}",
           "missing": "Saknas: {items}", "basis": "Rättslig grund:", "evidence": "Antecknade belägg:",
           "no_evidence": "Inga belägg antecknade ännu.", "remind": "Påminnelse: {summary} ({day})",
           "next_due": "Nästa översyn senast: {day} (räknat från det senaste godkännandet)",
           "cancelled": "Inte längre en skyldighet enligt anteckningarna: borttagen", "duty": "lagstadgad skyldighet",
           "advice": "rekommendation", "incentive": "HYTE-tilläggets indikator"},
}
