from django.urls import path

from catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path("sources/export.csv", views.source_export_csv, name="source-export-csv"),
    path("sources/<int:pk>/", views.SourceDetailView.as_view(), name="source-detail"),
]
