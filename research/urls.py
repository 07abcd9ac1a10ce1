from django.urls import path

from research import views

app_name = "research"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path("sources/export.csv", views.source_export_csv, name="source-export-csv"),
    path("sources/<int:pk>/", views.SourceDetailView.as_view(), name="source-detail"),
    path("abbreviations/", views.AbbreviationListView.as_view(), name="abbreviation-list"),
    path("claims/", views.ClaimListView.as_view(), name="claim-list"),
    path("claims/<int:pk>/", views.ClaimDetailView.as_view(), name="claim-detail"),
    path("agents/", views.AgentListView.as_view(), name="agent-list"),
    path("agents/<slug:slug>/", views.AgentDetailView.as_view(), name="agent-detail"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event-detail"),
    path("chronology/", views.ChronologyView.as_view(), name="chronology"),
    path("stages/", views.StageListView.as_view(), name="stage-list"),
    path("positions/", views.PositionListView.as_view(), name="position-list"),
    path("ns/context.jsonld", views.jsonld_context, name="jsonld-context"),
]
