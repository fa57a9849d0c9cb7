"""Forms for schemes: the scheme's fields, its phases and unit schedule as rows, a schedule
upload, and the choice of organisation for a site's typology scheme."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import yaml
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet

from partnerhomes.appraisal.assumptions import AFFORDABLE_PAYMENTS, STANDARDS
from partnerhomes.appraisal.inputs import TENURES
from partnerhomes.sites.councils import council_names
from partnerhomes.web.organisations.models import Organisation, Visibility
from partnerhomes.web.schemes.appraising import SCHEME_FIELDS, UNIT_FIELDS
from partnerhomes.web.sites.forms import check_upload

MAIN_FIELDS = ("site_name", "gss_code", "valuation_date", "hectares", "land_type", "cil_zone",
               "standard", "affordable_payment", "land_price", "benchmark_land_value",
               "existing_use_value_per_ha", "abnormals", "other_contributions")
"""Scheme fields with a form field of their own; the rest go in "other inputs"."""
OTHER_FIELDS = tuple(f for f in SCHEME_FIELDS if f not in MAIN_FIELDS)


def _choices(values: tuple[str, ...], blank: str) -> list[tuple[str, str]]:
    return [("", blank), *[(v, v.replace("_", " ").capitalize()) for v in values]]


def _money(label: str) -> forms.FloatField:
    return forms.FloatField(label=label, required=False, help_text="£; blank: from parameters/")


class SchemeForm(forms.Form):
    """The scheme's own fields (names as in the scheme file format)."""

    name = forms.CharField(label="Scheme name", max_length=200)
    owner = forms.ModelChoiceField(label="Organisation", queryset=Organisation.objects.none())
    visibility = forms.ChoiceField(label="Who may see this scheme and its appraisals",
                                   choices=Visibility.choices, required=False)
    site_name = forms.CharField(label="Site name or address", required=False)
    gss_code = forms.ChoiceField(label="Council")
    valuation_date = forms.DateField(label="Valuation date (YYYY-MM-DD)",
                                     initial=dt.date.today)
    hectares = forms.FloatField(label="Site area (hectares)", min_value=0.0001)
    land_type = forms.ChoiceField(label="Land type", choices=[("brownfield", "Brownfield"),
                                                               ("greenfield", "Greenfield")])
    cil_zone = forms.IntegerField(label="CIL zone (where the council has zones)",
                                  required=False)
    standard = forms.ChoiceField(label="Build standard", required=False,
                                 choices=_choices(STANDARDS, "From parameters/"))
    affordable_payment = forms.ChoiceField(
        label="Affordable homes paid for", required=False,
        choices=_choices(AFFORDABLE_PAYMENTS, "From parameters/"))
    land_price = forms.FloatField(label="Land price paid", required=False,
                                  help_text="£; blank: residual mode (solve for the land value)")
    benchmark_land_value = _money("Benchmark land value")
    existing_use_value_per_ha = _money("Existing use value per hectare")
    abnormals = _money("Abnormal costs")
    other_contributions = _money("Other contributions")
    other_inputs = forms.CharField(
        label="Other inputs (YAML: field: value)", required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Any other scheme field, e.g. debit_rate: 0.08. Fields: "
                  + ", ".join(OTHER_FIELDS))
    schedule = forms.FileField(
        label="Upload a unit schedule (.csv or .xlsx) to replace the rows below",
        required=False,
        help_text="One row per unit type × tenure × phase; columns " + ", ".join(UNIT_FIELDS))

    def __init__(self, *args: Any, owners: QuerySet[Organisation] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if owners is None:
            del self.fields["owner"]
        else:
            cast("forms.ModelChoiceField[Organisation]", self.fields["owner"]).queryset = owners
            cast(forms.ChoiceField, self.fields["visibility"]).choices = [
                ("", "Default (housing associations: private; others: partnership)"),
                *Visibility.choices]
        councils = sorted(council_names().items(), key=lambda item: item[1])
        cast(forms.ChoiceField, self.fields["gss_code"]).choices = [
            ("default", "Anywhere else (default parameters)"),
            *[(code, f"{name} ({code})") for code, name in councils]]
        for field in self.fields.values():
            if isinstance(field.widget, forms.NumberInput | forms.DateInput):
                field.widget.attrs["class"] = "govuk-input govuk-input--width-10"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_other_inputs(self) -> dict[str, Any]:
        text = str(self.cleaned_data.get("other_inputs") or "").strip()
        if not text:
            return {}
        try:
            values = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise forms.ValidationError(f"Not YAML: {error}") from error
        if not isinstance(values, dict):
            raise forms.ValidationError("Write one `field: value` per line.")
        unknown = [str(k) for k in values if k not in OTHER_FIELDS]
        if unknown:
            raise forms.ValidationError(f"Not a scheme field: {', '.join(unknown)}")
        return {str(k): v for k, v in values.items()}

    def clean_schedule(self) -> UploadedFile[bytes] | None:
        upload = self.cleaned_data.get("schedule")
        return check_upload(upload) if upload else None

    def scheme_inputs(self) -> dict[str, Any]:
        """The scheme fields as scheme-file values (blanks left out)."""
        data = self.cleaned_data
        inputs: dict[str, Any] = {field: data[field] for field in MAIN_FIELDS
                                  if data.get(field) not in (None, "")}
        if isinstance(inputs.get("valuation_date"), dt.date):
            inputs["valuation_date"] = inputs["valuation_date"].isoformat()
        inputs.update(data.get("other_inputs") or {})
        return inputs

    @staticmethod
    def initial_from(name: str, visibility: str, inputs: dict[str, Any]) -> dict[str, Any]:
        main = {field: inputs[field] for field in MAIN_FIELDS if field in inputs}
        other = {field: inputs[field] for field in OTHER_FIELDS if field in inputs}
        return {"name": name, "visibility": visibility, **main,
                "other_inputs": yaml.safe_dump(other, sort_keys=False) if other else ""}


class RowForm(forms.Form):
    """A table row of inputs in the GOV.UK style."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "govuk-select" if is_select else "govuk-input"


class PhaseForm(RowForm):
    phase = forms.IntegerField(min_value=1)
    start_month = forms.IntegerField(required=False, min_value=0)
    build_months = forms.IntegerField(required=False, min_value=1)
    end_month = forms.IntegerField(required=False, min_value=0)
    sales_start_month = forms.IntegerField(required=False, min_value=0)
    sales_rate_per_outlet = forms.FloatField(required=False, min_value=0)
    outlets = forms.IntegerField(required=False, min_value=1)


class UnitForm(RowForm):
    phase = forms.IntegerField(min_value=1, initial=1)
    tenure = forms.ChoiceField(choices=[(t, t.replace("_", " ").capitalize()) for t in TENURES])
    unit_type = forms.CharField(max_length=40, initial="house_3_bed")
    count = forms.FloatField(min_value=0)
    gia_m2 = forms.FloatField(required=False, min_value=0)
    market_value = forms.FloatField(required=False, min_value=0)
    market_value_per_m2 = forms.FloatField(required=False, min_value=0)
    rent_per_week = forms.FloatField(required=False, min_value=0)
    build_cost_per_m2 = forms.FloatField(required=False, min_value=0)


PhaseFormSet = forms.formset_factory(PhaseForm, extra=1, can_delete=True)
UnitFormSet = forms.formset_factory(UnitForm, extra=2, can_delete=True)


def formset_rows(formset: forms.BaseFormSet[Any]) -> list[dict[str, Any]]:
    """The filled, undeleted rows of a valid formset."""
    return [{k: v for k, v in form.cleaned_data.items() if k != "DELETE" and v is not None}
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")]


class SiteAppraisalForm(forms.Form):
    """Which of the user's organisations owns the site's typology scheme."""

    owner = forms.ModelChoiceField(label="Appraise for organisation",
                                   queryset=Organisation.objects.none())

    def __init__(self, *args: Any, owners: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Organisation]", self.fields["owner"])
        field.queryset = owners
        field.empty_label = None  # the user's first organisation is chosen unless changed
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("appraise", "Appraise this site"))
