"""Heavy resources (tokenizer, taxonomy, models) loaded once per process and passed to
whoever needs them: the CLI makes one ``Resources``; the app caches one with
``st.cache_resource``. Nothing here is module-global."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from nlp.lexicons import MODELS_DIR, load_stopwords


@dataclass
class Resources:
    models_dir: Path = field(default=MODELS_DIR)

    @cached_property
    def tokenizer(self):
        from nlp.segment import Tokenizer

        return Tokenizer(self.models_dir / "userdict.txt")

    @cached_property
    def stopwords(self) -> frozenset[str]:
        return load_stopwords(self.models_dir / "stopwords.txt")
