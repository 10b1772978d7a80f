"""The signed credentials' public addresses, under /credentials/: the issuer profile, status
lists, achievements, the verifier, and the holder's downloads.

The JSON documents have no trailing slash: their URL is their id inside signed documents.
"""

from django.urls import path

from hallmark.certification import recert_views, views

urlpatterns = [
    path("issuer", views.issuer, name="credentials-issuer"),
    path("status/<int:pk>", views.status_list, name="credentials-status-list"),
    path("achievements/<str:designation>", views.achievement, name="credentials-achievement"),
    path("verify/", views.verify, name="credentials-verify"),
    path("mine/", views.my_credentials, name="credentials-mine"),
    path("<str:number>/credential.json", views.download_json, name="credentials-json"),
    path("<str:number>/certificate.pdf", views.download_certificate, name="credentials-pdf"),
    path("<str:number>/wallet-card.pdf", views.download_wallet_card, name="credentials-wallet"),
    # recertification
    path("<str:number>/renewal/", recert_views.renewal, name="credentials-renewal"),
    path(
        "<str:number>/renewal/activities/",
        recert_views.log_activity,
        name="credentials-renewal-activity",
    ),
    path("<str:number>/renewal/apply/", recert_views.apply, name="credentials-renewal-apply"),
    path(
        "<str:number>/renewal/audit-evidence/",
        recert_views.audit_evidence,
        name="credentials-renewal-audit",
    ),
    path("evidence/<str:kind>/<int:pk>/", recert_views.evidence_file, name="credentials-evidence"),
    path("ce-courses/apply/", recert_views.course_application, name="credentials-ce-course-apply"),
]
