"""The signed credentials' public addresses, under /credentials/: the issuer profile, status
lists, achievements, the verifier, the holder's downloads and share page, the programs' badge
pictures, and recertification.

The JSON documents have no trailing slash: their URL is their id inside signed documents.
"""

from django.urls import include, path

from hallmark.certification import share_views, views

urlpatterns = [
    path("issuer", views.issuer, name="credentials-issuer"),
    path("status/<int:pk>", views.status_list, name="credentials-status-list"),
    path("achievements/<str:designation>", views.achievement, name="credentials-achievement"),
    path("verify/", views.verify, name="credentials-verify"),
    path("mine/", views.my_credentials, name="credentials-mine"),
    path("<str:number>/credential.json", views.download_json, name="credentials-json"),
    path("<str:number>/certificate.pdf", views.download_certificate, name="credentials-pdf"),
    path("<str:number>/wallet-card.pdf", views.download_wallet_card, name="credentials-wallet"),
    path("<str:number>/badge.png", views.download_badge_png, name="credentials-badge-png"),
    path("<str:number>/badge.svg", views.download_badge_svg, name="credentials-badge-svg"),
    path("<str:number>/share/", share_views.share_page, name="credentials-share"),
    path(
        "<str:number>/share/switch",
        share_views.switch_share_page,
        name="credentials-share-switch",
    ),
    path(
        "badges/<str:designation>.png",
        share_views.badge_picture,
        name="credentials-badge-image",
    ),
    path("", include("hallmark.certification.recertification.urls")),
]
