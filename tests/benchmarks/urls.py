"""The site's URLs plus the two baseline endpoints the API benchmark compares against."""

from django.urls import path

from config.urls import urlpatterns as site
from tests.benchmarks.endpoints import PlainSourceList, floor_sources

urlpatterns = [
    path("bench/floor/sources/", floor_sources),
    path("bench/plain/sources/", PlainSourceList.as_view()),
    *site,
]
