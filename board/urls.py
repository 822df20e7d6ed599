from django.urls import path

from board import views, views_answers, views_compose, views_reports, views_settings

app_name = "board"
urlpatterns = [
    path("", views.BoardIndexView.as_view(), name="index"),
    path("new/", views_compose.PostCreateView.as_view(), name="new"),
    path("mine/", views.BoardMineView.as_view(), name="mine"),
    path("drafts/", views_compose.DraftListView.as_view(), name="drafts"),
    path("drafts/<int:draft_id>/", views_compose.DraftView.as_view(), name="draft"),
    path("drafts/<int:draft_id>/delete/", views_compose.DraftDeleteView.as_view(), name="draft_delete"),
    path("<int:post_id>/", views.PostDetailView.as_view(), name="post"),
    path("<int:post_id>/unread/", views.FirstUnreadView.as_view(), name="first_unread"),
    path("<int:post_id>/edit/", views.PostUpdateView.as_view(), name="edit"),
    path("<int:post_id>/delete/", views.PostDeleteView.as_view(), name="delete"),
    path("<int:post_id>/reply/", views.ReplyCreateView.as_view(), name="reply"),
    path("<int:post_id>/status/", views.PostStatusView.as_view(), name="status"),
    path("<int:post_id>/engagement/", views.EngagementView.as_view(), name="engage"),
    path("<int:post_id>/answer/", views_answers.AnswerView.as_view(), name="answer"),
    path("<int:post_id>/answers.csv", views_answers.AnswersCSVView.as_view(), name="answers_csv"),
    path("<int:post_id>/report/", views_reports.ReportView.as_view(), name="report"),
    path("<int:post_id>/moderate/", views.ModerationView.as_view(), name="moderate"),
    path("answers/<int:answer_id>/ship/", views_answers.AnswerShipView.as_view(), name="answer_ship"),
    path("answers/<int:answer_id>/receive/", views_answers.AnswerReceiveView.as_view(), name="answer_receive"),
    path("replies/<int:reply_id>/", views.ReplyLinkView.as_view(), name="reply_link"),
    path("replies/<int:reply_id>/edit/", views.ReplyUpdateView.as_view(), name="reply_edit"),
    path("replies/<int:reply_id>/delete/", views.ReplyDeleteView.as_view(), name="reply_delete"),
    path("replies/<int:reply_id>/report/", views_reports.ReportView.as_view(), name="reply_report"),
    path("files/<int:attachment_id>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("subscriptions/", views_settings.SubscriptionsView.as_view(), name="subscriptions"),
    path("subscriptions/threads/<int:post_id>/", views_settings.ThreadWatchView.as_view(), name="watch"),
    # The e-mails' one-click unsubscribe: no login (the signed token is the proof).
    path("unsubscribe/<str:token>/", views_settings.UnsubscribeView.as_view(), name="unsubscribe"),
]
