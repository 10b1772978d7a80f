"""Staff admin: credentials are read-only records; status changes go through a reasoned form."""

import base64
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from hallmark.certification import services
from hallmark.certification.data import MAX_BADGE_IMAGE_BYTES, DecisionStatus
from hallmark.certification.issuer import status_list_url
from hallmark.certification.models import (
    BadgeImage,
    CertificationDecision,
    ConflictOfInterest,
    Credential,
    CredentialDocument,
    CredentialEvent,
    IssuerKey,
    Panel,
    PanelSeat,
    StatusList,
)
from hallmark.lib.admin import ReadOnly, ReadOnlyAdmin
from hallmark.lib.views import refusal_shown, signed_in
from hallmark.programs.models import Program

STATUS_ACTIONS = {
    "suspend": (services.suspend_credential, "certification.suspend_credential"),
    "revoke": (services.revoke_credential, "certification.revoke_credential"),
    "reinstate": (services.reinstate_credential, "certification.reinstate_credential"),
}


class StatusChangeForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a.capitalize()) for a in STATUS_ACTIONS])
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the credential's history and sent to the holder.",
    )


class EventInline(admin.TabularInline):
    model = CredentialEvent
    fields = ("sequence", "kind", "occurred_at", "actor", "reason", "hash", "signed_with")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DocumentInline(admin.TabularInline):
    """The signed documents, newest last; their content is the holder's to download."""

    model = CredentialDocument
    fields = ("issued_at", "superseded_at", "signed_with")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = "signed document"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Credential)
class CredentialAdmin(ReadOnlyAdmin):
    # Credentials are issued by the certification decision, never typed in here.
    list_display = ("number", "holder_name", "program", "kind", "status", "issued_on", "expires_on")
    list_filter = ("program", "kind", "status")
    search_fields = ("number", "holder_name", "holder__email")
    readonly_fields = (
        "number",
        "holder",
        "holder_name",
        "program",
        "kind",
        "issued_on",
        "expires_on",
        "status",
        "listed_by_name",
        "shared",
        "created_at",
        "status_list_entry",
    )
    inlines = [EventInline, DocumentInline]
    change_form_template = "certification/admin/credential_change_form.html"

    @admin.display(description="Status list entry")
    def status_list_entry(self, obj: Credential) -> str:
        entry = getattr(obj, "status_entry", None)
        if entry is None:
            return "None (issued before status lists)"
        return f"index {entry.index} of {status_list_url(entry.status_list)}"

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/status/",
                self.admin_site.admin_view(self.change_status),
                name="certification_credential_status",
            ),
            *super().get_urls(),
        ]

    def change_status(self, request: HttpRequest, pk: int) -> HttpResponse:
        credential = get_object_or_404(Credential, pk=pk)
        if not any(request.user.has_perm(p) for _, p in STATUS_ACTIONS.values()):
            raise PermissionDenied
        form = StatusChangeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            service, _ = STATUS_ACTIONS[form.cleaned_data["action"]]
            with refusal_shown(request, form):
                service(credential, actor=signed_in(request), reason=form.cleaned_data["reason"])
                self.message_user(request, f"{credential.number} updated.", messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:certification_credential_change", args=[pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Change the status of {credential.number}",
            "credential": credential,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "certification/admin/status_form.html", context)


@admin.register(IssuerKey)
class IssuerKeyAdmin(ReadOnlyAdmin):
    """The issuer's keys, public parts only (`hallmark keys create|rotate|list`)."""

    list_display = ("public_multibase", "source", "created_at", "retired_at")
    list_filter = ("source",)
    fields = (
        "verification_method",
        "public_multibase",
        "controller",
        "source",
        "created_at",
        "created_by",
        "retired_at",
        "retired_by",
        "retired_reason",
    )


@admin.register(StatusList)
class StatusListAdmin(ReadOnlyAdmin):
    list_display = ("pk", "allocated", "length", "signed_at", "url")
    fields = ("url", "status_size", "length", "allocated", "signed_at", "signed_with")

    @admin.display(description="Published at")
    def url(self, obj: StatusList) -> str:
        return status_list_url(obj)


class BadgeImageForm(forms.Form):
    program = forms.ModelChoiceField(queryset=Program.objects.order_by("designation"))
    image = forms.FileField(
        help_text="A PNG or an SVG of at most 256 KB, square (400 by 400 pixels shows well). "
        "An SVG may not hold scripts, event handlers or links to anything outside it."
    )

    def clean_image(self) -> bytes:
        upload = self.cleaned_data["image"]
        if upload.size > MAX_BADGE_IMAGE_BYTES:
            raise ValidationError(f"The file is {upload.size:,} bytes; the most is 256 KB.")
        return bytes(upload.read())


