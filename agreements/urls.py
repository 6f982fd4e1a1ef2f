from django.urls import path

from agreements.views import agreements, costs, documents

app_name = "agreements"

urlpatterns = [
    path("", agreements.agreement_list, name="list"),
    path("enhet/<int:unit_id>/ny/", agreements.agreement_create_view, name="create"),
    path("enhet/<int:unit_id>/regler/", agreements.rules, name="rules"),
    path("<int:pk>/", agreements.agreement_detail, name="detail"),
    path("<int:pk>/avsnitt/<str:section>/", agreements.section_edit, name="section_edit"),
    path("<int:pk>/aktivera/", agreements.activate, name="activate"),
    path("<int:pk>/sag-upp/", agreements.terminate, name="terminate"),
    path("<int:pk>/avsluta/", agreements.end, name="end"),
    path("<int:pk>/ta-bort/", agreements.delete, name="delete"),
    path("<int:pk>/kopiera/", agreements.copy, name="copy"),
    path("<int:pk>/jamfor/", documents.compare, name="compare"),
    path("<int:pk>/historik/", documents.history, name="history"),
    path("<int:pk>/pdf/", documents.pdf, name="pdf"),
    path("<int:pk>/kostnader/", costs.costs, name="costs"),
    path("<int:pk>/kostnader/ny/", costs.cost_edit, name="cost_create"),
    path("<int:pk>/kostnader/<int:cost_id>/", costs.cost_edit, name="cost_edit"),
    path("<int:pk>/kostnader/<int:cost_id>/ta-bort/", costs.cost_delete_view, name="cost_delete"),
    path("<int:pk>/kostnadsslag/ny/", costs.category_edit, name="category_create"),
    path("<int:pk>/kostnadsslag/<int:category_id>/", costs.category_edit, name="category_edit"),
    path("<int:pk>/kostnadsslag/<int:category_id>/ta-bort/", costs.category_delete_view, name="category_delete"),
    path("<int:pk>/avrakning/", costs.settlement, name="settlement"),
    path("<int:pk>/avrakning.pdf", costs.settlement_pdf_view, name="settlement_pdf"),
]
