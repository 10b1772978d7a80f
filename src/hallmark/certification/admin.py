"""Staff admin: credentials are read-only records; status changes go through a reasoned form."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from hallmark.certification import services
from hallmark.certification.models import Credential, CredentialEvent

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
    fields = ("sequence", "kind", "occurred_at", "actor", "reason", "hash")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
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
        "created_at",
    )
    inlines = [EventInline]
    change_form_template = "certification/admin/credential_change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # credentials are issued by the certification decision, not typed in

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

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
            try:
                service(credential, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
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
