"""OAI-PMH 2.0 provider (placeholder until the harvesting interface lands)."""

from django.http import HttpResponse


def endpoint(request):
    return HttpResponse("OAI-PMH is not available yet.", status=501, content_type="text/plain")
