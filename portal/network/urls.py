from django.urls import path

from portal.network import views

app_name = "municipalities"
urlpatterns = [
    path("wards/", views.WardListView.as_view(), name="ward-list"),
    path("wards/<str:code>/", views.WardDetailView.as_view(), name="ward-detail"),
    path("municipalities/", views.MunicipalityListView.as_view(), name="list"),
    path("municipalities/<str:code>/", views.MunicipalityDetailView.as_view(), name="detail"),
]
