"""Staff pages of recertification: upcoming expiries, the CE review queue, provider course
approvals, pending renewals and the audit queue. Records are read-only; every decision goes
through a form that calls a service and records who, when and why."""

import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from hallmark.certification.data import (
    ActivityStatus,
    CourseStatus,
    CycleOutcome,
    RenewalStatus,
)
from hallmark.certification.models import (
    AuditEvidence,
    CEActivity,
    CEProvider,
    Cycle,
    Notice,
    ProviderCourse,
    RenewalApplication,
    RenewalAudit,
)
from hallmark.certification.recertification import ce, renewals
from hallmark.lib.admin import ReadOnlyAdmin
from hallmark.lib.views import refusal_shown
from hallmark.programs.data import FeeStatus

REASON = forms.CharField(
    required=False,
    widget=forms.Textarea(attrs={"rows": 3}),
    help_text="Recorded with the decision and, where it matters, sent to the person.",
)


class DecisionAdmin(ReadOnlyAdmin):
    """A read-only list whose rows in ``open_statuses`` have a Decide form."""

    decision_form: type[forms.Form]
    decision_permission: str
    open_statuses: tuple[str, ...] = ()

    def decide(self, obj: Any, user: Any, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def is_open(self, obj: Any) -> bool:
        return obj.status in self.open_statuses

    @admin.display(description="Decision")
    def decide_link(self, obj: Any) -> str:
        if not self.is_open(obj):
            return "Decided"
        info = self.model._meta.app_label, self.model._meta.model_name
        url = reverse("admin:{}_{}_decide".format(*info), args=[obj.pk])
        return format_html(
            '<a href="{}">Decide<span class="visually-hidden"> on {}</span></a>', url, obj
        )

    def get_urls(self) -> list[Any]:
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decision_view),
                name="{}_{}_decide".format(*info),
            ),
            *super().get_urls(),
        ]

    def decision_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(self.model, pk=pk)
        if not request.user.has_perm(self.decision_permission):
            raise PermissionDenied
        form = self.decision_form(request.POST or None)
        if request.method == "POST" and form.is_valid():
            with refusal_shown(request, form):
                self.decide(obj, request.user, form.cleaned_data)
                self.message_user(request, f"{obj}: decision recorded.", messages.SUCCESS)
                info = self.model._meta.app_label, self.model._meta.model_name
                return HttpResponseRedirect(reverse("admin:{}_{}_changelist".format(*info)))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Decide: {obj}",
            "object": obj,
            "facts": self.facts(obj),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "certification/admin/decide_form.html", context)

    def facts(self, obj: Any) -> list[tuple[str, Any]]:
        return []


class ExpiresWithin(admin.SimpleListFilter):
    title = "expires within"
    parameter_name = "within"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("30", "30 days"), ("90", "90 days"), ("180", "180 days"), ("past", "Expired")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Cycle]) -> QuerySet[Cycle]:
        today = datetime.date.today()
        if self.value() == "past":
            return queryset.filter(expires_on__lt=today)
        if days := self.value():
            end = today + datetime.timedelta(days=int(days))
            return queryset.filter(expires_on__gte=today, expires_on__lte=end)
        return queryset


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin):
    """Upcoming expiries: open cycles by expiry date, with each certificant's CE progress."""

    list_display = ("credential", "sequence", "starts_on", "expires_on", "phase", "ce", "outcome")
    list_filter = ("outcome", ExpiresWithin, "credential__program")
    search_fields = ("credential__number", "credential__holder_name")
    ordering = ("expires_on",)
    list_select_related = ("credential__program", "policy")

    @admin.display(description="Phase")
    def phase(self, obj: Cycle) -> str:
        if obj.outcome != CycleOutcome.OPEN:
            return "—"
        return str(obj.dates().phase(obj.program.today()).label)

    @admin.display(description="Continuing education")
    def ce(self, obj: Cycle) -> str:
        return renewals.summary(obj)


class ActivityDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept", "Accept all hours"),
            ("reduce", "Accept fewer hours"),
            ("reject", "Reject"),
        ]
    )
    hours_accepted = forms.DecimalField(required=False, min_value=0, decimal_places=2)
    reason = REASON


@admin.register(CEActivity)
class CEActivityAdmin(DecisionAdmin):
    """The CE review queue: activities without an approved course's code wait here."""

    list_display = ("title", "holder", "category", "hours", "completed_on", "status", "decide_link")
    list_filter = ("status", "category__policy__program")
    search_fields = ("title", "provider_name", "cycle__credential__number")
    ordering = ("logged_at",)
    decision_form = ActivityDecisionForm
    decision_permission = "certification.review_ceactivity"
    open_statuses = (ActivityStatus.PENDING,)
    readonly_fields = ("evidence",)
    exclude = ("file",)

    @admin.display(description="Certificant")
    def holder(self, obj: CEActivity) -> str:
        return f"{obj.cycle.credential.holder_name} ({obj.cycle.credential.number})"

    @admin.display(description="Evidence")
    def evidence(self, obj: CEActivity) -> str:
        if not obj.file:
            return "None"
        url = reverse("credentials-evidence", args=["activity", obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.get_evidence_kind_display())

    def facts(self, obj: CEActivity) -> list[tuple[str, Any]]:
        return [
            ("Certificant", self.holder(obj)),
            ("Provider", obj.provider_name),
            ("Category", obj.category.name),
            ("Dates", f"{obj.started_on} to {obj.completed_on}"),
            ("Hours claimed", obj.hours),
            ("Evidence", self.evidence(obj)),
        ]

    def decide(self, obj: CEActivity, user: Any, data: dict[str, Any]) -> None:
        ce.review_activity(
            obj,
            by=user,
            decision=data["decision"],
            hours_accepted=data["hours_accepted"],
            reason=data["reason"],
        )


class CourseDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    approved_until = forms.DateField(
        required=False,
        help_text="Approval expiry: the last day an activity is accepted (YYYY-MM-DD).",
    )
    reason = REASON


@admin.register(ProviderCourse)
class ProviderCourseAdmin(DecisionAdmin):
    """Provider approvals: courses submitted for pre-approval, and the codes given."""

    list_display = (
        "title",
        "provider",
        "program",
        "hours",
        "category_code",
        "status",
        "code",
        "approved_until",
        "decide_link",
    )
    list_filter = ("status", "program")
    search_fields = ("title", "provider__name", "code")
    decision_form = CourseDecisionForm
    decision_permission = "certification.decide_providercourse"
    open_statuses = (CourseStatus.SUBMITTED,)

    def facts(self, obj: ProviderCourse) -> list[tuple[str, Any]]:
        return [
            ("Provider", f"{obj.provider} <{obj.provider.email}>"),
            ("Hours and category", f"{obj.hours} h, {obj.category_code}"),
            ("Offered", f"{obj.offered_from} to {obj.offered_until}"),
            ("Description", obj.description),
        ]

    def decide(self, obj: ProviderCourse, user: Any, data: dict[str, Any]) -> None:
        ce.decide_course(
            obj,
            by=user,
            approve=data["decision"] == "approve",
            approved_until=data["approved_until"],
            reason=data["reason"],
        )


class RenewalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("paid", "Record the fee as paid"),
            ("waived", "Record the fee as waived"),
            ("approve", "Approve the renewal (starts the next cycle)"),
            ("audit", "Audit the renewal for cause (say why)"),
            ("refuse", "Refuse the renewal"),
        ]
    )
    reason = REASON


