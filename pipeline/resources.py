"""Heavy resources (tokenizer, taxonomy, models) loaded once per process and passed to
whoever needs them: the CLI makes one ``Resources``; the app caches one with
``st.cache_resource``. Nothing here is module-global."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from huibian.nlp.lexicons import MODELS_DIR, load_stopwords


@dataclass
class Resources:
    models_dir: Path = field(default=MODELS_DIR)
    classifier_path: Path | None = None  # another trained model (default: models_dir's)

    @cached_property
    def tokenizer(self):
        from huibian.nlp.segment import Tokenizer

        return Tokenizer(self.models_dir / "userdict.txt")

    @cached_property
    def stopwords(self) -> frozenset[str]:
        return load_stopwords(self.models_dir / "stopwords.txt")

    # --- analysis (nlp/): taxonomy, classifier, carriers, annotator, analyzer ---------
    @cached_property
    def taxonomy(self):
        from huibian.nlp.taxonomy import load_taxonomy

        return load_taxonomy(self.models_dir / "taxonomy.json")

    @cached_property
    def carriers(self):
        from huibian.nlp.carriers import CarrierExtractor, load_carrier_rules

        return CarrierExtractor(load_carrier_rules(self.models_dir / "carrier_rules.json",
                                                   self.taxonomy), self.taxonomy)

    @cached_property
    def classifier(self):
        """Cue rules + the trained model (``models/classifier.skops``; rules only, with
        a warning on stderr, when no model has been trained yet)."""
        import sys

        from huibian.core.errors import ModelError
        from huibian.nlp.classify import Classifier, Models

        try:
            models = Models.load(self.classifier_path or self.models_dir / "classifier.skops",
                                 self.tokenizer)
        except ModelError as exc:
            if exc.code != "E501":
                raise
            print(f"huibian: {exc}; classifying with cue rules only", file=sys.stderr)
            models = None
        from huibian.nlp.lexicons import load_label_thresholds

        return Classifier(self.taxonomy, models, self.tokenizer,
                          thresholds=load_label_thresholds(
                              self.models_dir / "label_thresholds.json", self.taxonomy))

    @cached_property
    def annotator(self):
        from huibian.nlp.annotate import Annotator, load_entity_patterns

        return Annotator(self.tokenizer, self.taxonomy, self.carriers,
                         load_entity_patterns(self.models_dir / "entity_patterns.jsonl"))

    @cached_property
    def analyzer(self):
        from huibian.nlp.analysis import Analyzer

        from huibian.nlp.lexicons import load_genre_titles

        return Analyzer(self.classifier, self.carriers, self.annotator, self.stopwords,
                        genre_titles=load_genre_titles(self.models_dir / "genre_titles.txt",
                                                       self.taxonomy["genre"].ids))
