"""API rate limits: past the rate, 429 with Retry-After and a JSON body with a code."""

from django.core.cache import cache

from tests import factories as f


def lower_rates(settings, anon: str, user: str) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
    }
    cache.clear()


def test_anonymous_clients_are_throttled_per_address(settings, api_client):
    lower_rates(settings, anon="5/minute", user="1000/minute")
    f.SourceFactory()

    answers = [api_client.get("/api/v1/sources/").status_code for _ in range(6)]
    other_address = api_client.get("/api/v1/sources/", REMOTE_ADDR="192.0.2.7")

    assert answers == [200] * 5 + [429]
    refused = api_client.get("/api/v1/sources/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["code"] == "throttled"
    assert other_address.status_code == 200


def test_signed_in_clients_are_throttled_per_account(settings, archivist_api_client):
    lower_rates(settings, anon="1000/minute", user="3/minute")

    answers = [archivist_api_client.get("/api/v1/stages/").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]


def test_two_hundred_rapid_calls_meet_the_default_limit(settings, api_client):
    lower_rates(settings, anon="120/minute", user="600/minute")

    answers = [api_client.get("/api/v1/stages/").status_code for _ in range(200)]

    assert answers.count(429) == 80
