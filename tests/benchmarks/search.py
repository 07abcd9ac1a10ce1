"""Search (`q`) in the API list with short and long words in each script, against the same
list unfiltered. One- and two-character words are where a trigram index cannot help."""

from tests.benchmarks.harness import compare, get, measure

WORDS = [
    ("Japanese", ["油", "石油", "北樺太", "北樺太石油利権"]),
    ("Cyrillic", ["ж", "ко", "нефт", "Карахан"]),
    ("Latin", ["x", "oi", "oil", "Karakhan"]),
]


def run(client) -> None:
    unfiltered = measure(get(client, "/api/v1/sources/?page_size=50"))
    for script, words in WORDS:
        for word in words:
            compare(
                "search",
                f"q={word} ({script}, {len(word)} char{'s' if len(word) > 1 else ''})",
                get(client, "/api/v1/sources/", data={"q": word, "page_size": 50}),
                "no q",
                unfiltered,
            )
