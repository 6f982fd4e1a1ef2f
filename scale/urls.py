"""The bench URLconf (krami.settings_bench only): the production URLs plus two baselines."""

from django.urls import path

from krami.urls import urlpatterns as production
from scale import bench_admin, views

urlpatterns = [
    path("bench/floor/", views.framework_floor, name="bench_floor"),
    path("bench/admin/", bench_admin.site.urls),
    *production,
]
