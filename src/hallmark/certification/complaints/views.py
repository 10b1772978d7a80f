"""The public complaint pages: the form (no account needed), its confirmation, and a lookup of
where a complaint stands by its reference and the complainant's address.

Posts are rate-limited per address and bounded in size before their body is read.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from hallmark.accounts.forms import posted, uploaded
from hallmark.accounts.throttle import posts_limited
from hallmark.certification.complaints import services
from hallmark.certification.complaints.forms import ComplaintForm, StatusForm
from hallmark.certification.complaints.queries import complainants_complaint
from hallmark.certification.messages import filing_language
from hallmark.certification.models import Complaint
from hallmark.lib.storage import MAX_UPLOAD_BYTES
from hallmark.lib.views import bounded_body, refusal_shown

RECEIVED = "complaint_received"  # the session key of the complaint just filed
# Every attachment at its largest, and the text fields with room to spare.
MAX_BODY_BYTES = services.MAX_ATTACHMENTS * MAX_UPLOAD_BYTES + 256 * 1024


_bounded = bounded_body(
    MAX_BODY_BYTES,
    "certification/complaints/too_large.html",
    {"limit_mb": MAX_BODY_BYTES // (1024 * 1024)},
)


# The CSRF check reads the posted token, which parses the whole body: it runs inside
# (csrf_protect), once the rate limit and the size bound have let the request through.
@csrf_exempt
@posts_limited("complaints")
@_bounded
@csrf_protect
@require_http_methods(["GET", "POST"])
def complaint_form(request: HttpRequest) -> HttpResponse:
    form = ComplaintForm(posted(request), uploaded(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(request, form):
            complaint = services.file_complaint(
                program=data["program"],
                about=data["about"],
                what_happened=data["what_happened"],
                happened_on=data["happened_on"],
                certificant_name=data["certificant_name"],
                credential_number=data["credential_number"],
                complainant_name=data["complainant_name"],
                complainant_email=data["complainant_email"],
                attachments=data["attachments"],
                language=filing_language(request.user),
            )
            request.session[RECEIVED] = complaint.reference
            return redirect("complaints:received")
    status = 400 if request.method == "POST" else 200
    return render(request, "certification/complaints/form.html", {"form": form}, status=status)


@require_GET
def received(request: HttpRequest) -> HttpResponse:
    """The confirmation of the complaint this browser just filed: its reference and dates."""
    reference = request.session.get(RECEIVED)
    complaint = Complaint.objects.select_related("program").filter(reference=reference).first()
    if complaint is None:
        return redirect("complaints:form")
    return render(request, "certification/complaints/received.html", {"complaint": complaint})


@posts_limited("complaints")
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    form = StatusForm(posted(request))
    complaint = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        complaint = complainants_complaint(data["reference"], data["email"])
        if complaint is None:
            form.add_error(None, _("No complaint has this reference with this email address."))
    code = 400 if request.method == "POST" and complaint is None else 200
    context = {"form": form, "complaint": complaint}
    return render(request, "certification/complaints/status.html", context, status=code)
