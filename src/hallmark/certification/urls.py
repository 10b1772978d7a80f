from django.urls import path

from hallmark.certification import views

urlpatterns = [
    path("", views.registry, name="registry"),
    path("lookup/", views.lookup, name="registry-lookup"),
    path("<str:number>/", views.credential_detail, name="registry-credential"),
]
