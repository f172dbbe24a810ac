"""Understanding on the team's dev-test split (``corpora/understanding``, documents no
rule or model was tuned on): genre accuracy, sector/theme/carrier macro-F1, title/unit/
date exact where the document has one (and invented where it has none), and compiled
volumes split into items — beside the literal cue-word baseline.

    python bench/understanding.py [--split test|train] [--json]
"""

from __future__ import annotations

import argparse
import json

from huibian.evaluation.devset import load_documents, load_volumes
from huibian.evaluation.run import (baseline_documents, genre_confusion, predict_documents,
                                    score_documents, score_volumes)
from huibian.pipeline.resources import Resources

BARS = {"genre_accuracy": 0.85, "sector_macro_f1": 0.80, "theme_macro_f1": 0.70,
        "carrier_macro_f1": 0.80, "title": 0.90, "unit": 0.85, "date": 0.95}


def measure(split: str = "test") -> dict:
    res = Resources()
    docs = load_documents(split=split)
    if not docs:
        raise SystemExit(f"no {split} documents in corpora/understanding")
    preds = predict_documents(docs, res)
    base = baseline_documents(docs, res.taxonomy)
    return {"split": split, "product": score_documents(docs, preds, res.taxonomy),
            "baseline": score_documents(docs, base, res.taxonomy),
            "confusion": [[g, p, n] for (g, p), n in genre_confusion(docs, preds).most_common()],
            "volumes": score_volumes(load_volumes(split=split))}


def table(m: dict) -> str:
    p, b = m["product"], m["baseline"]
    rows = [f"understanding on the {m['split']} split: {p['n']} documents",
            f"{'measure':34} {'huibian':>8} {'cue words':>10} {'bar':>6}"]
    for key in ("genre_accuracy", "sector_macro_f1", "theme_macro_f1", "carrier_macro_f1"):
        rows.append(f"{key:34} {p[key]:8.3f} {b[key]:10.3f} {BARS[key]:6.2f}")
    for f in ("title", "unit", "date", "doc_number"):
        s = p[f]
        rows.append(f"{f + ' exact (where present)':34} {s['exact']:8.3f} {'—':>10} "
                    f"{BARS.get(f, 0):6.2f}  n={s['present']}")
        rows.append(f"{f + ' invented (where absent)':34} {s['invented']:8.3f} {'—':>10} "
                    f"{0.05:6.2f}  n={s['absent']}")
    for v in m["volumes"]:
        rows.append(f"volume {v['volume']} ({v['format']}): {v['found']}/{v['gold']} items, "
                    f"item F1 {v['item_f1']:.3f}, units {v['units_right']}/{v['gold']}, "
                    f"labels {v['labels_right']}/{v['labels']}")
    if m["confusion"]:
        rows.append("genre errors (gold -> predicted): " + ", ".join(
            f"{g}->{p_} x{n}" for g, p_, n in m["confusion"]))
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="test", choices=("test", "train"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    m = measure(args.split)
    if args.json:
        print(json.dumps(m, ensure_ascii=False, indent=1))
    else:
        print(table(m))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
