"""Assumption pages: the parameter list, one parameter, overlays."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from partnerhomes.parameters import ParameterError
from partnerhomes.web.assumptions import selectors, services
from partnerhomes.web.assumptions.forms import OverlayForm, ParameterFilterForm
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.selectors import organisation_list_writable


@login_required
def parameter_list(request: HttpRequest) -> HttpResponse:
    form = ParameterFilterForm(request.GET or None)
    at = form.as_at()
    prefix = form.cleaned_data.get("starts_with", "") if form.is_valid() else ""
    rows = selectors.parameter_rows(selectors.base_tree(), at, prefix.strip())
    return render(request, "assumptions/parameter_list.html", {
        "form": form, "rows": rows, "at": at,
        "overlays": selectors.overlay_list_visible_to(request.user)})


@login_required
def parameter_detail(request: HttpRequest, name: str) -> HttpResponse:
    tree = selectors.base_tree()
    if name not in tree:
        raise Http404(f"No parameter named {name}.")
    parameter = tree[name]
    today = dt.date.today()
    overlay_values = []
    for overlay in selectors.overlay_list_visible_to(request.user):
        try:
            value = selectors.value_text(selectors.overlay_tree(overlay)[name].value(today))
        except ParameterError:
            continue
        overlay_values.append((overlay, value))
    places = [(place, [(e.start.isoformat(), selectors.value_text(e.value), e.status,
                        e.reference.as_text() if e.reference else "") for e in series])
              for place, series in parameter.places.items()]
    return render(request, "assumptions/parameter_detail.html", {
        "parameter": parameter, "places": places, "overlay_values": overlay_values,
        "references": [r.as_text() for r in parameter.references]})


@login_required
@require_http_methods(["GET", "POST"])
def overlay_create(request: HttpRequest) -> HttpResponse:
    access.require_writer_somewhere(request.user)
    form = OverlayForm(request.POST or None, owners=organisation_list_writable(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            overlay = services.overlay_create(
                actor=access.signed_in(request), owner=form.cleaned_data["owner"],
                text=form.cleaned_data["text"], visibility=form.cleaned_data["visibility"])
        except services.OverlayError as error:
            form.add_error("text", str(error))
        else:
            return redirect("overlay_detail", overlay_id=overlay.pk)
    return render(request, "assumptions/overlay_form.html", {"form": form})


@login_required
def overlay_detail(request: HttpRequest, overlay_id: int) -> HttpResponse:
    overlay = selectors.overlay_get_visible_to(request.user, overlay_id)
    return render(request, "assumptions/overlay_detail.html", {"overlay": overlay})
