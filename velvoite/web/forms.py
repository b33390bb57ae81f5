"""The record form, made for the person keeping the records: the kind is chosen first (by its
name), then only the fields that kind carries are shown, each with a one-line help text in the
page's language, the required ones marked; choices by their words, dates as ``D.M.YYYY`` in fi
and sv. The form only collects what was written; the record is checked by the same loader as a
file, so the messages are the same, shown at the field they are about."""

from __future__ import annotations

from django import forms

from velvoite.i18n import _
from velvoite.records.body import BODIES
from velvoite.records.kinds import catalogue, date_fields, org_list_fields, pack_fields
from velvoite.web.record_words import (body_word, date_word, field_of_kind, help_text, label, org_word,
                                       required_of, value_word)


def kind_choices(lang: str) -> list[tuple[str, str]]:
    """Every kind by its name in ``lang``, alphabetically."""
    return [("", "—")] + sorted(((k.id, k.names.get(lang) or k.id) for k in catalogue().values()),
                                key=lambda c: c[1].casefold())


def initial_of(values: dict, registry, lang: str) -> dict:
    """A stored record's values as the form shows them: dates as the language writes them,
    organisations by their names, yes/no as true/false."""
    out: dict = {}
    for name, value in values.items():
        if name == "id":
            continue
        if isinstance(value, bool):
            out[name] = str(value).lower()
        elif name in org_list_fields() and isinstance(value, list):
            out[name] = "; ".join(org_word(v, registry, lang) for v in value)
        elif isinstance(value, list):
            declared = pack_fields().get(name)
            out[name] = value if declared is not None and declared.type == "choices" else "; ".join(map(str, value))
        elif name in date_fields():
            out[name] = date_word(value, lang)
        else:
            out[name] = value
    return out


class OnceEach(forms.Form):
    """A form whose fields each take one value: a field sent twice (a crafted post, never a
    browser's) is refused at that field instead of its last value kept in silence."""

    def clean(self):
        data = super().clean()
        given = getattr(self.data, "getlist", None)
        for name, field in self.fields.items():
            if given is not None and not isinstance(field, forms.MultipleChoiceField) and len(given(name)) > 1:
                self.add_error(name, _("this field was sent more than once; send one value"))
        return data


class RecordForm(OnceEach):
    def __init__(self, *args, orgs, lang: str, words: dict, kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Nothing is required here: what is missing or wrong is said by the loader, in the words of
        # the file errors, all at once (a form rule would answer first, in other words).
        chosen = (self.data.get("kind") if self.is_bound else None) or kind or self.initial.get("kind") or ""
        self.kind = chosen if chosen in catalogue() else ""
        # the kind chosen stays chosen in the form (its select showed the first kind of the list, so
        # saving turned the record into another kind)
        self.fields["kind"] = forms.ChoiceField(label=words["kind"], required=False, choices=kind_choices(lang),
                                                help_text=words["kind_help"], initial=self.kind)
        for name in field_of_kind(self.kind):
            self.fields[name] = self._field(name, orgs, lang, words)
            self.fields[name].help_text = help_text(name, lang)
        # the fields this kind cannot be saved without, marked "*" (the legend says so) and announced
        # as required; the form is sent unvalidated by the browser (novalidate), so the loader still
        # says what is missing, in its words
        for name in required_of(self.kind) & set(self.fields):
            self.fields[name].label += " *"
            self.fields[name].widget.attrs.update({"required": True, "aria-required": "true"})

    @staticmethod
    def _field(name: str, orgs, lang: str, words: dict) -> forms.Field:
        text = label(name, lang)
        if name == "org":
            return forms.ChoiceField(label=text, choices=[(o.id, o.name(lang)) for o in orgs], required=False)
        if name == "body":
            return forms.ChoiceField(label=text, required=False,
                                     choices=[("", words["none"])] + [(b, body_word(b, lang)) for b in BODIES])
        declared = pack_fields().get(name)
        kind = declared.type if declared is not None else ""
        if kind == "yes_no":
            return forms.ChoiceField(label=text, required=False, choices=[("", "—"), ("true", words["yes"]),
                                                                           ("false", words["no"])])
        if kind == "choice":
            return forms.ChoiceField(label=text, required=False,
                                     choices=[("", "—")] + [(v, value_word(v, lang)) for v in declared.values])
        if kind == "choices":
            return forms.MultipleChoiceField(label=text, required=False, widget=forms.CheckboxSelectMultiple,
                                             choices=[(v, value_word(v, lang)) for v in declared.values])
        return forms.CharField(label=text, required=False, max_length=4000)

    def mapping(self) -> dict:
        """What was written, as a record in the record format (empty fields left out)."""
        out = {}
        for name, value in self.cleaned_data.items():
            if isinstance(value, list):
                value = "; ".join(value)
            if value and value.strip():
                out[name] = value.strip()
        return out

    def show(self, errors) -> None:
        """velvoite's located errors at the fields they name (any other above the form)."""
        for exc in errors:
            field = getattr(exc, "field", None)
            self.add_error(field if field in self.fields else None, getattr(exc, "message", str(exc)))
