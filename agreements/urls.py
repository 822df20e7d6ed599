from django.urls import path

from agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.AgreementIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.FederationDetailView.as_view(), name="federation"),
]