@admin.register(RenewalApplication)
class RenewalApplicationAdmin(DecisionAdmin):
    """Renewals pending: fee, audit and approval."""

    list_display = (
        "__str__",
        "route",
        "submitted_at",
        "credits",
        "fee_status",
        "status",
        "decide_link",
    )
    list_filter = ("status", "route", "fee_status")
    search_fields = ("cycle__credential__number", "cycle__credential__holder_name")
    decision_form = RenewalDecisionForm
    decision_permission = "certification.decide_renewal"
    open_statuses = (RenewalStatus.SUBMITTED, RenewalStatus.AUDIT)

    def facts(self, obj: RenewalApplication) -> list[tuple[str, Any]]:
        return [
            ("Route", obj.get_route_display()),
            ("Credits", obj.credits),
            ("Activities", ", ".join(a["title"] for a in obj.activities) or "—"),
            ("Code of conduct attested", f"version {obj.conduct_version or '—'}"),
            ("Fee", f"{obj.fee_kind} {obj.fee_amount or 0} {obj.fee_currency}"),
            ("Fee status", obj.get_fee_status_display()),
            ("Audit draw", f"{obj.audit_draw} against {obj.audit_percent}% (seed recorded)"),
            (
                "Still to do",
                "; ".join(renewals.approval_problems(obj)) or "Nothing: ready to approve",
            ),
        ]

    def decide(self, obj: RenewalApplication, user: Any, data: dict[str, Any]) -> None:
        decision = data["decision"]
        if decision in ("paid", "waived"):
            renewals.record_fee(obj, by=user, status=FeeStatus(decision))
        elif decision == "approve":
            renewals.approve_renewal(obj, by=user, reason=data["reason"])
        elif decision == "audit":
            renewals.select_for_audit(obj, by=user, reason=data["reason"])
        else:
            renewals.refuse_renewal(obj, by=user, reason=data["reason"])


class AuditDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("request", "Request (more) evidence"),
            ("pass", "Pass the audit"),
            ("fail", "Fail the audit (refuses the renewal)"),
        ]
    )
    due_on = forms.DateField(required=False, help_text="For a request: by when (YYYY-MM-DD).")
    reason = REASON


class EvidenceInline(admin.TabularInline):
    model = AuditEvidence
    fields = ("document", "evidence_kind", "activity", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description="Document")
    def document(self, obj: AuditEvidence) -> str:
        url = reverse("credentials-evidence", args=["audit", obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RenewalAudit)
class RenewalAuditAdmin(DecisionAdmin):
    """The audit queue: renewals drawn into the sample, their evidence and outcome."""

    list_display = ("application", "outcome", "requested_at", "evidence_due_on", "decide_link")
    list_filter = ("outcome",)
    inlines = [EvidenceInline]
    decision_form = AuditDecisionForm
    decision_permission = "certification.decide_audit"

    def is_open(self, obj: RenewalAudit) -> bool:
        return not obj.is_decided

    def facts(self, obj: RenewalAudit) -> list[tuple[str, Any]]:
        documents = [
            f"{e.original_name} ({e.get_evidence_kind_display()})" for e in obj.evidence.all()
        ]
        return [
            ("Renewal", obj.application),
            ("Activities", ", ".join(a["title"] for a in obj.application.activities) or "—"),
            ("Request", obj.request_note),
            ("Evidence received", ", ".join(documents) or "None yet"),
        ]

    def decide(self, obj: RenewalAudit, user: Any, data: dict[str, Any]) -> None:
        if data["decision"] == "request":
            due = data["due_on"] or datetime.date.today() + datetime.timedelta(days=30)
            renewals.request_audit_evidence(obj, by=user, note=data["reason"], due_on=due)
        else:
            renewals.decide_audit(
                obj, by=user, passed=data["decision"] == "pass", reason=data["reason"]
            )


@admin.register(CEProvider)
class CEProviderAdmin(ReadOnlyAdmin):
    list_display = ("name", "contact_name", "email", "created_at")
    search_fields = ("name", "email")


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """Reminders and notices as sent (a reminder at most once per cycle)."""

    list_display = ("credential", "kind", "due_on", "sent_at", "status")
    list_filter = ("kind", "status")
    search_fields = ("credential__number", "to")
