from django.urls import path

from portal import views_members

app_name = "members"
urlpatterns = [
    path("pending/", views_members.PendingView.as_view(), name="pending"),
    path("profile/", views_members.ProfileView.as_view(), name="profile"),
    path("organization/", views_members.OrganizationView.as_view(), name="organization"),
]
