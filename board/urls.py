from django.urls import path

from board import views, views_settings

app_name = "board"
urlpatterns = [
    path("", views.BoardIndexView.as_view(), name="index"),
    path("new/", views.PostCreateView.as_view(), name="new"),
    path("mine/", views.BoardMineView.as_view(), name="mine"),
    path("<int:post_id>/", views.PostDetailView.as_view(), name="post"),
    path("<int:post_id>/edit/", views.PostUpdateView.as_view(), name="edit"),
    path("<int:post_id>/delete/", views.PostDeleteView.as_view(), name="delete"),
    path("<int:post_id>/reply/", views.ReplyCreateView.as_view(), name="reply"),
    path("<int:post_id>/status/", views.PostStatusView.as_view(), name="status"),
    path("<int:post_id>/engagement/", views.EngagementView.as_view(), name="engage"),
    path("<int:post_id>/moderate/", views.ModerationView.as_view(), name="moderate"),
    path("replies/<int:reply_id>/edit/", views.ReplyUpdateView.as_view(), name="reply_edit"),
    path("replies/<int:reply_id>/delete/", views.ReplyDeleteView.as_view(), name="reply_delete"),
    path("files/<int:attachment_id>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("subscriptions/", views_settings.SubscriptionsView.as_view(), name="subscriptions"),
    path("subscriptions/threads/<int:post_id>/", views_settings.ThreadWatchView.as_view(), name="watch"),
    # The e-mails' one-click unsubscribe: no login (the signed token is the proof).
    path("unsubscribe/<str:token>/", views_settings.UnsubscribeView.as_view(), name="unsubscribe"),
]
