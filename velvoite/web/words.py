"""The words of the web pages, marked for the message catalogue (``make messages``) and given to
the templates translated into the page's language."""

from __future__ import annotations

from velvoite.i18n import N_, tr

WORDS = {
    "title": N_("velvoite: statutory duties of municipalities and counties"),
    "login": N_("Log in"),
    "logout": N_("Log out"),
    "email": N_("E-mail"),
    "password": N_("Password"),
    "login_failed": N_("Wrong e-mail or password."),
    "throttled": N_("Too many failed logins: try again in 15 minutes."),
    "records": N_("Records"),
    "new_record": N_("New record"),
    "save": N_("Save"),
    "saved": N_("Saved: {id}"),
    "fix": N_("Fix the fields marked below; nothing was saved."),
    "org": N_("Organisation"),
    "kind": N_("Activity"),
    "date": N_("Date"),
    "body": N_("Deciding body"),
    "participants": N_("Participants (names separated by ;)"),
    "reference": N_("Decision reference"),
    "url": N_("Link"),
    "notes": N_("Notes"),
    "none": N_("(none)"),
    "audit": N_("Audit"),
    "status": N_("Status"),
    "rule": N_("Duty"),
    "period": N_("Period"),
    "deadline": N_("Deadline"),
    "why": N_("Why"),
    "legal_basis": N_("Legal basis"),
    "calendar": N_("Calendar subscription"),
    "calendar_help": N_("Add this address to Outlook, Google or Apple Calendar as a subscription:"),
    "region_report": N_("Region report"),
    "national_report": N_("National report"),
    "no_records": N_("No records yet."),
    "language": N_("Language"),
    "change": N_("Change"),
    "history": N_("History"),
    "signed_in_as": N_("Signed in as {user} ({role}, {org})"),
    "read_only": N_("You can read these records; only their organisation can change them."),
    "choose_org": N_("Organisation to show"),
    "show": N_("Show"),
    "forbidden": N_("You do not have access to this."),
    "remove": N_("Remove this record"),
    "when": N_("When"),
    "who": N_("Who"),
    "what": N_("What was done"),
    "actions": {"create": N_("added"), "update": N_("changed"), "delete": N_("removed"),
                "confirm": N_("confirmed by a participant"), "restore": N_("restored")},
    "confirm": N_("Confirm that {org} took part"),
    "confirm_help": N_("This record was stored by another organisation and lists yours as a participant. It "
                       "counts for your organisation's duties only once you confirm it (a change to the "
                       "record needs confirming again)."),
    "confirmed_by": N_("Confirmed by participants"),
    "roles": {"editor": N_("editor"), "coordinator": N_("coordinator"), "analyst": N_("analyst"),
              "admin": N_("administrator")},
    "value": N_("Value"),
    "for_example": N_("for example {example}"),
    "field": N_("Field"),
    "kind_help": N_("Choose the activity first: the form then shows the fields it carries."),
    "choose_kind": N_("Show its fields"),
    "required_note": N_("Fields marked * are required."),
    "yes": N_("yes"),
    "no": N_("no"),
    "before": N_("Before"),
    "after": N_("After"),
    "removed": N_("Removed: {record}. You can undo it from its history."),
    "open_history": N_("History and undo"),
    "remove_title": N_("Remove this record?"),
    "remove_help": N_("The record is removed from the audit, the reports and the calendar. Its history is kept, "
                      "and the removal can be undone there."),
    "remove_yes": N_("Yes, remove it"),
    "cancel": N_("Cancel"),
    "undo": N_("Undo the removal (restore this record)"),
    "removed_state": N_("This record has been removed."),
    "help": N_("Help"),
    "own_audit": N_("Our audit"),
    "proposals": N_("Proposals"),
    "help_records": N_("Recording: choose the activity first, then fill in the fields it shows. Dates are "
                       "written as 14.3.2025. A removed record can be restored from its history."),
    "help_feed": N_("The calendar feed: your own feed address is on the page Calendar subscription. Copy it "
                    "and add it to your calendar as a subscription; the calendar then follows the deadlines."),
    "help_outlook": N_("Outlook: Calendar → Add calendar → Subscribe from web, paste the address, Import."),
    "help_google": N_("Google Calendar: Other calendars → + → From URL, paste the address, Add calendar."),
    "help_iphone": N_("iPhone: Settings → Calendar → Accounts → Add Account → Other → Add Subscribed "
                      "Calendar, paste the address, Next, Save."),
}


def translated(table: dict, lang: str) -> dict:
    """A table of marked words (one level of nesting) in ``lang``."""
    return {key: {k: tr(lang, v) for k, v in text.items()} if isinstance(text, dict) else tr(lang, text)
            for key, text in table.items()}


def words(lang: str) -> dict:
    return translated(WORDS, lang)
