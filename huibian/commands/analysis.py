"""Analysis commands: ``classify FILE``, ``label ID``, ``train``, ``reanalyze``."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from huibian.commands._common import add_cluster_option, add_db_option, open_cluster, open_store
from huibian.core.errors import HuibianError, InputError, NotFound
from huibian.nlp.taxonomy import AXES
from huibian.pipeline.resources import Resources
from huibian.jsonout import print_json
from huibian.core.records import SourceFile
from huibian.store.db import transaction
from huibian.core.models_dir import writable_models_dir
from huibian.evaluation.devset import load_documents
from huibian.nlp.analysis_store import set_human_label
from huibian.nlp.analysis_store import load_analysis
from huibian.nlp.analysis_store import human_labeled_units
from huibian.commands._common import db_path
from huibian.store.db import store_exists


def register(sub) -> None:
    p = sub.add_parser("classify", help="analyze a file: labels with reasons, keywords, "
                                        "named carriers, entities (no store)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="JSON on stdout")
    p.add_argument("--textrank", action="store_true", help="TextRank keywords instead of TF-IDF")
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("label", help="give an item human labels (they override the model)")
    p.add_argument("item_id")
    axes = _label_axes()
    for axis, multi in axes:  # --genre --sector --theme --carrier and any axis added
        p.add_argument(f"--{axis}", nargs="+" if multi else None, metavar="LABEL")
    p.set_defaults(label_axes=tuple(a for a, _ in axes))
    p.add_argument("--who", default=None, help="who labels (default: the login name)")
    add_db_option(p)
    p.set_defaults(func=cmd_label)

    p = sub.add_parser("train", help="retrain the classifier from corpora/labels and human "
                                     "labels; rewrite models/MODEL_CARD.md")
    p.add_argument("--models-dir", default=None,
                   help="where to write the model and card (default: the HUIBIAN_MODELS "
                        "folder when set, else the packaged models/)")
    p.add_argument("--no-store", action="store_true", help="ignore human labels in the store")
    p.add_argument("--curve", action="store_true",
                   help="also write a learning curve (dev-test scores against the number of "
                        "training documents) into the model card")
    p.add_argument("--no-devset", action="store_true",
                   help="train on corpora/labels only (not the development set's train split) "
                        "and skip the dev-test report")
    add_db_option(p)
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("reanalyze", help="run the analysis again over every stored item "
                                         "(after huibian train or a taxonomy change)",
                       description="Re-analyze every stored item with the current models "
                                   "(labels, keywords, entities, named carriers; human labels "
                                   "kept) and refresh the search facets. Batches are written "
                                   "one transaction each; a run that is stopped is resumed by "
                                   "the next.")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    add_cluster_option(p, "analyze on a Dask cluster: local:N or tcp://HOST:8786 (the "
                          "store is written by this process as without it)")
    add_db_option(p)
    p.set_defaults(func=cmd_reanalyze)


def _resources():

    return Resources()


def _label_axes() -> list[tuple[str, bool]]:
    """(axis, multi-label?) of the taxonomy's axes, in its order, for the options of
    ``huibian label`` (an axis named like one of its other options gets none). The axes
    every taxonomy has when the taxonomy cannot be read (the command then says why)."""
    try:
        axes = [(a, ax.multi) for a, ax in _resources().taxonomy.axes.items()]
    except HuibianError:
        axes = [(a, a != "genre") for a in AXES]  # genre: one label an item
    return [(a, multi) for a, multi in axes if a not in ("who", "db", "help")]


def cmd_classify(args: argparse.Namespace) -> int:
    # deferred for start-up time (datasketch, numpy, scipy, sklearn)
    from huibian.pipeline.ingestor import process_file
    from huibian.nlp.analysis import public  # deferred for start-up time (numpy, scipy, sklearn)

    path = Path(args.file)
    if not path.is_file():
        raise InputError("no such file", file=str(path), code="E101")
    doc = process_file(SourceFile.from_bytes(str(path), path.read_bytes()))
    res = _resources()
    results = [public(r) for r in res.analyzer.analyze(
        doc.items, method="textrank" if args.textrank else "tfidf")]
    if args.json:
        print_json(results)
        return 0
    for r in results:
        print(f"# {r['title']}")
        for axis in res.taxonomy.axes:  # in the taxonomy's order
            val = r.get(axis)
            if isinstance(val, dict):  # an axis with one label an item
                print(f"  {axis}: {val['label']} ({val['score']:.2f})")
            else:
                print(f"  {axis}: " + ", ".join(f"{p['label']} ({p['score']:.2f})"
                                                for p in val or []))
        print("  named carriers: " + ", ".join(f"{n['name']}→{n['label']}" for n in r["named_carriers"]))
        print("  keywords: " + " ".join(r["keywords"]))
    return 0


def cmd_label(args: argparse.Namespace) -> int:
    # deferred for start-up time (numpy, scipy, sklearn)

    res = _resources()
    given = {a: getattr(args, a) for a in args.label_axes if getattr(args, a)}
    if not given:
        print("huibian label: give at least one of "
              + " ".join(f"--{a}" for a in args.label_axes), file=sys.stderr)
        return 2
    for axis, labels in given.items():
        for lab in ([labels] if isinstance(labels, str) else labels):
            try:
                res.taxonomy.check_label(axis, lab)
            except KeyError as exc:
                print(f"huibian label: {exc.args[0]} (edit models/taxonomy.json to add one)",
                      file=sys.stderr)
                return 2
    conn = open_store(args, create=False)
    if not conn.execute("SELECT 1 FROM items WHERE id=?", (args.item_id,)).fetchone():
        raise NotFound(f"no item {args.item_id}; see 'huibian items'")
    who = args.who or getpass.getuser()
    # deferred for start-up time (argon2)
    from huibian.services.people import LOCAL_OPERATOR, User, audit

    actor = User(who, LOCAL_OPERATOR.role) if args.who else LOCAL_OPERATOR
    before = load_analysis(conn, args.item_id)
    with transaction(conn):
        for axis, labels in given.items():
            labels = [labels] if isinstance(labels, str) else list(labels)
            set_human_label(conn, args.item_id, axis, labels, who)
            old = before.get(axis)
            old = [b["label"] for b in ([old] if isinstance(old, dict) else old or [])]
            audit(conn, actor, "label.set", "item", args.item_id,
                  {"axis": axis, "labels": labels, "before": old, "via": "cli"})
    print(f"labeled {args.item_id}: " + "; ".join(
        f"{a}={v if isinstance(v, str) else ','.join(v)}" for a, v in given.items()),
        file=sys.stderr)
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    # deferred for start-up time (numpy, scipy, sklearn)
    # deferred for start-up time (numpy, scipy, sklearn)
    from huibian.nlp.training import metrics_table, train

    res = _resources()
    human = []
    if not args.no_store:

        if store_exists(db_path(args)):
            human = human_labeled_units(open_store(args, create=False))
    out = Path(args.models_dir) if args.models_dir else writable_models_dir()
    # deferred for start-up time (datasketch, numpy, scipy, sklearn)
    from huibian.evaluation.run import dev_test_scores, training_units

    before = None
    if not args.no_devset:
        try:
            before = dev_test_scores(res)
        except HuibianError as exc:  # the current model does not load: retraining is the cure
            print(f"the current model gives no 'before' numbers: {exc}", file=sys.stderr)
            before = {}
    train_docs = [] if args.no_devset else load_documents(split="train")
    extra = training_units(train_docs)
    scores: dict = {}
    thresholds = None
    if train_docs:
        # the thresholds, cross-fitted on the train split (seeds and human labels in
        # every fold's training), written next to the model
        # deferred for start-up time (numpy, scipy, sklearn)
        from huibian.evaluation.thresholds import CrossFit, choose_thresholds, write_thresholds
        # deferred for start-up time (numpy, scipy, sklearn)
        from huibian.nlp.training import load_units

        cf = CrossFit(extra, load_units(taxonomy=res.taxonomy) + human, res.taxonomy,
                      res.tokenizer)
        thresholds = choose_thresholds(cf)
        path = write_thresholds(out / "label_thresholds.json", thresholds, len(train_docs))
        print(f"wrote {path} (thresholds cross-fitted on the train split)", file=sys.stderr)

    def card_section(model_path: Path) -> str:
        if before is None:
            return ""
        scores["after"] = dev_test_scores(Resources(res.models_dir, model_path),
                                          thresholds=thresholds)
        curve = learning_curve(train_docs, res, human, thresholds=thresholds) \
            if args.curve else None
        return devset_card(scores["after"], len(train_docs), curve, before=before or None,
                           thresholds=thresholds)

    metrics = train(out, res.taxonomy, res.tokenizer, human, extra_units=extra,
                    card_extra=card_section)
    print(metrics_table(metrics))
    if before is not None:
        print(devset_table(before, scores["after"]))
    if not args.no_devset:
        # deferred for start-up time (datasketch, numpy, scipy)
        from huibian.evaluation.calibrate import write as write_calibration

        print(f"wrote {write_calibration(out)} (metadata confidence by source, train split)",
              file=sys.stderr)
    print(f"wrote {out / 'classifier.skops'} and {out / 'MODEL_CARD.md'} "
          f"({len(human)} human-labeled item(s))", file=sys.stderr)
    return 0


def devset_table(before: dict, after: dict) -> str:
    """The dev-test numbers before and after training, one line each."""
    rows = [f"dev-test split ({after['n']} documents): before -> after"]
    for key in axis_keys(after):
        was = f"{before[key]:.3f}" if key in before else "  n/a"
        rows.append(f"  {key:18} {was} -> {after[key]:.3f}")
    return "\n".join(rows)


def axis_keys(scores: dict) -> tuple[str, ...]:
    """The per-axis keys of dev-test scores (``huibian.evaluation.run.score_documents``), in
    the taxonomy's order: ``genre_accuracy``, ``sector_macro_f1`` … and those of any axis
    the taxonomy adds."""
    return tuple(k for k in scores if k.endswith(("_accuracy", "_macro_f1")))


def learning_curve(train_docs, res, human, shares=(0.0, 0.25, 0.5, 0.75, 1.0),
                   thresholds: dict | None = None) -> list[tuple]:
    """Dev-test scores of models trained on the seed labels plus a growing share of the
    train documents (a fixed order: sorted by name), one row per share (``thresholds``:
    the classifier's, default the models folder's)."""
    import tempfile

    # deferred for start-up time (datasketch, numpy, scipy, sklearn)
    from huibian.evaluation.run import dev_test_scores, training_units
    # deferred for start-up time (numpy, scipy, sklearn)
    from huibian.nlp.classify import Classifier, Models
    # deferred for start-up time (numpy, scipy, sklearn)
    from huibian.nlp.training import load_units
    from threadpoolctl import threadpool_limits

    seed = load_units(taxonomy=res.taxonomy) + list(human or [])
    docs = sorted(train_docs, key=lambda d: d.name)
    units_all = training_units(docs)
    rows = []
    for share in shares:
        k = int(round(share * len(units_all)))
        with threadpool_limits(1):
            m = Models.fit(seed + units_all[:k], res.taxonomy,
                           Classifier(res.taxonomy, None, res.tokenizer).segment)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "classifier.skops"
            m.save(path)
            s = dev_test_scores(Resources(res.models_dir, path), thresholds=thresholds)
        rows.append((k, *[s[key] for key in axis_keys(s)]))
    return rows


def devset_card(after: dict, n_train: int, curve=None, before: dict | None = None,
                thresholds: dict | None = None) -> str:
    """The model card's section on the development set's dev-test split; ``before``:
    the scores of the model this training replaced (a column of their own);
    ``thresholds``: the ones this training cross-fitted (listed after the scores)."""
    lines = ["## Dev-test split (documents no rule or model was tuned on)",
             f"{after['n']} documents of `corpora/understanding/` (the hash split of "
             "`huibian.evaluation.devset`); the model learned from the seeds and "
             f"{n_train} train documents. Measured by `huibian train` (and "
             "`bench/understanding.py`, which adds metadata and volumes)"
             + ("; before: the model and rules this training replaced (with the rules and "
                "settings of this code)." if before else "."), ""]
    if before:
        lines += ["| measure | before | score |", "|---|---|---|"]
    else:
        lines += ["| measure | score |", "|---|---|"]

    def cell(scores, key, field=None):
        value = scores.get(key) if scores else None
        if field is not None:
            value = value.get(field) if isinstance(value, dict) else None
        return f"{value:.3f}" if isinstance(value, (int, float)) else "n/a"

    for key in axis_keys(after):
        lines.append(f"| {key} | " + (f"{cell(before, key)} | " if before else "")
                     + f"{after[key]:.3f} |")
    for f in ("title", "unit", "date"):
        if f in after:
            lines.append(f"| {f} exact (where present) | "
                         + (f"{cell(before, f, 'exact')} | " if before else "")
                         + f"{after[f]['exact']:.3f} |")
    if thresholds:
        lines += ["", "### Thresholds (cross-fitted on the train split by this training)"]
        lines += thresholds_lines(thresholds)
    if curve:
        lines += ["", "### Learning curve",
                  "Dev-test scores against the number of train documents added to the seed "
                  "labels (documents in name order):", "",
                  "| train documents | " + " | ".join(
                      k.replace("_macro_f1", " F1").replace("_accuracy", " accuracy")
                      for k in axis_keys(after)) + " |",
                  "|---" * (1 + len(axis_keys(after))) + "|"]
        for k, *vals in curve:
            lines.append(f"| {k} | " + " | ".join(f"{v:.3f}" for v in vals) + " |")
    return "\n".join(lines)


def thresholds_lines(thresholds: dict) -> list[str]:
    """The calibrated thresholds (``huibian.evaluation.thresholds``) as card lines: one
    value where every label of an axis has the same, else each label's."""
    def values(d: dict) -> str:
        if len(set(d.values())) == 1:
            return f"{next(iter(d.values()))} (every label)"
        return ", ".join(f"{lab} {v}" for lab, v in d.items())

    lines = [""]
    for axis, d in thresholds.get("coverage", {}).items():
        lines.append(f"- coverage, {axis}: {values(d)}")
    for axis, v in thresholds.get("item_vote", {}).items():
        lines.append(f"- item vote, {axis}: {v}")
    if thresholds.get("carrier_min_hits"):
        lines.append(f"- carrier cue hits: {values(thresholds['carrier_min_hits'])}")
    for axis, v in thresholds.get("sentence_vote", {}).items():
        add = "adds no label" if v["add"] > 1 else f"add from {v['add']}"
        lines.append(f"- evidence vote, {axis}: veto below {v['veto']}, {add}")
    for axis, m in thresholds.get("stacker", {}).items():
        weights = ", ".join(f"{name} {w:+.2f}" for name, w in zip(
            m.get("features", ()), m["weights"]))
        lines.append(f"- stacked decision, {axis} (decides instead of the cue hits and the "
                     f"evidence vote): weights {weights}; bias {m['bias']:+.2f}; given from "
                     f"{m['cut']} (cross-fitted macro-F1 {m.get('cross_fitted_macro_f1', 'n/a')})")
    return lines


def cmd_reanalyze(args: argparse.Namespace) -> int:
    # deferred for start-up time (numpy, scipy, sklearn through the analysis)
    from huibian.pipeline.reanalyze import reanalyze

    conn = open_store(args, create=False)
    cluster = open_cluster(args)
    tty = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if tty:
            print(f"\ranalyzed {done}/{total}", end="", file=sys.stderr, flush=True)

    try:
        report = reanalyze(conn, cluster=cluster, on_batch=progress)
    finally:
        if cluster is not None:
            cluster.close()
    if tty:
        print(file=sys.stderr)
    if report.resumed:
        print("resumed the re-analysis an earlier run left unfinished", file=sys.stderr)
    from huibian.search import tantivy_index  # deferred for start-up time (tantivy)

    tantivy_index.sync(conn, trim=True)
    if args.json:
        print_json(report.as_dict())
    else:
        print(report.summary())
    return 0
