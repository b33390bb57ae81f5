"""The password rules of a workspace (``AUTH_PASSWORD_VALIDATORS``): Django's, said in the run's
or the request's language. Django 5.2 ships no Finnish words for its length rule, so a Finnish
``velvoite users add`` said "This password is too short" in English; that one message is
velvoite's own, from its catalogues, in the language Django is speaking (``users`` and the API set
it to velvoite's). The common-password rule is Django's, in Django's own translations."""

from __future__ import annotations

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.utils import translation

from velvoite.i18n import ntr, resolve


class MinimumLength(MinimumLengthValidator):
    def get_error_message(self) -> str:
        lang = resolve(translation.get_language())
        return ntr(lang, "This password is too short: it must have at least {n} character.",
                   "This password is too short: it must have at least {n} characters.",
                   self.min_length).format(n=self.min_length)

    def get_help_text(self) -> str:
        lang = resolve(translation.get_language())
        return ntr(lang, "A password has at least {n} character.", "A password has at least {n} characters.",
                   self.min_length).format(n=self.min_length)
