"""A FRUS upload tried without writing, and the agents it makes flagged for review."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue.admin_review import agent_name_flag
from catalogue.models import Agent, Source
from tests.factories import AgentFactory, AgentNameFactory

URL = reverse("admin:catalogue_source_import_frus")


def upload(client, content: bytes, **data):
    file = SimpleUploadedFile("frus1924v02.xml", content, content_type="application/xml")
    return client.post(URL, {"file": file, **data})


def test_dry_run_reports_what_would_be_created_and_writes_nothing(archivist_client, sample_path):
    agents_before = Agent.objects.count()
    response = upload(archivist_client, sample_path.read_bytes(), dry_run="on")
    html = response.content.decode()
    assert 'id="frus-dry-run"' in html
    assert "13 created, 0 updated, 0 unchanged" in html
    assert 'class="frus-created"' in html
    assert not Source.objects.exists()
    assert Agent.objects.count() == agents_before


def test_real_import_links_new_agents_for_review_and_flags_roles(archivist_client, sample_path):
    response = upload(archivist_client, sample_path.read_bytes())
    html = response.content.decode()
    assert Source.objects.count() == 13
    assert 'id="frus-new-agents"' in html
    assert f"{reverse('admin:catalogue_agent_changelist')}?q=" in html


@pytest.mark.parametrize(
    ("name", "flagged"),
    [
        ("Secretary of State", True),
        ("Wilson", True),
        ("The Japanese Ambassador", True),
        ("Charles Evans Hughes", False),
        ("Edgar A. Bancroft", False),
    ],
)
def test_a_surname_or_a_role_is_flagged(name, flagged):
    assert bool(agent_name_flag(name)) is flagged


def test_needs_review_filter_lists_agents_known_only_in_english(archivist_client):
    english_only = AgentFactory(slug="hughes")
    AgentNameFactory(agent=english_only, value="Hughes", language="en")
    complete = AgentFactory(slug="joffe")
    AgentNameFactory(agent=complete, value="Joffe", language="en")
    AgentNameFactory(agent=complete, value="ヨッフェ", language="ja")
    response = archivist_client.get(
        reverse("admin:catalogue_agent_changelist") + "?review=imported"
    )
    assert list(response.context["cl"].result_list) == [english_only]
