from django.urls import path

from hallmark.accounts import second_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-up/", views.sign_up, name="sign-up"),
    path("sign-up/check-your-email/", views.check_email, name="check-email"),
    path("verify/<uidb64>/<token>/", views.verify, name="verify"),
    path("profile/", views.profile, name="profile"),
    path("profile/demographics/", views.demographics, name="demographics"),
    path("my-data/", views.my_data, name="my-data"),
    path("my-data/name-search/", views.name_search, name="name-search"),
    path("my-data/download.json", views.download_my_data, {"kind": "json"}, name="my-data-json"),
    path("my-data/download.pdf", views.download_my_data, {"kind": "pdf"}, name="my-data-pdf"),
    path("my-data/erasure/", views.request_erasure, name="request-erasure"),
    path("erasure-requests/", views.erasure_requests, name="erasure-requests"),
    path("erasure-requests/<int:pk>/", views.erasure_request, name="erasure-request"),
    path("second-factor/", second_factor_views.code_step, name="second-factor"),
    path("second-factor/enrol/", second_factor_views.enrol, name="second-factor-enrol"),
    path("second-factor/backup-codes/", second_factor_views.backup_codes, name="backup-codes"),
    path("second-factor/reset/", second_factor_views.reset, name="second-factor-reset"),
]
