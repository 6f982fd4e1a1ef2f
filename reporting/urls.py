from django.urls import path

from reporting.views import national, places, unit, year

app_name = "reporting"

urlpatterns = [
    path("", unit.index, name="index"),
    path("enhet/<int:unit_id>/", unit.dashboard, name="unit"),
    path("enhet/<int:unit_id>/ar/", year.year, name="year"),
    path("enhet/<int:unit_id>/stang-manad/", unit.close_month, name="close_month"),
    path("enhet/<int:unit_id>/stang-manad/granska/", unit.close_month_check, name="close_month_check"),
    path("enhet/<int:unit_id>/motespaket.pdf", unit.pack_pdf, name="pdf"),
    path("enhet/<int:unit_id>/siffror.xlsx", unit.export_xlsx, name="xlsx"),
    path("enhet/<int:unit_id>/siffror.csv", unit.export_csv, name="csv"),
    path("enhet/<int:unit_id>/kopta-platser/", places.places, name="places"),
    path("enhet/<int:unit_id>/kopta-platser/underlag.csv", places.places_csv, name="places_csv"),
    path("enhet/<int:unit_id>/kopta-platser/underlag.xlsx", places.places_xlsx, name="places_xlsx"),
    path("nationellt/", national.national, name="national"),
    path("nationellt/siffror.xlsx", national.national_xlsx, name="national_xlsx"),
]
