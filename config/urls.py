from django.contrib import admin
from django.http import JsonResponse
from django.urls import path


def healthz(request):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


admin.site.site_header = "Kōshō 交渉 — archivists"
admin.site.site_title = "Kōshō admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
