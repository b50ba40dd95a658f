from django.urls import path

from initiatives.participation import views

app_name = "participation"

urlpatterns = [
    path("propose/", views.ProposeView.as_view(), name="propose"),
    path("propose/sent/", views.sent("participation/proposal_sent.html"), name="proposal-sent"),
    path("initiatives/<slug:slug>/correct/", views.CorrectionView.as_view(), name="correct"),
    path(
        "initiatives/<slug:slug>/correct/sent/",
        views.sent("participation/correction_sent.html"),
        name="correction-sent",
    ),
    path("follow/", views.FollowView.as_view(), name="follow"),
    path("follow/confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("follow/unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("follow/manage/<str:token>/", views.ManageView.as_view(), name="manage"),
]