@admin.register(BadgeImage)
class BadgeImageAdmin(admin.ModelAdmin):
    """Each program's badge image: its manager uploads a new one (the newest of each format is
    baked into holders' badges); earlier ones stay as they were."""

    list_display = ("program", "format", "size", "uploaded_by", "uploaded_at")
    list_filter = ("program", "format")
    fields = ("preview", "program", "format", "size", "sha256", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Image")
    def preview(self, obj: BadgeImage) -> str:
        content_type = "image/png" if obj.format == "png" else "image/svg+xml"
        data = base64.b64encode(bytes(obj.image)).decode("ascii")
        return format_html(
            '<img src="data:{};base64,{}" alt="The {} badge image" width="160" height="160">',
            content_type,
            data,
            obj.program.designation,
        )

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BadgeImageForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            with refusal_shown(request, form):
                image = services.upload_badge_image(
                    form.cleaned_data["program"],
                    form.cleaned_data["image"],
                    actor=signed_in(request),
                )
                self.message_user(
                    request,
                    f"{image}: holders' {image.format.upper()} badges carry it from now on.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:certification_badgeimage_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload a badge image",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "certification/admin/badge_image_form.html", context)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="Recorded with the decision."
    )


@admin.register(CertificationDecision)
class CertificationDecisionAdmin(ReadOnlyAdmin):
    """Pending decisions wait here for a credentialing officer to confirm (and issue) or
    decline them."""

    list_display = ("candidate", "program", "passed_on", "status", "decided_at", "credential")
    list_filter = ("status", "program")
    search_fields = ("candidate__email", "candidate__legal_name", "source")
    fields = (
        "candidate",
        "program",
        "passed_on",
        "source",
        "result",
        "status",
        "decided_at",
        "resolved_at",
        "resolved_by",
        "reason",
        "credential",
    )
    actions = ["confirm"]
    change_form_template = "certification/admin/decision_change_form.html"

    def has_confirm_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("certification.confirm_decision")

    @admin.action(
        description="Confirm the selected decisions and issue the credentials",
        permissions=["confirm"],
    )
    def confirm(self, request: HttpRequest, queryset: Any) -> None:
        issued = 0
        for decision in queryset.filter(status=DecisionStatus.PENDING):
            try:
                decision = services.confirm_decision(decision, signed_in(request))
            except ValidationError as error:
                self.message_user(
                    request, f"{decision}: {'; '.join(error.messages)}", messages.ERROR
                )
            else:
                issued += 1
        self.message_user(request, f"{issued} credential(s) issued.", messages.SUCCESS)

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/resolve/",
                self.admin_site.admin_view(self.resolve),
                name="certification_certificationdecision_resolve",
            ),
            *super().get_urls(),
        ]

    def resolve(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Confirm (issue) or decline one pending decision."""
        decision = get_object_or_404(CertificationDecision, pk=pk)
        if not self.has_confirm_permission(request):
            raise PermissionDenied
        form = DeclineForm(request.POST or None)
        if request.method == "POST":
            with refusal_shown(request, form):
                if "confirm" in request.POST:
                    services.confirm_decision(decision, signed_in(request))
                elif form.is_valid():
                    services.decline_decision(
                        decision, signed_in(request), form.cleaned_data["reason"]
                    )
                else:
                    raise ValidationError("Give a reason to decline the decision.")
                self.message_user(request, f"{decision} resolved.", messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:certification_certificationdecision_change", args=[pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Confirm or decline: {decision}",
            "decision": decision,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "certification/admin/decision_form.html", context)


# The recertification and complaint pages register themselves with the admin site.
from hallmark.certification.complaints import admin as complaints_admin  # noqa: E402, F401
from hallmark.certification.recertification import admin as recertification_admin  # noqa: E402, F401


class PanelSeatInline(ReadOnly, admin.TabularInline):
    model = PanelSeat
    fk_name = "panel"
    extra = 0
    fields = ("reviewer", "chair", "assigned_by", "assigned_at", "vote", "vote_reason", "voted_at")
    readonly_fields = fields


@admin.register(Panel)
class PanelAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "purpose", "size", "created_at")
    list_filter = ("purpose",)
    inlines = [PanelSeatInline]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ReadOnlyAdmin):
    list_display = ("reviewer", "person", "declared_at")
    search_fields = ("reviewer__email", "person__email")


from hallmark.certification.appeals import admin as appeals_admin  # noqa: E402, F401

# The discipline cases register themselves with the admin site too.
from hallmark.certification.discipline import admin as discipline_admin  # noqa: E402, F401
