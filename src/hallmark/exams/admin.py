"""Staff work on the candidate journey: the review queue and decisions, fees, employer
confirmations, accommodations, testing windows and registrations.

Decisions are pages of their own (linked from each record) that call the services; the
records themselves are read-only here, so every change carries who, when and why.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from hallmark.accounts.data import Role
from hallmark.accounts.forms import posted
from hallmark.accounts.models import User
from hallmark.exams.data import (
    AccommodationDecision,
    ApplicationStatus,
    Decision,
    RegistrationStatus,
)
from hallmark.exams.delivery import services as delivery
from hallmark.exams.journey import accommodations, applications, employer, registrations
from hallmark.exams.journey.forms import (
    AccommodationDecisionForm,
    ApplicationDecisionForm,
    EmployerRecordForm,
    FeeForm,
    ReasonForm,
    WindowChoiceForm,
)
from hallmark.exams.models import (
    AccommodationRequest,
    Application,
    ApplicationEvent,
    EligibilityAnswer,
    EmployerVerification,
    Evidence,
    Form,
    FormItem,
    Registration,
    TestingWindow,
)
from hallmark.lib.admin import ReadOnly
from hallmark.lib.views import refusal_shown, signed_in
from hallmark.programs.data import FeeStatus


class _ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False


class _DecisionPages(ReadOnly, admin.ModelAdmin):
    """A read-only record with pages for the decisions staff take on it (`decisions`)."""

    # url suffix -> (title, form class, permission); `act` carries the decision out
    decisions: dict[str, tuple[str, type[forms.Form], str]] = {}
    change_form_template = "admin/exams/change_form.html"

    def act(self, name: str, obj: Any, data: dict[str, Any], by: Any) -> str:
        raise NotImplementedError

    def form_for(self, name: str, obj: Any, data: Any) -> forms.Form:
        return self.decisions[name][1](data)

    def available(self, name: str, obj: Any) -> bool:
        return True

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        pages = [
            path(
                f"<path:object_id>/{name}/",
                self.admin_site.admin_view(self._page(name)),
                name=f"{info[0]}_{info[1]}_{name}",
            )
            for name in self.decisions
        ]
        return pages + super().get_urls()

    def _page(self, name: str) -> Callable[..., HttpResponse]:
        def view(request: HttpRequest, object_id: str) -> HttpResponse:
            return self.decision_view(request, object_id, name)

        return view

    def decision_view(self, request: HttpRequest, object_id: str, name: str) -> HttpResponse:
        title, _, permission = self.decisions[name]
        if not request.user.has_perm(permission):
            raise PermissionDenied(f"{request.user} may not {title.lower()}.")
        obj = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} #{object_id}.")
        form = self.form_for(name, obj, posted(request))
        if request.method == "POST" and form.is_valid():
            with refusal_shown(request, form):
                done = self.act(name, obj, form.cleaned_data, request.user)
                self.message_user(request, done, messages.SUCCESS)
                info = self.opts.app_label, self.opts.model_name
                return HttpResponseRedirect(
                    reverse(f"admin:{info[0]}_{info[1]}_change", args=[obj.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": f"{title}: {obj}",
            "form": form,
            "object": obj,
            "opts": self.opts,
            "summary": self.summary(obj),
        }
        return TemplateResponse(request, "admin/exams/decide.html", context)

    def summary(self, obj: Any) -> list[tuple[str, Any]]:
        return []

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        obj = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        info = self.opts.app_label, self.opts.model_name
        links = [
            (reverse(f"admin:{info[0]}_{info[1]}_{name}", args=[obj.pk]), title)
            for name, (title, _, permission) in self.decisions.items()
            if obj is not None and request.user.has_perm(permission) and self.available(name, obj)
        ]
        extra = {**(extra_context or {}), "decision_links": links}
        return super().change_view(request, object_id, form_url, extra)


# --- applications: the review queue ---------------------------------------------------------


class QueueFilter(admin.SimpleListFilter):
    title = "queue"
    parameter_name = "queue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("awaiting", "Awaiting a decision"),
            ("more", "Waiting for the candidate"),
            ("decided", "Decided"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        statuses = {
            "awaiting": [ApplicationStatus.SUBMITTED],
            "more": [ApplicationStatus.MORE_INFORMATION],
            "decided": [ApplicationStatus.APPROVED, ApplicationStatus.DENIED],
        }.get(self.value() or "")
        return queryset.filter(status__in=statuses) if statuses else queryset


class AnswerInline(_ReadOnlyInline):
    model = EligibilityAnswer
    fields = ("criterion", "text")
    readonly_fields = fields


def _file_link(evidence: Evidence) -> SafeString:
    return format_html(
        '<a href="{}">Open {}</a>',
        reverse("exams:evidence-file", args=[evidence.pk]),
        evidence.original_name,
    )


class EvidenceInline(_ReadOnlyInline):
    model = Evidence
    fk_name = "application"
    fields: ClassVar[tuple[str, ...]] = (
        "criterion",
        "document",
        "content_type",
        "size",
        "uploaded_at",
        "withdrawn_at",
    )
    readonly_fields: ClassVar[tuple[str, ...]] = fields

    @admin.display(description="Document")
    def document(self, obj: Evidence) -> SafeString:
        return _file_link(obj)


class DocumentInline(EvidenceInline):
    fk_name = "accommodation"
    fields = ("document", "content_type", "size", "uploaded_at", "withdrawn_at")
    readonly_fields = fields


class EmployerVerificationInline(_ReadOnlyInline):
    model = EmployerVerification
    fields = (
        "reference_name",
        "reference_email",
        "employer",
        "status",
        "requested_at",
        "responded_at",
        "response_note",
        "recorded_by",
    )
    readonly_fields = fields


class EventInline(_ReadOnlyInline):
    model = ApplicationEvent
    fields = ("at", "kind", "by", "reason")
    readonly_fields = fields
    verbose_name_plural = "history"


@admin.register(Application)
class ApplicationAdmin(_DecisionPages):
    list_display = (
        "number",
        "candidate_name",
        "designation",
        "status",
        "submitted_at",
        "fee_status",
        "employer",
    )
    list_filter = (QueueFilter, "program", "status", "fee_status")
    search_fields = ("candidate__email", "candidate__legal_name")
    ordering = ("submitted_at", "pk")  # the oldest submission first
    list_select_related = ("candidate", "program")
    inlines = [AnswerInline, EvidenceInline, EmployerVerificationInline, EventInline]
    fields = (
        "candidate",
        "program",
        "policy",
        "status",
        "submitted_at",
        ("decided_at", "decided_by"),
        "decision_reason",
        ("resubmit_by", "appeal_by"),
        ("approved_on", "approval_expires_on"),
        ("conduct_version", "conduct_accepted_at"),
        ("fee_status", "fee_reference", "fee_recorded_at", "fee_recorded_by"),
    )
    decisions = {
        "decide": ("Decide the application", ApplicationDecisionForm, "exams.decide_application"),
        "fee": ("Record the fee", FeeForm, "exams.record_fee"),
        "employer": (
            "Record the employer's answer",
            EmployerRecordForm,
            "exams.record_employer_verification",
        ),
    }

    @admin.display(description="Application", ordering="pk")
    def number(self, obj: Application) -> str:
        return f"#{obj.pk}"

    @admin.display(description="Program", ordering="program__designation")
    def designation(self, obj: Application) -> str:
        return obj.program.designation

    @admin.display(description="Candidate", ordering="candidate__legal_name")
    def candidate_name(self, obj: Application) -> str:
        return obj.candidate.legal_name or obj.candidate.email

    @admin.display(description="Employer verification")
    def employer(self, obj: Application) -> str:
        verification = obj.current_employer_verification()
        return verification.get_status_display() if verification else "—"

    def available(self, name: str, obj: Application) -> bool:
        if name == "decide":
            return obj.status == ApplicationStatus.SUBMITTED
        if name == "employer":
            return obj.current_employer_verification() is not None
        return True

    def summary(self, obj: Application) -> list[tuple[str, Any]]:
        return [
            ("Candidate", f"{obj.candidate.legal_name} <{obj.candidate.email}>"),
            ("Status", obj.get_status_display()),
            ("Fee", obj.get_fee_status_display()),
            (
                "Before approval",
                "; ".join(applications.approval_problems(obj)) or "Nothing missing",
            ),
        ]

    def act(self, name: str, obj: Application, data: dict[str, Any], by: Any) -> str:
        if name == "decide":
            decision = Decision(data["decision"])
            applications.decide_application(
                obj,
                decision,
                reason=data["reason"],
                resubmission_days=data["resubmission_days"],
                by=by,
            )
            return f"{obj}: {decision.label.lower()} — the candidate has been emailed."
        if name == "fee":
            applications.record_fee(
                obj, FeeStatus(data["status"]), reference=data["reference"], by=by
            )
            return f"{obj}: fee recorded as {FeeStatus(data['status']).label.lower()}."
        verification = obj.current_employer_verification()
        if verification is None:
            raise ValidationError("The candidate has named no reference yet.")
        employer.record_employer_verification(
            verification, confirmed=data["answer"] == "confirmed", note=data["note"], by=by
        )
        return f"{obj}: the employer's answer is recorded."


# --- accommodations -------------------------------------------------------------------------


@admin.register(AccommodationRequest)
class AccommodationRequestAdmin(_DecisionPages):
    list_display = ("__str__", "kind", "program", "status", "requested_at")
    list_filter = ("status", "kind", "program")
    search_fields = ("candidate__email", "candidate__legal_name")
    ordering = ("requested_at", "pk")
    list_select_related = ("candidate", "program")
    inlines = [DocumentInline]
    fields = (
        "candidate",
        "program",
        ("kind", "time_factor"),
        "details",
        "status",
        "requested_at",
        ("decided_at", "decided_by"),
        "decision_reason",
        "appeal_by",
    )
    decisions = {
        "decide": (
            "Decide the accommodation request",
            AccommodationDecisionForm,
            "exams.decide_accommodation",
        ),
    }

    def available(self, name: str, obj: AccommodationRequest) -> bool:
        return obj.status == "requested"

    def summary(self, obj: AccommodationRequest) -> list[tuple[str, Any]]:
        return [
            ("Candidate", obj.candidate.legal_name),
            ("Asks for", obj.summary),
            ("Details", obj.details),
        ]

    def act(self, name: str, obj: AccommodationRequest, data: dict[str, Any], by: Any) -> str:
        decision = AccommodationDecision(data["decision"])
        accommodations.decide_accommodation(obj, decision, reason=data["reason"], by=by)
        return f"{obj.summary}: {decision.label.lower()}d — the candidate has been emailed."


# --- testing windows and registrations -------------------------------------------------------


def _accommodations(registration: Registration) -> str:
    return "; ".join(a.summary for a in registration.approved_accommodations()) or "—"


class RegistrationInline(_ReadOnlyInline):
    model = Registration
    fk_name = "window"
    fields = ("authorization_code", "candidate", "status", "accommodations_summary", "sat_on")
    readonly_fields = fields
    show_change_link = True

    @admin.display(description="Accommodations")
    def accommodations_summary(self, obj: Registration) -> str:
        return _accommodations(obj)


if TYPE_CHECKING:  # what the mixin below is mixed into, for its super() call
    _AdminBase = admin.options.BaseModelAdmin[Any]
else:
    _AdminBase = object


class _ProctorsSeeTheirWindows(_AdminBase):
    """A proctor with no other say over windows sees only the windows they proctor and the
    seats in them (who is registered, with what accommodations, is confidential)."""

    window_lookup = "pk__in"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        rows = super().get_queryset(request)
        user = signed_in(request)
        runs_windows = ("exams.change_testingwindow", "exams.manage_registration")
        if user.has_perm(delivery.PROCTOR) and not any(map(user.has_perm, runs_windows)):
            rows = rows.filter(**{self.window_lookup: delivery.proctored_windows(user)})
        return rows


@admin.register(TestingWindow)
class TestingWindowAdmin(_ProctorsSeeTheirWindows, admin.ModelAdmin):
    list_display = (
        "name",
        "program",
        "delivery_mode",
        "opens_at",
        "closes_at",
        "capacity",
        "seats_taken",
        "check_in_required",
        "launch_code_required",
    )
    list_filter = ("program", "delivery_mode")
    search_fields = ("name",)
    inlines = [RegistrationInline]
    fields = (
        "program",
        "blueprint",
        "name",
        "delivery_mode",
        "location",
        ("opens_at", "closes_at"),
        "capacity",
        "check_in_required",
        "launch_code_required",
        "changes_close_hours",
        "proctors",
    )
    filter_horizontal = ("proctors",)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "proctors":  # only people with the proctor role can be assigned
            kwargs["queryset"] = User.objects.filter(groups__name=Role.PROCTOR, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="Seats taken")
    def seats_taken(self, obj: TestingWindow) -> int:
        return obj.seats_taken()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # its registrations are history

    def save_model(self, request: HttpRequest, obj: TestingWindow, form: Any, change: bool) -> None:
        registrations.save_window(obj, by=signed_in(request))


@admin.register(Registration)
class RegistrationAdmin(_ProctorsSeeTheirWindows, _DecisionPages):
    window_lookup = "window__in"
    list_display = (
        "authorization_code",
        "candidate_name",
        "window",
        "status",
        "accommodations_summary",
        "sat_on",
        "attempt_outcome",
    )
    list_filter = ("status", "program", "window")
    search_fields = ("authorization_code", "candidate__email", "candidate__legal_name")
    list_select_related = ("candidate", "window")
    fields = (
        "candidate",
        "program",
        "window",
        "application",
        "status",
        ("booked_at", "booked_by"),
        ("authorization_code", "authorization_expires_at"),
        "accommodations_summary",
        "time_factor",
        ("sat_on", "attempt_outcome"),
        ("changed_at", "changed_by"),
        "change_reason",
        "rescheduled_from",
    )
    readonly_fields = ("accommodations_summary", "time_factor")
    decisions = {
        "cancel": ("Cancel the registration", ReasonForm, "exams.manage_registration"),
        "move": ("Move to another window", WindowChoiceForm, "exams.manage_registration"),
        "no-show": ("Record a no-show", forms.Form, "exams.manage_registration"),
    }

    @admin.display(description="Candidate", ordering="candidate__legal_name")
    def candidate_name(self, obj: Registration) -> str:
        return obj.candidate.legal_name or obj.candidate.email

    @admin.display(description="Accommodations")
    def accommodations_summary(self, obj: Registration) -> str:
        return _accommodations(obj)

    def available(self, name: str, obj: Registration) -> bool:
        return obj.status == RegistrationStatus.BOOKED

    def form_for(self, name: str, obj: Registration, data: Any) -> forms.Form:
        if name == "move":
            windows = [
                w for w in registrations.bookable_windows(obj.program) if w.pk != obj.window_id
            ]
            return WindowChoiceForm(windows, data)
        return super().form_for(name, obj, data)

    def summary(self, obj: Registration) -> list[tuple[str, Any]]:
        return [
            ("Candidate", obj.candidate.legal_name),
            ("Window", obj.window),
            ("Status", obj.get_status_display()),
        ]

    def act(self, name: str, obj: Registration, data: dict[str, Any], by: Any) -> str:
        if name == "cancel":
            registrations.cancel_registration(obj, reason=data["reason"], by=by)
            return f"{obj.authorization_code} is cancelled — the candidate has been emailed."
        if name == "move":
            new = registrations.reschedule_registration(
                obj, data["window"], reason=data["reason"], by=by
            )
            return f"Moved to {new.window} as {new.authorization_code}; the candidate is emailed."
        registrations.record_no_show(obj, by=by)
        return f"{obj.authorization_code}: no-show recorded."


# --- forms ------------------------------------------------------------------------------------
# Read-only here: forms change only through the staff pages at /forms/ (assemble, swap, approve,
# retire), so that a frozen form never changes and every change has its service.


class FormItemInline(_ReadOnlyInline):
    model = FormItem
    fields = ("position", "item_version", "scored")
    readonly_fields = fields

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("exams.view_form")


@admin.register(Form)
class FormAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("code", "program", "blueprint", "status", "created_at", "frozen_at")
    list_filter = ("program", "status")
    search_fields = ("code",)
    inlines = [FormItemInline]
    readonly_fields = (
        "staff_page",
        "program",
        "blueprint",
        "code",
        "status",
        "item_order",
        "created_at",
        "created_by",
        "assembly_seed",
        "solver",
        "objective_value",
        "mip_gap",
        "assembly_spec",
        "assembly_report",
        "frozen_at",
        "frozen_by",
        "retired_at",
        "retired_by",
        "retire_reason",
    )
    fields = readonly_fields

    @admin.display(description="Review, swap, approve or retire")
    def staff_page(self, obj: Form) -> SafeString:
        url = reverse("forms:detail", args=[obj.pk])
        return format_html('<a href="{}">The form\'s page</a>', url)
