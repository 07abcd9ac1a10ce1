from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config import health
from config.api import router
from negotiations.admin_review import review_queue_view
from research.oai import provider as oai

admin.site.site_header = "Kōshō 交渉 — archivists"
admin.site.site_title = "Kōshō admin"

urlpatterns = [
    path("", include("research.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "admin/review/",
        admin.site.admin_view(lambda request: review_queue_view(request, admin.site)),
        name="admin-review",
    ),
    path("admin/", admin.site.urls),
    path("livez", health.live, name="livez"),
    path("readyz", health.ready, name="readyz"),
    path("healthz", health.ready, name="healthz"),  # compose and the image's HEALTHCHECK
    path("api/v1/", include((router.urls, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("oai", oai.endpoint, name="oai"),
]

handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
