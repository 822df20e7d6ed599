from django.urls import path

from disaster_support import views

app_name = "disaster_support"
urlpatterns = [
    path("", views.DisasterListView.as_view(), name="list"),
    path("<int:pk>/", views.DisasterDetailView.as_view(), name="detail"),
]
