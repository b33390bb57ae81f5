"""The record form: one field per field of the record format, with drop-downs from the registry
and the packs. The form only collects what was written; the record is checked by the same loader
as a file, so the messages are the same, shown at the field they are about."""

from __future__ import annotations

from django import forms

from velvoite.records.body import BODIES
from velvoite.records.kinds import catalogue, pack_fields
from velvoite.words.reports import BODY_WORDS

TEXT_FIELDS = ("reference", "url", "notes")


class RecordForm(forms.Form):
    def __init__(self, *args, orgs, lang: str, words: dict, **kwargs):
        super().__init__(*args, **kwargs)
        # Nothing is required here: what is missing or wrong is said by the loader, in the words of
        # the file errors, all at once (a form rule would answer first, in other words).
        self.fields["org"] = forms.ChoiceField(label=words["org"], choices=[(o.id, o.name(lang)) for o in orgs],
                                               required=False)
        self.fields["kind"] = forms.ChoiceField(label=words["kind"], required=False, choices=[("", "—")] + sorted(
            ((k.id, k.names.get(lang) or k.id) for k in catalogue().values()), key=lambda c: c[1].casefold()))
        self.fields["date"] = forms.CharField(label=words["date"], max_length=40, required=False,
                                              help_text=words["for_example"].format(example="31.12.2026"))
        self.fields["body"] = forms.ChoiceField(label=words["body"], required=False, choices=[("", words["none"])] + [
            (b, word) for b, word in zip(BODIES, BODY_WORDS[lang])])  # the sheets' words (velvoite template)
        self.fields["participants"] = forms.CharField(label=words["participants"], required=False, max_length=4000)
        for name in TEXT_FIELDS:
            self.fields[name] = forms.CharField(label=words[name], required=False, max_length=4000)
        for name, decl in pack_fields().items():
            label = decl.names.get(lang) or name.replace("_", " ")
            label = label[:1].upper() + label[1:]
            if decl.type == "yes_no":
                self.fields[name] = forms.ChoiceField(label=label, required=False,
                                                      choices=[("", "—"), ("true", "✓"), ("false", "✗")])
            elif decl.type == "choice":
                self.fields[name] = forms.ChoiceField(label=label, required=False,
                                                      choices=[("", "—")] + [(v, v) for v in decl.values])
            else:
                self.fields[name] = forms.CharField(label=label, required=False, max_length=4000)

    def mapping(self) -> dict:
        """What was written, as a record in the record format (empty fields left out)."""
        return {name: value.strip() for name, value in self.cleaned_data.items() if value and value.strip()}

    def show(self, errors) -> None:
        """velvoite's located errors at the fields they name (any other above the form)."""
        for exc in errors:
            field = getattr(exc, "field", None)
            self.add_error(field if field in self.fields else None, getattr(exc, "message", str(exc)))
