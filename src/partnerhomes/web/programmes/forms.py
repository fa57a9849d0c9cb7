"""Forms for programmes: the resources that matter (years, grant, objective, each council's and
housing association's money and capacity) as GOV.UK fields and rows, any other programme field
as YAML, or a programme file upload that replaces it all.

An amount by year is written as one number (every year) or as ``2026: 30000000, 2027: ...``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import yaml
from crispy_forms_gds.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet

from partnerhomes.programme.file import OBJECTIVES
from partnerhomes.web.organisations.models import Organisation, Visibility
from partnerhomes.web.schemes.forms import RowForm

MAIN_KEYS = ("name", "description", "is_illustrative", "valuation_date", "years", "grant",
             "councils", "housing_associations")
OBJECTIVE_KEYS = ("kind", "time_limit_seconds")
YAML_SUFFIXES = (".yaml", ".yml")


def _number(value: Any) -> str:
    number = float(value)
    return f"{number:.0f}" if number.is_integer() else f"{number}"


def by_year_text(value: Any) -> str:
    """An amount by year as the form shows it (whole pounds without exponent)."""
    if isinstance(value, dict):
        return ", ".join(f"{year}: {_number(amount)}" for year, amount in value.items())
    return "" if value is None else _number(value)


def by_year_value(text: str) -> float | dict[int, float]:
    """The amount a by-year field holds; raises ``ValidationError``."""
    text = text.strip()
    if not text:
        return 0.0
    try:
        value = yaml.safe_load("{" + text + "}" if ":" in text else text)
        if isinstance(value, dict):
            return {int(year): float(amount) for year, amount in value.items()}
        return float(value)
    except (yaml.YAMLError, TypeError, ValueError) as error:
        raise forms.ValidationError(
            "Give one amount, or amounts by year such as 2026: 30000000, 2027: 40000000"
        ) from error


class ByYearField(forms.CharField):
    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(label=label, required=False, **kwargs)

    def clean(self, value: Any) -> Any:
        return by_year_value(str(super().clean(value) or ""))


class ProgrammeForm(forms.Form):
    name = forms.CharField(label="Programme name", max_length=200)
    owner = forms.ModelChoiceField(label="Organisation", queryset=Organisation.objects.none())
    visibility = forms.ChoiceField(label="Who may see this programme and its plans",
                                   choices=Visibility.choices, required=False)
    description = forms.CharField(label="Description", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    is_illustrative = forms.BooleanField(label="Illustrative (invented resources)",
                                         required=False)
    valuation_date = forms.DateField(label="Valuation date (YYYY-MM-DD)", initial="2026-06-30")
    first_year = forms.IntegerField(label="First financial year", min_value=2000,
                                    max_value=2100)
    last_year = forms.IntegerField(label="Last financial year", min_value=2000, max_value=2100)
    grant = ByYearField("Grant the partnership expects (£ a year, or by year)")
    objective = forms.ChoiceField(label="Objective", choices=[
        (o, o.replace("_", " ").capitalize()) for o in OBJECTIVES])
    time_limit_seconds = forms.FloatField(label="Solver time limit (seconds)", min_value=1,
                                          initial=60)
    other = forms.CharField(
        label="Other programme fields (YAML)", required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "govuk-textarea ph-code"}),
        help_text="sme_frameworks, land_available_from, committed_sites, options, rules, "
                  "mechanisms, objective (target_homes, by_year, gap): "
                  "docs/methodology/programme.md §2")
    programme_file = forms.FileField(
        label="Or upload a programme file (.yaml) to replace everything above", required=False)

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
        for field in self.fields.values():
            if isinstance(field.widget, forms.NumberInput | forms.DateInput):
                field.widget.attrs["class"] = "govuk-input govuk-input--width-10"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_other(self) -> dict[str, Any]:
        text = str(self.cleaned_data.get("other") or "").strip()
        try:
            values = yaml.safe_load(text) if text else {}
        except yaml.YAMLError as error:
            raise forms.ValidationError(f"Not YAML: {error}") from error
        if not isinstance(values, dict):
            raise forms.ValidationError("Write one `field: value` per line.")
        return {str(k): v for k, v in values.items()}

    def clean_programme_file(self) -> str | None:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("programme_file")
        if upload is None:
            return None
        name = upload.name or ""
        if Path(name).suffix.lower() not in YAML_SUFFIXES:
            raise forms.ValidationError(f"{name}: a programme file is .yaml or .yml.")
        if (upload.size or 0) > int(settings.UPLOAD_MAX_BYTES):
            raise forms.ValidationError(f"{name} is larger than the upload limit.")
        content = upload.read()
        if b"\x00" in content:
            raise forms.ValidationError(f"{name} is not a text file.")
        try:
            return str(content.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise forms.ValidationError(f"{name} is not UTF-8 text.") from error

    def document(self, councils: list[dict[str, Any]], associations: list[dict[str, Any]]
                 ) -> dict[str, Any]:
        """The programme document the fields and rows describe (not yet checked)."""
        data = self.cleaned_data
        other = dict(data.get("other") or {})
        objective = {**(other.pop("objective", None) or {}), "kind": data["objective"],
                     "time_limit_seconds": data["time_limit_seconds"]}
        document: dict[str, Any] = {
            "name": data["name"], "description": data.get("description") or "",
            "is_illustrative": bool(data.get("is_illustrative")),
            "valuation_date": data["valuation_date"].isoformat(),
            "years": {"first": data["first_year"], "last": data["last_year"]},
            "grant": data["grant"], "councils": councils,
            "housing_associations": associations, "objective": objective}
        return {**other, **document}

    @staticmethod
    def initial_from(name: str, visibility: str, document: dict[str, Any]) -> dict[str, Any]:
        years = document.get("years") or {}
        objective = dict(document.get("objective") or {})
        other = {k: v for k, v in document.items() if k not in MAIN_KEYS and k != "objective"}
        rest = {k: v for k, v in objective.items() if k not in OBJECTIVE_KEYS}
        if rest:
            other["objective"] = rest
        return {"name": name, "visibility": visibility,
                "description": document.get("description", ""),
                "is_illustrative": document.get("is_illustrative", False),
                "valuation_date": document.get("valuation_date", "2026-06-30"),
                "first_year": years.get("first"), "last_year": years.get("last"),
                "grant": by_year_text(document.get("grant", 0.0)),
                "objective": objective.get("kind", "weighted_affordable_homes"),
                "time_limit_seconds": objective.get("time_limit_seconds", 60),
                "other": yaml.safe_dump(other, sort_keys=False, allow_unicode=True)
                if other else ""}


class CouncilForm(RowForm):
    gss_code = forms.RegexField(regex=r"^[EWSN]\d{8}$", max_length=9)
    name = forms.CharField(max_length=200)
    borrowing_headroom = ByYearField("Borrowing headroom £/year")
    starts_capacity = ByYearField("Council-direct starts/year")
    minimum_affordable_share = forms.FloatField(required=False, min_value=0, max_value=1)
    housing_associations = forms.CharField(required=False, help_text="names, comma-separated")


class AssociationForm(RowForm):
    name = forms.CharField(max_length=200)
    equity = ByYearField("Equity £/year")
    debt_capacity = ByYearField("Debt capacity £/year")
    starts_capacity = ByYearField("Starts/year")


CouncilFormSet = forms.formset_factory(CouncilForm, extra=1, can_delete=True)
AssociationFormSet = forms.formset_factory(AssociationForm, extra=1, can_delete=True)


def council_rows(formset: forms.BaseFormSet[Any]) -> list[dict[str, Any]]:
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        row = {k: v for k, v in data.items() if k != "DELETE" and v not in (None, "")}
        row["housing_associations"] = [n.strip() for n in str(
            data.get("housing_associations") or "").split(",") if n.strip()]
        rows.append(row)
    return rows


def association_rows(formset: forms.BaseFormSet[Any]) -> list[dict[str, Any]]:
    return [{k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")]


def council_initial(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**c, "borrowing_headroom": by_year_text(c.get("borrowing_headroom", 0.0)),
             "starts_capacity": by_year_text(c.get("starts_capacity", 0.0)),
             "housing_associations": ", ".join(c.get("housing_associations") or [])}
            for c in document.get("councils") or []]


def association_initial(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**h, **{k: by_year_text(h.get(k, 0.0))
                     for k in ("equity", "debt_capacity", "starts_capacity")}}
            for h in document.get("housing_associations") or []]
