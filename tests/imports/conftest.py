from pathlib import Path

import pytest

# A copy of the sample FRUS excerpt (US government work, public domain), so that the suite
# needs nothing outside the checkout.
SAMPLE = Path(__file__).parent / "data" / "frus1924v02-japan.xml"


@pytest.fixture
def sample_path():
    return SAMPLE


@pytest.fixture
def sample_copy(sample_path, tmp_path):
    """Write a changed copy of the sample: sample_copy(old, new, ...) → its path."""

    def write(*replacements: str, name: str = "copy.xml") -> Path:
        text = sample_path.read_text(encoding="utf-8")
        for old, new in zip(replacements[::2], replacements[1::2], strict=True):
            assert old in text, old
            text = text.replace(old, new)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
