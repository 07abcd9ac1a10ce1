from django.urls import path

from negotiations import views

app_name = "negotiations"

urlpatterns = [
    path("claims/", views.ClaimListView.as_view(), name="claim-list"),
    path("claims/<int:pk>/", views.ClaimDetailView.as_view(), name="claim-detail"),
    path("stages/", views.StageListView.as_view(), name="stage-list"),
    path("positions/", views.PositionListView.as_view(), name="position-list"),
]
