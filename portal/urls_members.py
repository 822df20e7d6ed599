from django.urls import path

from board import views_notifications
from portal import views_members, views_mypage

app_name = "members"
urlpatterns = [
    path("", views_mypage.MyPageView.as_view(), name="index"),
    path("pending/", views_members.PendingView.as_view(), name="pending"),
    path("profile/", views_members.ProfileView.as_view(), name="profile"),
    path("profile/confirm/", views_members.ProfileConfirmView.as_view(), name="profile-confirm"),
    path("reconfirm/<str:token>/", views_members.ReconfirmView.as_view(), name="reconfirm"),
    path("organization/", views_members.OrganizationView.as_view(), name="organization"),
    # The notification centre (the board's notifications, among the member's own pages).
    path("notifications/", views_notifications.NotificationListView.as_view(), name="notifications"),
    path("notifications/read/", views_notifications.NotificationReadAllView.as_view(), name="notifications-read-all"),
    path("notifications/<int:notification_id>/", views_notifications.NotificationOpenView.as_view(), name="notification"),
    path(
        "notifications/<int:notification_id>/read/", views_notifications.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path("handover/", views_members.HandoverView.as_view(), name="handover"),
    path("handover/cancel/", views_members.HandoverCancelView.as_view(), name="handover-cancel"),
    path("handover/accept/<str:token>/", views_members.HandoverAcceptView.as_view(), name="handover-accept"),
    path("leave/", views_members.LeaveView.as_view(), name="leave"),
]
