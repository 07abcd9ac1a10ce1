"""Query words that name an agent stand for every name of that agent.

A record mentions Karakhan as カラハン, Карахан or Karakhan, and its text holds only what it was
written with; the agents' own search text holds all their names and the spellings readers use
(Karahan, Ioffe, Yosizawa). A query word found there is widened to every name of the agents it
names, so each spelling finds the same records.
"""

from catalogue.models import Agent, AgentName
from core.text import normalise

# A word found in more agents than this is a common word, not a name: it is not widened.
MAX_AGENTS = 3
# Shorter words are parts of too many names (one kana, two Latin letters).
MIN_LENGTH = 2


def agent_name_synonyms(word: str) -> set[str]:
    """Every name (normalised) of the agents whose search text contains `word`: one query."""
    if len(word) < MIN_LENGTH or (word.isascii() and len(word) < 3):
        return set()
    # Searched without synonyms (this is where they come from), through the gram index for
    # a short kana/kanji word as any search is.
    agents = Agent.objects.search(word, synonyms_of=lambda _word: ()).values("pk")
    agents = agents[: MAX_AGENTS + 1]
    rows = list(AgentName.objects.filter(agent__in=agents).values_list("agent", "value"))
    if len({agent for agent, _value in rows}) > MAX_AGENTS:
        return set()
    return {normalise(value) for _agent, value in rows}
