"""The words of choice values (a record's decision, a designation's role, what a plan includes),
for every output that shows a value to a person: the web form and pages, and the template's
instructions ("päätös: hyväksytty", not "päätös: approved"). A value that is a kind is named by the
kind's name in its pack.
"""

from __future__ import annotations

from velvoite.i18n import N_, tr
from velvoite.records.kinds import catalogue

VALUES = {  # the words of choice values that are not kinds (a kind is named by its name)
    "approved": N_("approved"), "noted": N_("noted"),
    "coordinator": N_("coordinator"), "steering_group": N_("steering group"), "official": N_("official"),
    "service_strategy": N_("service strategy"), "child_physical_activity": N_("children's physical activity"),
    "lifestyles": N_("lifestyles"), "joint_goals": N_("joint goals"),
    "employment": N_("employment"), "immigration": N_("immigration and integration"),
    "hyte": N_("health and wellbeing"), "security": N_("security and preparedness"),
    "children_families": N_("children and families"),
}


# what one handling of an item decided (velvoite harvest's proposals: the CLI table and the review page)
DECISION_WORDS = {"approved": N_("approved"), "noted": N_("noted"), "tabled": N_("tabled"),
                  "returned": N_("returned for preparation"), "proposed": N_("proposed to another body"),
                  "statement": N_("a statement"), "other": N_("other")}


def body_word(body: str, lang: str) -> str:
    """A body tier (council, board, committee, officer, other) in words."""
    from velvoite.records.body import BODIES
    from velvoite.words.reports import BODY_WORDS

    return BODY_WORDS[lang][BODIES.index(body)] if body in BODIES else body


def kind_word(kind: str, lang: str) -> str:
    found = catalogue().get(kind)
    return (found.names.get(lang) or kind) if found else kind


def value_word(value: str, lang: str) -> str:
    """A choice value in words: a kind by its name, else its word, else as it is."""
    if value in catalogue():
        return kind_word(value, lang)
    return tr(lang, VALUES[value]) if value in VALUES else value
