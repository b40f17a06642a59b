"""Shared fixtures: where the sample pack is, and where small hand-made files live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = Path(os.environ.get("STEMATLAS_SAMPLE", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def sample() -> Path:
    """The shared sample data pack; tests that need it skip where it is absent."""
    if not SAMPLE.is_dir():
        pytest.skip(f"sample data pack not found at {SAMPLE}")
    return SAMPLE


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def write(tmp_path):
    """Write a small file in an agency's layout: write("x.csv", text or bytes)."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode(encoding) if isinstance(content, str) else content
        path.write_bytes(data)
        return path

    return _write
