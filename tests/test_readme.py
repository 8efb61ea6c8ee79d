"""The README's Python examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_test_blocks() -> list[str]:
    """Return the README's Python code blocks that define a complete test."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    return [block for block in blocks if "def test_" in block and "..." not in block]


def test_readme_has_examples() -> None:
    assert len(readme_test_blocks()) >= 2


@pytest.mark.parametrize("index", range(len(readme_test_blocks())))
def test_readme_example_passes(pytester: pytest.Pytester, index: int) -> None:
    pytester.makepyfile(test_example=readme_test_blocks()[index])
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
