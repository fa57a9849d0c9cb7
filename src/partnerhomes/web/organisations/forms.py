"""Forms for the administration pages: add a member, change a role, edit an organisation,
add an organisation to a partnership."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import validate_email
from django.db.models import QuerySet

from partnerhomes.sites.councils import GSS_CODE_PATTERN
from partnerhomes.web.organisations.models import Organisation, OrganisationKind, Role

# Regulator of Social Housing registration numbers: up to two letters then digits (L4242,
# LH0123, 4567).
RSH_NUMBER_PATTERN = r"^[A-Z]{0,2}\d{1,6}$"


def _helper(name: str, label: str, secondary: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.add_input(Submit(name, label, css_class="govuk-button--secondary" if secondary
                            else ""))
    return helper


class MemberAddForm(forms.Form):
    """A person by username or email address, and the role to give them."""

    identifier = forms.CharField(
        label="Username or email address", max_length=150,
        help_text="Someone who already has an account is added as they are; otherwise an "
                  "account is created with this username and an initial password shown once.")
    email = forms.EmailField(label="Email address (for a new account, optional)",
                             required=False)
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.VIEWER)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("add_member", "Add member")

    def clean_identifier(self) -> str:
        value = str(self.cleaned_data["identifier"]).strip()
        if "@" in value:
            try:
                validate_email(value)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    f"{value!r} is not an email address; give a username or an email "
                    "address.") from error
        else:
            UnicodeUsernameValidator()(value)
        return value


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("set_role", "Change role")


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    """An organisation's name, its kind's code (GSS code for a council, Regulator of Social
    Housing registration number for a housing association) and its dates."""

    class Meta:
        model = Organisation
        fields = ("name", "gss_code", "rsh_registration_number", "valid_from", "valid_to")
        labels: ClassVar[dict[str, str]] = {"gss_code": "GSS code", "rsh_registration_number":
                  "Regulator of Social Housing registration number",
                  "valid_from": "Valid from (YYYY-MM-DD)",
                  "valid_to": "Valid to (YYYY-MM-DD, blank while it exists)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.instance.kind
        if kind != OrganisationKind.COUNCIL:
            del self.fields["gss_code"]
        else:
            self.fields["gss_code"].required = True
            self.fields["gss_code"].help_text = "E06000033, for example"
        if kind != OrganisationKind.HOUSING_ASSOCIATION:
            del self.fields["rsh_registration_number"]
        else:
            self.fields["rsh_registration_number"].help_text = "L4242, for example"
        self.helper = _helper("save", "Save")

    def clean_gss_code(self) -> str:
        value = str(self.cleaned_data["gss_code"]).strip().upper()
        if not re.match(GSS_CODE_PATTERN, value):
            raise forms.ValidationError(
                f"{value!r} is not a GSS code (a letter E, W, S or N and eight digits).")
        return value

    def clean_rsh_registration_number(self) -> str:
        value = str(self.cleaned_data["rsh_registration_number"]).strip().upper()
        if value and not re.match(RSH_NUMBER_PATTERN, value):
            raise forms.ValidationError(
                f"{value!r} is not a registration number (up to two letters, then digits).")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", f"Valid to ({end}) is before valid from ({start}).")
        name = data.get("name")
        if name and start and (Organisation.objects.filter(name=name, valid_from=start)
                               .exclude(pk=self.instance.pk).exists()):
            self.add_error("name", "Another organisation has this name and valid-from date.")
        return data

    def validate_unique(self) -> None:
        """Checked in :meth:`clean` with a readable message (the database constraint still
        guards against a simultaneous change)."""


class PartnershipAddForm(forms.Form):
    organisation = forms.ModelChoiceField(label="Organisation to add",
                                          queryset=Organisation.objects.none())

    def __init__(self, *args: Any, choices: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = choices  # type: ignore[attr-defined]
        self.helper = _helper("add_organisation", "Add to the partnership")
