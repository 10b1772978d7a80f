from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest, HttpResponse

from hallmark.accounts import services
from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.models import (
    AccessRecord,
    ErasureRequest,
    Job,
    LegalNameChange,
    MessageTemplate,
    NameSearchChange,
    RetentionRecord,
    RetentionSchedule,
    SecondFactorEvent,
    SentMessage,
    User,
)
from hallmark.lib.admin import ReadOnlyAdmin
from hallmark.lib.views import signed_in


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "legal_name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_active", "groups")
    search_fields = ("email", "legal_name", "preferred_name")
    # A legal name changes only through the recorded correction (Legal name changes → Add).
    # Found by name in the registry: the person's own choice, made on their data page.
    readonly_fields = ("legal_name", "listed_by_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("legal_name", "preferred_name", "phone", "listed_by_name")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined", "email_verified_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ("groups",)


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ("__str__", "key", "language", "subject", "updated_at", "updated_by")
    list_filter = ("language",)
    fields = ("key", "language", "subject", "body", "placeholders", "updated_at", "updated_by")
    readonly_fields = ("key", "language", "placeholders", "updated_at", "updated_by")
    search_fields = ("key", "subject", "body")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # one template per kind of message and language, created with the kinds

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: MessageTemplate, form: Any, change: bool
    ) -> None:
        services.update_message_template(
            obj,
            subject=obj.subject,
            body=obj.body,
            by=signed_in(request),
        )


@admin.register(SentMessage)
class SentMessageAdmin(ReadOnlyAdmin):
    """Every message, read-only: the outbox (queued, failed after its last attempt) and the record
    of what was sent. Looking at the list or at a message goes into the access record."""

    list_display = ("sent_at", "key", "to", "subject", "status", "attempts", "error")
    exclude = ("secret_body", "secret_to")
    list_filter = ("key", "status")
    search_fields = ("to", "subject", "person__email")
    date_hierarchy = "sent_at"
    list_select_related = ("person",)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            services.record_access(
                request,
                AccessRecordKind.MESSAGES,
                SentMessage,
                what=f"the sent messages list {request.GET.urlencode()}".strip()[:300],
                reason="staff admin: the sent messages",
            )
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        response = super().change_view(request, object_id, *args, **kwargs)
        message = SentMessage.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if message is not None and response.status_code == 200:
            services.record_access(
                request,
                AccessRecordKind.MESSAGES,
                message,
                what=f"sent message {message.pk} ({message.get_key_display()} to {message.to})",
                reason="staff admin: a sent message",
                person_id=message.person_id,
            )
        return response


@admin.register(AccessRecord)
class AccessRecordAdmin(ReadOnlyAdmin):
    """Who opened which confidential record, when, why and from where: read-only, for the
    credentialing officer (view permission); nobody adds, changes or deletes a record."""

    list_display = ("at", "who", "kind", "what", "person", "reason", "address")
    list_filter = ("kind", ("who", admin.RelatedOnlyFieldListFilter))
    search_fields = ("who__email", "person__email", "what", "reason", "address")
    date_hierarchy = "at"
    list_select_related = ("who", "person")


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """The jobs staff started, read-only: who, when, where each is, what it made or why not."""

    list_display = ("started_at", "kind", "scope", "started_by", "state", "step", "finished_at")
    list_filter = ("kind", "state")
    search_fields = ("scope", "started_by__email", "error")
    date_hierarchy = "started_at"
    list_select_related = ("started_by",)


@admin.register(SecondFactorEvent)
class SecondFactorEventAdmin(ReadOnlyAdmin):
    """The journal of second factors, read-only: resets are made on their own page."""

    list_display = ("at", "person", "kind", "by", "reason")
    list_filter = ("kind",)
    search_fields = ("person__email", "by__email", "reason")
    date_hierarchy = "at"
    list_select_related = ("person", "by")


class LegalNameCorrectionForm(forms.ModelForm):
    """Staff correct a legal name: whose (by email), the corrected name, and why."""

    email = forms.EmailField(label="Person's email")

    class Meta:
        model = LegalNameChange
        fields = ("email", "new", "reason")

    def clean_email(self) -> User:
        person = User.objects.filter(email__iexact=self.cleaned_data["email"]).first()
        if person is None:
            raise forms.ValidationError("Nobody has an account with that email address.")
        return person

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        person, new = data.get("email"), (data.get("new") or "").strip()
        if person is not None and new == person.legal_name:
            self.add_error("new", f"{person.email}'s legal name is already {new!r}.")
        return data

    def _post_clean(self) -> None:
        pass  # the instance is made by the service, not from the form


@admin.register(LegalNameChange)
class LegalNameChangeAdmin(admin.ModelAdmin):
    """Every change of legal name, read-only; staff add a correction here, with a reason."""

    list_display = ("at", "person", "old", "new", "by", "reason")
    search_fields = ("person__email", "old", "new")
    list_select_related = ("person", "by")
    form = LegalNameCorrectionForm

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> LegalNameChange:
        # The service changes the name and records it, in one transaction.
        return services.correct_legal_name(
            form.cleaned_data["email"],
            new=form.cleaned_data["new"],
            reason=form.cleaned_data["reason"],
            by=signed_in(request),
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        pass  # saved by save_form

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass


@admin.register(NameSearchChange)
class NameSearchChangeAdmin(ReadOnlyAdmin):
    """People turning the registry's name search of them off or on."""

    list_display = ("at", "person", "listed", "by")
    search_fields = ("person__email",)
    list_select_related = ("person", "by")


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnlyAdmin):
    """Requests for erasure and their outcomes; decided on their own page, not here."""

    list_display = ("requested_at", "person", "status", "decided_at", "decided_by")
    list_filter = ("status",)
    search_fields = ("person__email",)
    list_select_related = ("person", "decided_by")


@admin.register(RetentionSchedule)
class RetentionScheduleAdmin(admin.ModelAdmin):
    """How long each program keeps evidence files, responses and messages' text."""

    list_display = ("program", "evidence_days", "responses_days", "messages_days", "updated_by")
    fields = ("program", "evidence_days", "responses_days", "messages_days")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: RetentionSchedule, form: Any, change: bool
    ) -> None:
        obj.updated_by = signed_in(request)
        super().save_model(request, obj, form, change)


@admin.register(RetentionRecord)
class RetentionRecordAdmin(ReadOnlyAdmin):
    """What the daily job removed under the retention schedules."""

    list_display = ("at", "program", "kind", "count", "made_before")
    list_filter = ("kind",)
