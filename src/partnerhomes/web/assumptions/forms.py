"""Forms for assumptions: the list's filter and a new overlay."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.db.models import QuerySet

from partnerhomes.web.organisations.models import Organisation, Visibility

EXAMPLE = """name: our-build-costs
description: Our own build cost assumption.
reference: {title: "Our cost plan", note: "QS estimate, 2026"}
parameters:
  finance.debit_rate:
    values: {2026-04-01: 0.08}
"""


class ParameterFilterForm(forms.Form):
    starts_with = forms.CharField(label="Name starts with", required=False)
    at = forms.DateField(label="As at (YYYY-MM-DD)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("show", "Show"))

    def as_at(self) -> dt.date:
        found = self.cleaned_data.get("at") if self.is_valid() else None
        return found if isinstance(found, dt.date) else dt.date.today()


class OverlayForm(forms.Form):
    owner = forms.ModelChoiceField(label="Organisation", queryset=Organisation.objects.none())
    visibility = forms.ChoiceField(label="Who may see it", choices=Visibility.choices,
                                   initial=Visibility.PRIVATE)
    text = forms.CharField(label="Overlay (YAML, see parameters/README.md)",
                           widget=forms.Textarea(attrs={"rows": 12}), initial=EXAMPLE)

    def __init__(self, *args: Any, owners: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Organisation]", self.fields["owner"]).queryset = owners
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save overlay"))
