"""Forms for governance pages: a meeting's decision and action."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms

from partnerhomes.web.governance.models import Decision, Meeting
from partnerhomes.web.organisations.models import Organisation


class DecisionForm(forms.Form):
    prefix = "decision"
    text = forms.CharField(label="Decision", widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("record_decision", "Record decision"))


class ActionForm(forms.Form):
    prefix = "action"
    text = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=5000)
    action_owner = forms.ModelChoiceField(label="Owner organisation",
                                          queryset=Organisation.objects.none())
    due = forms.DateField(label="Due date", help_text="For example, 2027-03-31",
                          widget=forms.DateInput(attrs={"type": "date"}))
    decision = forms.ModelChoiceField(label="From decision (optional)", required=False,
                                      queryset=Decision.objects.none())

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner_field = self.fields["action_owner"]
        decision_field = self.fields["decision"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        assert isinstance(decision_field, forms.ModelChoiceField)
        owner_field.queryset = meeting.partnership.organisations.all()
        decision_field.queryset = meeting.decisions.all()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("record_action", "Record action"))
