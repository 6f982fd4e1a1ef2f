from django.urls import path

from privacy.views import extract, requests, review

app_name = "privacy"

urlpatterns = [
    path("enhet/<int:unit_id>/loggkontroll/", review.log_review, name="log_review"),
    path("enhet/<int:unit_id>/loggkontroll/las/<int:log_id>/kontrollerad/", review.log_review_check_view, name="log_review_check"),
    path("enhet/<int:unit_id>/loggkontroll/signera/", review.log_review_sign_off_view, name="log_review_sign_off"),
    path("enhet/<int:unit_id>/registerutdrag/", requests.request_list, name="extract_requests"),
    path("deltagare/<int:pk>/registerutdrag/", extract.extract_page, name="extract"),
    path("deltagare/<int:pk>/registerutdrag.pdf", extract.extract_pdf_view, name="extract_pdf"),
    path("deltagare/<int:pk>/registerutdrag.json", extract.extract_json_view, name="extract_json"),
    path("deltagare/<int:pk>/registerutdrag/begaran/ny/", requests.request_create, name="extract_request_create"),
    path("deltagare/<int:pk>/registerutdrag/begaran/<int:request_id>/", requests.request_detail, name="extract_request"),
]
