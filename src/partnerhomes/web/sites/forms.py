"""Forms for sites: the list's filters and the register upload (size and type checked)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.safestring import SafeString

from partnerhomes.sites.councils import council_names
from partnerhomes.sites.record import CATEGORIES, PIPELINE_STAGES, PLANNING_STATUSES
from partnerhomes.web.organisations.models import Organisation, Visibility

XLSX_MAGIC = b"PK\x03\x04"


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [("", "Any"), *[(v, v.replace("_", " ").capitalize()) for v in values]]


class SiteFilterForm(forms.Form):
    """The site list's filters (GET)."""

    text = forms.CharField(label="Name, address or reference contains", required=False)
    gss_code = forms.ChoiceField(label="Council", required=False)
    category = forms.ChoiceField(label="Category", required=False, choices=_choices(CATEGORIES))
    pipeline_stage = forms.ChoiceField(label="Pipeline stage", required=False,
                                       choices=_choices(PIPELINE_STAGES))
    planning_status = forms.ChoiceField(label="Planning status", required=False,
                                        choices=_choices(PLANNING_STATUSES))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        councils = sorted(council_names().items(), key=lambda item: item[1])
        cast(forms.ChoiceField, self.fields["gss_code"]).choices = [("", "Any"),
                                           *[(c, f"{n} ({c})") for c, n in councils]]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("filter", "Filter"))


FilterKey = tuple[tuple[str, str], ...]


def filter_key(query: Any) -> FilterKey:
    """The filter fields of a query string, in a fixed order (the page number left out)."""
    return tuple((name, str(query.get(name, ""))) for name in SiteFilterForm.base_fields
                 if query.get(name))


@lru_cache(maxsize=512)
def filter_form_html(key: FilterKey) -> SafeString:
    """The filter form's HTML for these filters: it depends on them alone (a GET form has no
    CSRF token), so it is rendered once per distinct filter and kept (most recent 512)."""
    form = SiteFilterForm(dict(key) or None)
    form.is_valid()
    html: SafeString = render_crispy_form(form)
    return html


def check_upload(upload: UploadedFile[bytes]) -> UploadedFile[bytes]:
    """Refuse files over the size limit, of other types, or whose content is not their type."""
    name = upload.name or ""
    limit = int(settings.UPLOAD_MAX_BYTES)
    if (upload.size or 0) > limit:
        raise forms.ValidationError(
            f"{name} is {upload.size:,} bytes; the limit is {limit:,} bytes.")
    suffix = Path(name).suffix.lower()
    head = upload.read(8192)
    upload.seek(0)
    if suffix == ".xlsx":
        if not head.startswith(XLSX_MAGIC):
            raise forms.ValidationError(f"{name} is named .xlsx but is not an Excel workbook.")
    elif suffix == ".csv":
        if b"\x00" in head or head.startswith(XLSX_MAGIC):
            raise forms.ValidationError(f"{name} is named .csv but is not a text file.")
    else:
        raise forms.ValidationError(f"{name}: only .csv and .xlsx files can be imported.")
    return upload


class ImportForm(forms.Form):
    """Upload a register or partner site list, for one of the user's organisations."""

    file = forms.FileField(label="Register or partner site list (.csv or .xlsx)")
    owner = forms.ModelChoiceField(label="Import for organisation",
                                   queryset=Organisation.objects.none())
    visibility = forms.ChoiceField(label="Who may see these sites", choices=Visibility.choices,
                                   required=False,
                                   help_text="Leave as default: housing associations' sites are "
                                             "private, others' are shared with partners.")
    gss_code = forms.CharField(label="Council GSS code (single-council files without one)",
                               required=False, max_length=9)

    def __init__(self, *args: Any, owners: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Organisation]", self.fields["owner"]).queryset = owners
        visibility = cast(forms.ChoiceField, self.fields["visibility"])
        visibility.choices = [("", "Default for the organisation"), *Visibility.choices]
        self.helper = FormHelper()
        self.helper.add_input(Submit("import", "Import"))

    def clean_file(self) -> UploadedFile[bytes]:
        return check_upload(cast("UploadedFile[bytes]", self.cleaned_data["file"]))


class VisibilityForm(forms.Form):
    """Change who may see a record."""

    visibility = forms.ChoiceField(label="Who may see this", choices=Visibility.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save visibility"))
