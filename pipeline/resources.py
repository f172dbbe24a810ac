"""Heavy resources (tokenizer, taxonomy, models) loaded once per process and passed to
whoever needs them: the CLI makes one ``Resources``; the app caches one with
``st.cache_resource``. Nothing here is module-global."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from huibian.core.models_dir import model_file
from huibian.nlp.lexicons import load_stopwords
from huibian.nlp.taxonomy import load_taxonomy
from huibian.nlp.carriers import CarrierExtractor, load_carrier_rules
from huibian.core.errors import ModelError
from huibian.nlp.lexicons import load_label_thresholds
from huibian.nlp.annotate import Annotator, load_entity_patterns
from huibian.nlp.lexicons import load_genre_titles


@dataclass
class Resources:
    # a folder holding every model file; None: the packaged files, each replaceable by
    # the HUIBIAN_MODELS folder's file of the same name (huibian.core.models_dir)
    models_dir: Path | None = None
    classifier_path: Path | None = None  # another trained model (default: models_dir's)

    def file(self, name: str) -> Path:
        """The path of the model file ``name`` these resources read."""
        return model_file(name, self.models_dir)

    @cached_property
    def tokenizer(self):
        from huibian.nlp.segment import Tokenizer  # deferred for start-up time (a slow import)

        return Tokenizer(self.file("userdict.txt"))

    @cached_property
    def stopwords(self) -> frozenset[str]:
        return load_stopwords(self.file("stopwords.txt"))

    # --- analysis (nlp/): taxonomy, classifier, carriers, annotator, analyzer ---------
    @cached_property
    def taxonomy(self):

        return load_taxonomy(self.file("taxonomy.json"))

    @cached_property
    def carriers(self):

        return CarrierExtractor(load_carrier_rules(self.file("carrier_rules.json"),
                                                   self.taxonomy), self.taxonomy)

    @cached_property
    def classifier(self):
        """Cue rules + the trained model (``models/classifier.skops``; rules only, with
        a warning on stderr, when no model has been trained yet)."""
        import sys

        # deferred for start-up time (numpy, scipy, sklearn)
        from huibian.nlp.classify import Classifier, Models

        try:
            models = Models.load(self.classifier_path or self.file("classifier.skops"),
                                 self.tokenizer)
        except ModelError as exc:
            if exc.code != "E501":
                raise
            print(f"huibian: {exc}; classifying with cue rules only", file=sys.stderr)
            models = None

        return Classifier(self.taxonomy, models, self.tokenizer,
                          thresholds=load_label_thresholds(
                              self.file("label_thresholds.json"), self.taxonomy))

    @cached_property
    def annotator(self):

        return Annotator(self.tokenizer, self.taxonomy, self.carriers,
                         load_entity_patterns(self.file("entity_patterns.jsonl")))

    @cached_property
    def analyzer(self):
        # deferred for start-up time (numpy, scipy, sklearn)
        from huibian.nlp.analysis import Analyzer

        return Analyzer(self.classifier, self.carriers, self.annotator, self.stopwords,
                        genre_titles=load_genre_titles(self.file("genre_titles.txt"),
                                                       self.taxonomy["genre"].ids))
