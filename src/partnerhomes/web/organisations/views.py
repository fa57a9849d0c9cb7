"""Sign-in, sign-out and the account page (memberships, API tokens, the audit log)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from partnerhomes.web.organisations import selectors, services
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
