from django.urls import path

from privacy import views, views_extract

app_name = "privacy"

urlpatterns = [
    path("enhet/<int:unit_id>/loggkontroll/", views.log_review, name="log_review"),
    path("enhet/<int:unit_id>/loggkontroll/signera/", views.log_review_sign_off_view, name="log_review_sign_off"),
    path("deltagare/<int:pk>/registerutdrag/", views_extract.extract_page, name="extract"),
    path("deltagare/<int:pk>/registerutdrag.pdf", views_extract.extract_pdf_view, name="extract_pdf"),
    path("deltagare/<int:pk>/registerutdrag.json", views_extract.extract_json_view, name="extract_json"),
]
