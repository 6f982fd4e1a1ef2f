from django.urls import path

from participants import views

app_name = "participants"

urlpatterns = [
    path("", views.participant_list, name="list"),
    path("ny/", views.participant_create_view, name="create"),
    path("<int:pk>/", views.participant_detail, name="detail"),
    path("<int:pk>/andra/", views.participant_edit, name="edit"),
    path("<int:pk>/personnummer/", views.reveal_personnummer, name="reveal_personnummer"),
    path("<int:pk>/uppgifter/<str:category>/", views.category_edit, name="category_edit"),
    path("<int:pk>/samtycke/nytt/", views.consent_create, name="consent_create"),
    path("<int:pk>/samtycke/<int:consent_id>/aterkalla/", views.consent_withdraw_view, name="consent_withdraw"),
    path("<int:pk>/anteckningar/ny/", views.note_create_view, name="note_create"),
]
