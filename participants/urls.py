from django.urls import path

from participants import views, views_employers, views_programme, views_team

app_name = "participants"

urlpatterns = [
    path("", views.participant_list, name="list"),
    path("ny/", views.participant_create_view, name="create"),
    path("team/", views_team.team_view, name="team"),
    path("<int:pk>/", views.participant_detail, name="detail"),
    path("<int:pk>/andra/", views.participant_edit, name="edit"),
    path("<int:pk>/personnummer/", views.reveal_personnummer, name="reveal_personnummer"),
    path("<int:pk>/uppgifter/<str:category>/", views.category_edit, name="category_edit"),
    path("<int:pk>/samtycke/nytt/", views.consent_create, name="consent_create"),
    path("<int:pk>/samtycke/<int:consent_id>/aterkalla/", views.consent_withdraw_view, name="consent_withdraw"),
    path("<int:pk>/samtycke/begar/", views.consent_request_create_view, name="consent_request_create"),
    path(
        "<int:pk>/samtycke/begaran/<int:request_id>/avbojd/",
        views.consent_request_decline_view,
        name="consent_request_decline",
    ),
    path("<int:pk>/anteckningar/ny/", views.note_create_view, name="note_create"),
    path("<int:pk>/anteckningar/<int:note_id>/andra/", views.note_edit_view, name="note_edit"),
    path("<int:pk>/handlaggare/", views_team.reassign_view, name="reassign"),
    path("<int:pk>/praktik/ny/", views_programme.internship_create, name="internship_create"),
    path("<int:pk>/praktik/<int:internship_id>/andra/", views_programme.internship_edit, name="internship_edit"),
    path("<int:pk>/anstallning/ny/", views_programme.employment_create, name="employment_create"),
    path("<int:pk>/anstallning/<int:employment_id>/andra/", views_programme.employment_edit, name="employment_edit"),
    path("<int:pk>/studier/ny/", views_programme.studies_create, name="studies_create"),
    path("<int:pk>/studier/<int:studies_id>/andra/", views_programme.studies_edit, name="studies_edit"),
    path("arbetsgivare/", views_employers.employer_list, name="employer_list"),
    path("arbetsgivare/ny/", views_employers.employer_create_view, name="employer_create"),
    path("arbetsgivare/<int:employer_id>/", views_employers.employer_detail, name="employer_detail"),
    path("arbetsgivare/<int:employer_id>/andra/", views_employers.employer_edit, name="employer_edit"),
]
