"""The certificant's recertification pages and the providers' course application, under
/credentials/ beside the credential's other addresses."""

from django.urls import path

from hallmark.certification.recertification import views

urlpatterns = [
    path("<str:number>/renewal/", views.renewal, name="credentials-renewal"),
    path(
        "<str:number>/renewal/activities/",
        views.log_activity,
        name="credentials-renewal-activity",
    ),
    path("<str:number>/renewal/apply/", views.apply, name="credentials-renewal-apply"),
    path(
        "<str:number>/renewal/audit-evidence/",
        views.audit_evidence,
        name="credentials-renewal-audit",
    ),
    path("evidence/<str:kind>/<int:pk>/", views.evidence_file, name="credentials-evidence"),
    path("ce-courses/apply/", views.course_application, name="credentials-ce-course-apply"),
]
