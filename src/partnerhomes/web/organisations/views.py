"""Sign-in, sign-out, the account page (memberships, API tokens, the audit log, password), and
the administration of organisations (details, members and roles) and partnerships."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from partnerhomes.web.organisations import access, selectors, services
from partnerhomes.web.organisations.forms import (
    MemberAddForm,
    MemberRoleForm,
    OrganisationForm,
    PartnershipAddForm,
)
from partnerhomes.web.organisations.models import Organisation
from partnerhomes.web.organisations.services import AdministrationError
from partnerhomes.web.organisations.signin import ThrottledAuthenticationForm

signin = auth_views.LoginView.as_view(template_name="organisations/signin.html",
                                      authentication_form=ThrottledAuthenticationForm,
                                      redirect_authenticated_user=True)
signout = auth_views.LogoutView.as_view()


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    token = ""
    if request.method == "POST" and isinstance(request.user, User):
        name = request.POST.get("name", "").strip() or "script"
        token = services.api_token_create(user=request.user, name=name[:100])
    return render(request, "organisations/account.html", {
        "memberships": selectors.membership_list(request.user), "token": token,
        "events": selectors.audit_list_for(request.user)})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (an initial password is meant to be changed here); audited."""

    template_name = "organisations/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.audit_record(actor=self.request.user, organisation=None,
                              action="password_change", object_type="user",
                              object_id=self.request.user.pk)
        messages.success(self.request, "Your password has been changed.")
        return response


password_change = login_required(PasswordChangeView.as_view())


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    own = access.user_organisations(request.user)
    organisations = list(selectors.organisation_list_visible_to(request.user))
    roles = {m.organisation_id: m.get_role_display() for m in
             selectors.membership_list(request.user)}
    return render(request, "organisations/organisation_list.html", {
        "own": [(o, roles.get(o.pk, "")) for o in organisations if o.pk in own.member],
        "partners": [o for o in organisations if o.pk not in own.member],
        "partnerships": selectors.partnership_list_visible_to(request.user)})


@login_required
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = selectors.organisation_get_visible_to(request.user, organisation_id)
    is_admin = access.can_administer_organisation(request.user, organisation.pk)
    return render(request, "organisations/organisation_detail.html", {
        "organisation": organisation, "is_admin": is_admin,
        "members": selectors.member_list(organisation) if is_admin else None,
        "partnerships": selectors.partnership_list_visible_to(request.user, organisation)})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = access.require_organisation_admin(
        request.user, Organisation.objects.filter(pk=organisation_id).first())
    form = OrganisationForm(request.POST or None, instance=Organisation.objects.get(
        pk=organisation.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=access.signed_in(request), organisation=organisation,
                **{name: form.cleaned_data[name] for name in form.fields})
        except IntegrityError:
            form.add_error("name", "Another organisation has this name and valid-from date.")
        else:
            messages.success(request, "Organisation saved.")
            return redirect("organisation_detail", organisation_id=organisation.pk)
    return render(request, "organisations/organisation_form.html", {
        "organisation": organisation, "form": form, "title": f"Edit {organisation.name}"})


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = access.require_organisation_admin(
        request.user, Organisation.objects.filter(pk=organisation_id).first())
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership, password = services.membership_add(
                actor=access.signed_in(request), organisation=organisation,
                identifier=form.cleaned_data["identifier"], role=form.cleaned_data["role"],
                email=form.cleaned_data["email"])
        except AdministrationError as error:
            form.add_error("identifier", str(error))
        else:
            if not password:
                messages.success(request, f"{membership.user.username} added as "
                                          f"{membership.get_role_display().lower()}.")
                return redirect("organisation_detail", organisation_id=organisation.pk)
            response = render(request, "organisations/member_added.html", {
                "organisation": organisation, "membership": membership,
                "password": password})
            response["Cache-Control"] = "no-store"  # the initial password is shown once
            return response
    return render(request, "organisations/organisation_form.html", {
        "organisation": organisation, "form": form,
        "title": f"Add a member to {organisation.name}"})


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, organisation_id: int, membership_id: int) -> HttpResponse:
    organisation = access.require_organisation_admin(
        request.user, Organisation.objects.filter(pk=organisation_id).first())
    membership = selectors.membership_get(organisation, membership_id)
    form = MemberRoleForm(request.POST if "set_role" in request.POST else None,
                          initial={"role": membership.role})
    if request.method == "POST":
        actor = access.signed_in(request)
        try:
            if "remove" in request.POST:
                services.membership_remove(actor=actor, membership=membership)
                messages.success(request, f"{membership.user.username} is no longer a member.")
                if membership.user_id == actor.pk:  # one's own: the page may be closed now
                    return redirect("organisation_list")
                return redirect("organisation_detail", organisation_id=organisation.pk)
            if form.is_valid():
                services.membership_set_role(actor=actor, membership=membership,
                                             role=form.cleaned_data["role"])
                messages.success(request, f"{membership.user.username} is now "
                                          f"{membership.get_role_display().lower()}.")
                return redirect("organisation_detail", organisation_id=organisation.pk)
        except AdministrationError as error:
            messages.error(request, str(error))
            return redirect("member_edit", organisation_id=organisation.pk,
                            membership_id=membership.pk)
    return render(request, "organisations/member_edit.html", {
        "organisation": organisation, "membership": membership, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def partnership_detail(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = selectors.partnership_get_visible_to(request.user, partnership_id)
    can_change = access.can_change_partnerships(request.user)
    form = PartnershipAddForm(request.POST if "add_organisation" in request.POST else None,
                              choices=selectors.organisations_outside(partnership))
    if request.method == "POST":
        access.require_change_partnerships(request.user)
        actor = access.signed_in(request)
        try:
            if "remove_organisation" in request.POST:
                organisation = get_object_or_404(
                    partnership.organisations, pk=request.POST["remove_organisation"])
                services.partnership_remove_organisation(actor=actor, partnership=partnership,
                                                         organisation=organisation)
                messages.success(request, f"{organisation} has left {partnership}.")
                return redirect("partnership_detail", partnership_id=partnership.pk)
            if form.is_valid():
                organisation = form.cleaned_data["organisation"]
                services.partnership_add_organisation(actor=actor, partnership=partnership,
                                                      organisation=organisation)
                messages.success(request, f"{organisation} has joined {partnership}.")
                return redirect("partnership_detail", partnership_id=partnership.pk)
        except AdministrationError as error:
            messages.error(request, str(error))
            return redirect("partnership_detail", partnership_id=partnership.pk)
    return render(request, "organisations/partnership_detail.html", {
        "partnership": partnership, "can_change": can_change, "form": form,
        "organisations": partnership.organisations.order_by("name")})
