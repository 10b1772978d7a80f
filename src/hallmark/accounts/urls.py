from django.urls import path

from hallmark.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-up/", views.sign_up, name="sign-up"),
    path("sign-up/check-your-email/", views.check_email, name="check-email"),
    path("verify/<uidb64>/<token>/", views.verify, name="verify"),
    path("profile/", views.profile, name="profile"),
    path("profile/demographics/", views.demographics, name="demographics"),
]
