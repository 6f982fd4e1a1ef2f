from django.urls import path

from krami import views

app_name = "krami"

urlpatterns = [
    path("", views.home, name="home"),
    path("konto/logga-in/", views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", views.logout_view, name="logout"),
    path("konto/tvafaktor/", views.two_factor, name="two_factor"),
    path("konto/fortsatt/", views.keep_alive, name="keep_alive"),
    path("konto/installningar/", views.account_settings, name="account_settings"),
    path("enhet/<int:unit_id>/logg/", views.access_log, name="access_log"),
    path("hjalp/begrepp/", views.glossary, name="glossary"),
]
