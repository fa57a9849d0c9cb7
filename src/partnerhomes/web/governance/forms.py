"""Forms for governance pages: a meeting's decision and action, and the create and edit pages
of members, representatives, ambitions and measures, meetings, phases, commitments and
milestones. The rules live in the services (a refused write comes back as form errors); the
forms only offer the choices a user may make."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.db.models import QuerySet

from partnerhomes.web.governance.models import (
    ActionStatus,
    ActualSource,
    CommitmentKind,
    Decision,
    Meeting,
    MeetingKind,
    Metric,
    PartnershipMember,
    PhaseStatus,
    WorkPhase,
)
from partnerhomes.web.organisations.models import Organisation, Partnership, Visibility

DATE_HELP = "For example, 2027-03-31"


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, help_text=DATE_HELP,
                           widget=forms.DateInput(attrs={"type": "date"}))


def _text(label: str, rows: int = 3, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _helper(submit_name: str, submit_label: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.add_input(Submit(submit_name, submit_label))
    return helper


def _choose(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # a type check: declared so
    field.queryset = queryset


class DecisionForm(forms.Form):
    prefix = "decision"
    text = _text("Decision")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("record_decision", "Record decision")


class ActionForm(forms.Form):
    prefix = "action"
    text = _text("Action")
    action_owner = forms.ModelChoiceField(label="Owner organisation",
                                          queryset=Organisation.objects.none())
    due = _date("Due date")
    decision = forms.ModelChoiceField(label="From decision (optional)", required=False,
                                      queryset=Decision.objects.none())

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "action_owner", meeting.partnership.organisations.all())
        _choose(self, "decision", meeting.decisions.all())
        self.helper = _helper("record_action", "Record action")


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("set_status", "Change status")


class OwnedForm(forms.Form):
    """A top-level record's partnership, owner and visibility. On a create page the user
    chooses among the partnerships and organisations it may record for; on an edit page
    only the visibility can change (``recording`` is None)."""

    partnership = forms.ModelChoiceField(label="Partnership",
                                         queryset=Partnership.objects.none())
    owner = forms.ModelChoiceField(label="Recorded by (organisation)",
                                   queryset=Organisation.objects.none())
    visibility = forms.ChoiceField(
        label="Who may see this record", required=False,
        choices=[("", "The organisation's default"), *Visibility.choices])

    submit_label = "Save"

    def __init__(self, *args: Any,
                 recording: tuple[QuerySet[Partnership], QuerySet[Organisation]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if recording is None:
            del self.fields["partnership"], self.fields["owner"]
        else:
            _choose(self, "partnership", recording[0])
            _choose(self, "owner", recording[1])
        self.helper = _helper("save", self.submit_label)


class MemberJoinForm(OwnedForm):
    submit_label = "Record joining"
    organisation = forms.ModelChoiceField(label="Organisation joining",
                                          queryset=Organisation.objects.all())
    joined = _date("Date joined")
    field_order = ("partnership", "organisation", "joined", "owner", "visibility")


class MemberLeaveForm(forms.Form):
    left = _date("Date it left")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("save", "Record leaving")


class RepresentativeForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    role = forms.CharField(label="Role in the partnership", max_length=100,
                           help_text="For example, chief executive or lead officer")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("save", "Save representative")


class AmbitionForm(OwnedForm):
    submit_label = "Save ambition"
    text = _text("The joint ambition, in words", rows=4)
    field_order = ("partnership", "text", "owner", "visibility")


class MeasureForm(forms.Form):
    name = forms.CharField(label="Measure", max_length=200,
                           help_text="For example, affordable homes started a year")
    unit = forms.CharField(label="Unit (optional)", max_length=50, required=False)
    baseline = forms.DecimalField(label="Baseline", max_digits=14, decimal_places=2)
    target = forms.DecimalField(label="Target", max_digits=14, decimal_places=2)
    target_date = _date("Target date")
    actual_source = forms.ChoiceField(label="Where its actual comes from",
                                      choices=ActualSource.choices,
                                      widget=forms.RadioSelect)
    metric = forms.ChoiceField(label="Metric (computed measures)", choices=Metric.choices,
                               required=False)
    period_start = _date("Count from (computed measures; optional)", required=False)
    actual = forms.DecimalField(label="Actual (entered measures; optional)", max_digits=14,
                                decimal_places=2, required=False)
    source = forms.CharField(label="Source of the actual (entered measures)", max_length=300,
                             required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("save", "Save measure")


class MeetingForm(OwnedForm):
    """A meeting; its attendees are chosen among the partnership's organisations. Without
    ``with_notes`` the notes are left out (a one-to-one's, for a user who did not attend)."""

    submit_label = "Save meeting"
    date = _date("Date")
    kind = forms.ChoiceField(label="Kind", choices=MeetingKind.choices,
                             widget=forms.RadioSelect)
    title = forms.CharField(label="Title", max_length=200)
    attendees = forms.ModelMultipleChoiceField(label="Organisations that attended",
                                               queryset=Organisation.objects.none(),
                                               widget=forms.CheckboxSelectMultiple)
    agenda = _text("Agenda", rows=4, required=False)
    notes = _text("Notes", rows=6, required=False)
    field_order = ("partnership", "date", "kind", "title", "attendees", "agenda", "notes",
                   "owner", "visibility")

    def __init__(self, *args: Any, attendee_choices: QuerySet[Organisation],
                 with_notes: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "attendees", attendee_choices)
        if not with_notes:
            del self.fields["notes"]


class PhaseForm(OwnedForm):
    submit_label = "Save phase"
    name = forms.CharField(label="Name", max_length=200,
                           help_text="For example, phase one: build the partnership")
    objectives = _text("Objectives", required=False)
    budget = forms.DecimalField(label="Budget (£, optional)", max_digits=14, decimal_places=2,
                                required=False, min_value=0)
    funding_sources = _text("Funding sources", rows=2, required=False)
    start = _date("Start")
    end = _date("End")
    status = forms.ChoiceField(label="Status", choices=PhaseStatus.choices)
    field_order = ("partnership", "name", "objectives", "budget", "funding_sources", "start",
                   "end", "status", "owner", "visibility")


class CommitmentForm(OwnedForm):
    """A commitment: the member comes from the partnerships the user records for (on create),
    the phase from the member's partnership."""

    submit_label = "Save commitment"
    member = forms.ModelChoiceField(label="Member committing",
                                    queryset=PartnershipMember.objects.none())
    kind = forms.ChoiceField(label="Kind", choices=CommitmentKind.choices)
    amount = forms.DecimalField(label="Amount (in the kind's unit)", max_digits=14,
                                decimal_places=2, min_value=0)
    phase = forms.ModelChoiceField(label="Against a phase of the work programme",
                                   queryset=WorkPhase.objects.none(), required=False)
    phase_or_site = forms.CharField(label="Or against a site (or other), in words",
                                    max_length=200, required=False)
    document_name = forms.CharField(label="Document that records it", max_length=200,
                                    required=False, help_text="For example, an MOU")
    signed_on = _date("Signed on", required=False)
    due = _date("Due", required=False)
    met_on = _date("Met on", required=False)
    field_order = ("member", "kind", "amount", "phase", "phase_or_site", "document_name",
                   "signed_on", "due", "met_on", "owner", "visibility")

    def __init__(self, *args: Any, members: QuerySet[PartnershipMember] | None,
                 phases: QuerySet[WorkPhase], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("partnership", None)  # the member's
        if members is None:
            del self.fields["member"]
        else:
            _choose(self, "member", members)
        _choose(self, "phase", phases)


class MilestoneForm(forms.Form):
    text = forms.CharField(label="Milestone", max_length=300)
    due = _date("Due")
    met_on = _date("Met on", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("save", "Save milestone")
