from django.urls import path

from intake.views import groups, meetings, participant, registerimport, todo, unit

app_name = "intake"

urlpatterns = [
    path("", unit.overview, name="overview"),
    path("att-gora/", todo.todo_page, name="todo"),
    path("enhet/<int:unit_id>/ko/", unit.queue, name="queue"),
    path("enhet/<int:unit_id>/uppfoljningar/", unit.followups, name="followups"),
    path("enhet/<int:unit_id>/informationsmoten/", meetings.meetings, name="meetings"),
    path("enhet/<int:unit_id>/informationsmoten/ny/", meetings.meeting_create, name="meeting_create"),
    path("enhet/<int:unit_id>/informationsmoten/tid/ny/", meetings.slot_edit, name="slot_create"),
    path("enhet/<int:unit_id>/informationsmoten/tid/<int:slot_id>/", meetings.slot_edit, name="slot_edit"),
    path("informationsmote/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("informationsmote/<int:pk>/besokare/", meetings.walkin_add, name="walkin_add"),
    path("informationsmote/<int:pk>/deltagare/", meetings.attendance_add, name="attendance_add"),
    path(
        "informationsmote/<int:pk>/deltagare/<int:attendance_id>/narvaro/",
        meetings.attendance_record_view,
        name="attendance_record",
    ),
    path(
        "informationsmote/<int:pk>/besokare/<int:attendance_id>/registrera/",
        meetings.walkin_register_view,
        name="walkin_register",
    ),
    path("informationsmote/<int:pk>/koppla/", meetings.walkin_link_view, name="walkin_link"),
    path("enhet/<int:unit_id>/grupper/", groups.groups, name="groups"),
    path("enhet/<int:unit_id>/grupper/ny/", groups.group_create_view, name="group_create"),
    path("grupp/<int:pk>/", groups.group_detail, name="group_detail"),
    path("grupp/<int:pk>/tillfallen/ny/", groups.session_add_view, name="session_add"),
    path("grupp/<int:pk>/tillfallen/<int:session_id>/", groups.session_attendance, name="session_attendance"),
    path("import/", registerimport.imports, name="imports"),
    path("import/mall.<str:fmt>", registerimport.import_template, name="import_template"),
    path("import/<int:pk>/", registerimport.import_detail, name="import_detail"),
    path("import/<int:pk>/kontrollera/", registerimport.import_check, name="import_check"),
    path("import/<int:pk>/genomfor/", registerimport.import_apply, name="import_apply"),
    path("import/<int:pk>/forlopp/", registerimport.import_progress, name="import_progress"),
    path("import/<int:pk>/kasta/", registerimport.import_discard, name="import_discard"),
    path("deltagare/<int:pk>/", participant.participant_intake, name="participant"),
    path("deltagare/<int:pk>/intervju/ny/", participant.interview_create, name="interview_create"),
    path("deltagare/<int:pk>/intervju/<int:interview_id>/utfall/", participant.interview_outcome_view, name="interview_outcome"),
    path("deltagare/<int:pk>/intervju/<int:interview_id>/kalender.ics", participant.interview_ics, name="interview_ics"),
    path(
        "deltagare/<int:pk>/informationsmote/<int:attendance_id>/kalender.ics",
        participant.meeting_booking_ics,
        name="meeting_booking_ics",
    ),
    path("deltagare/<int:pk>/bedomning/ny/", participant.assessment_create, name="assessment_create"),
    path("deltagare/<int:pk>/ko/", participant.queue_place_view, name="queue_place"),
    path("deltagare/<int:pk>/start/", participant.start, name="start"),
    path("deltagare/<int:pk>/avslut/", participant.exit_view, name="exit"),
    path("deltagare/<int:pk>/uppfoljning/<int:followup_id>/", participant.followup_record_view, name="followup_record"),
    path("deltagare/<int:pk>/drogtest/ny/", participant.drugtest_create, name="drugtest_create"),
    path("deltagare/<int:pk>/drogtest/<int:test_id>/resultat/", participant.drugtest_result, name="drugtest_result"),
    path("deltagare/<int:pk>/drogtest/<int:test_id>/beslut/", participant.drugtest_decision, name="drugtest_decision"),
]
