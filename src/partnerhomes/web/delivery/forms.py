"""Forms for a site's delivery page: a stage's dates and homes by tenure, and the board's
flags (exemplar site, SME builder, carbon standard)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms

from partnerhomes.appraisal.inputs import TENURES
from partnerhomes.reports.delivery import Homes
from partnerhomes.reports.plan_summary import TENURE_LABELS
from partnerhomes.web.delivery.models import CarbonStandard, DeliveryStage, Stage


def _helper(name: str, label: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.add_input(Submit(name, label))
    return helper


def _date(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False, help_text="For example, 2027-03-31",
                           widget=forms.DateInput(attrs={"type": "date"}))


class StageForm(forms.Form):
    prefix = "stage"
    stage = forms.ChoiceField(label="Stage", choices=Stage.choices)
    planned = _date("Planned date (optional)")
    actual = _date("Actual date (blank until it happens)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for tenure in TENURES:
            self.fields[f"homes_{tenure}"] = forms.IntegerField(
                label=f"Homes: {TENURE_LABELS[tenure]}", min_value=0, required=False,
                initial=0, widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}))
        self.helper = _helper("record_stage", "Record stage")

    def homes(self) -> Homes:
        """The homes by tenure entered (blank is none)."""
        return Homes(**{t: int(self.cleaned_data.get(f"homes_{t}") or 0) for t in TENURES})

    @staticmethod
    def initial_from(stage: DeliveryStage) -> dict[str, Any]:
        return {"stage": stage.stage, "planned": stage.planned, "actual": stage.actual,
                **{f"homes_{t}": getattr(stage, f"homes_{t}") for t in TENURES}}


class FlagsForm(forms.Form):
    prefix = "flags"
    exemplar = forms.BooleanField(label="Exemplar site", required=False)
    sme_builder = forms.BooleanField(label="Built by an SME builder", required=False)
    carbon_standard = forms.ChoiceField(label="Carbon standard", required=False,
                                        choices=CarbonStandard.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("save_flags", "Save")
