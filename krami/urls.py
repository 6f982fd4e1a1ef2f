"""Top-level URL configuration. Every app has its own namespace."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("krami.core_urls")),
    path("deltagare/", include("participants.urls")),
    path("inskrivning/", include("intake.urls")),
    path("overenskommelser/", include("agreements.urls")),
    path("integritet/", include("privacy.urls")),
    path("rapporter/", include("reporting.urls")),
    path("saml2/", include("krami.federation.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler500 = "krami.errors.server_error"
