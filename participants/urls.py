from django.urls import path

from participants.views import consent, employers, notes, programme, register, team

app_name = "participants"

urlpatterns = [
    path("", register.participant_list, name="list"),
    path("ny/", register.participant_create_view, name="create"),
    path("sok/", register.participant_search, name="search"),
    path("team/", team.team_view, name="team"),
    path("<int:pk>/", register.participant_detail, name="detail"),
    path("<int:pk>/andra/", register.participant_edit, name="edit"),
    path("<int:pk>/personnummer/", register.reveal_personnummer, name="reveal_personnummer"),
    path("<int:pk>/uppgifter/<str:category>/", register.category_edit, name="category_edit"),
    path("<int:pk>/samtycke/nytt/", consent.consent_create, name="consent_create"),
    path("<int:pk>/samtycke/<int:consent_id>/aterkalla/", consent.consent_withdraw_view, name="consent_withdraw"),
    path("<int:pk>/samtycke/begar/", consent.consent_request_create_view, name="consent_request_create"),
    path(
        "<int:pk>/samtycke/begaran/<int:request_id>/avbojd/",
        consent.consent_request_decline_view,
        name="consent_request_decline",
    ),
    path("<int:pk>/anteckningar/", notes.journal, name="journal"),
    path("<int:pk>/anteckningar/ny/", notes.note_create_view, name="note_create"),
    path("<int:pk>/paminnelser/ny/", notes.reminder_create_view, name="reminder_create"),
    path("<int:pk>/paminnelser/<int:reminder_id>/", notes.reminder_edit_view, name="reminder_edit"),
    path("<int:pk>/paminnelser/<int:reminder_id>/ta-bort/", notes.reminder_delete_view, name="reminder_delete"),
    path("<int:pk>/anteckningar/<int:note_id>/andra/", notes.note_edit_view, name="note_edit"),
    path("<int:pk>/handlaggare/", team.reassign_view, name="reassign"),
    path("<int:pk>/praktik/ny/", programme.internship_create, name="internship_create"),
    path("<int:pk>/praktik/<int:internship_id>/andra/", programme.internship_edit, name="internship_edit"),
    path("<int:pk>/anstallning/ny/", programme.employment_create, name="employment_create"),
    path("<int:pk>/anstallning/<int:employment_id>/andra/", programme.employment_edit, name="employment_edit"),
    path("<int:pk>/studier/ny/", programme.studies_create, name="studies_create"),
    path("<int:pk>/studier/<int:studies_id>/andra/", programme.studies_edit, name="studies_edit"),
    path("arbetsgivare/", employers.employer_list, name="employer_list"),
    path("arbetsgivare/ny/", employers.employer_create_view, name="employer_create"),
    path("arbetsgivare/<int:employer_id>/", employers.employer_detail, name="employer_detail"),
    path("arbetsgivare/<int:employer_id>/andra/", employers.employer_edit, name="employer_edit"),
]
