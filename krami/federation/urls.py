"""The SAML endpoints (under /saml2/): start a sign-in, the provider's answers, Krami's metadata."""

from django.urls import path

from krami.federation import views

app_name = "saml2"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("acs/", views.AssertionConsumerView.as_view(), name="acs"),
    path("ls/", views.LogoutServiceView.as_view(), name="ls"),
    path("ls/post/", views.LogoutServiceView.as_view(), name="ls_post"),
    path("metadata/", views.MetadataView.as_view(), name="metadata"),
]
