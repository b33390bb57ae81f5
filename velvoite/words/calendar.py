"""Words of the calendar entries (English message ids; their Finnish and Swedish in velvoite/locale)."""

from __future__ import annotations

from velvoite.i18n import N_, Words

WORDS = Words({
    "calname": N_("Statutory deadlines: {name}"), "recommended": N_("Recommended"),
    "status": N_("Status as of the records of {day}: {status}"), "status_plain": N_("Status: {status}"),
    "deadline": N_("Deadline: {day}"), "recommended_by": N_("Recommended by: {day}"), "period": N_("Period: {period}"),
    "missing": N_("Missing: {items}"), "basis": N_("Legal basis:"), "evidence": N_("Evidence recorded:"),
    "no_evidence": N_("No evidence recorded yet."), "remind": N_("Reminder: {summary} ({day})"),
    "next_due": N_("Next review due: {day} (counted from the last approval)"),
    "cancelled": N_("No longer an obligation on the record data: removed"), "duty": N_("statutory duty"),
    "advice": N_("recommendation"), "incentive": N_("HYTE supplement indicator"),
})
