"""The delivery route comparison page: choose a scheme you may see, give or upload route
definitions (the documented example to start from), see every route side by side, download the
Excel workbook. Comparing stores nothing, so anyone who may see the scheme may compare."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from partnerhomes.web.assumptions.selectors import base_tree
from partnerhomes.web.schemes import selectors, vehicles


class RoutesForm(forms.Form):
    scheme = forms.TypedChoiceField(label="Scheme", coerce=int,
                                    widget=forms.Select(attrs={"class": "govuk-select"}))
    routes = forms.CharField(
        label="Partners and routes (YAML)", initial=vehicles.EXAMPLE_ROUTES,
        widget=forms.Textarea(attrs={"rows": 18, "class": "govuk-textarea ph-code"}),
        help_text="The route definition format of docs/methodology/vehicles.md §3; the "
                  "documented example is filled in to start from.")
    routes_file = forms.FileField(label="Or upload route definitions (.yaml)", required=False)

    def __init__(self, *args: Any, schemes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["scheme"]).choices = schemes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload: UploadedFile[bytes] | None = data.get("routes_file")
        if upload is not None:
            name = upload.name or ""
            if Path(name).suffix.lower() not in (".yaml", ".yml"):
                raise forms.ValidationError(f"{name}: route definitions are .yaml or .yml.")
            if (upload.size or 0) > int(settings.UPLOAD_MAX_BYTES):
                raise forms.ValidationError(f"{name} is larger than the upload limit.")
            try:
                data["routes"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(f"{name} is not UTF-8 text.") from error
            self.errors.pop("routes", None)
        return data


@login_required
@require_http_methods(["GET", "POST"])
def vehicle_compare(request: HttpRequest) -> HttpResponse:
    choices = [(s.pk, f"{s.name} ({s.owner.name})")
               for s in selectors.scheme_list_visible_to(request.user)[:500]]
    table = None
    if request.method == "POST":
        form = RoutesForm(request.POST, request.FILES, schemes=choices)
        scheme_id = request.POST.get("scheme", "")
        if scheme_id.isdigit():  # a scheme you may not see is 404, as everywhere
            selectors.scheme_get_visible_to(request.user, int(scheme_id))
        if form.is_valid():
            scheme = selectors.scheme_get_visible_to(request.user, form.cleaned_data["scheme"])
            try:
                table, workbook = vehicles.compare(scheme.inputs, scheme.name,
                                                   form.cleaned_data["routes"], base_tree())
            except vehicles.RoutesError as error:
                form.add_error("routes", str(error))
            else:
                if "download" in request.POST:
                    response = HttpResponse(workbook, content_type=(
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                    name = slugify(scheme.name)[:60] or "scheme"
                    response["Content-Disposition"] = (
                        f'attachment; filename="{name}-routes.xlsx"')
                    return response
    else:
        initial = {"scheme": request.GET.get("scheme", "")}
        form = RoutesForm(initial=initial, schemes=choices)
    return render(request, "schemes/vehicles.html", {"form": form, "table": table,
                                                     "has_schemes": bool(choices)})
