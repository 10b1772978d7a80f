"""A stand-in URL configuration with an `appeals:file` page, for the appeal address."""

from django.http import HttpResponse
from django.urls import include, path

appeals = ([path("elsewhere/<str:subject>/<int:pk>/", HttpResponse, name="file")], "appeals")
urlpatterns = [path("", include(appeals))]
