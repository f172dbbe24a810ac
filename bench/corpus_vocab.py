"""A large corpus with a realistic vocabulary, generated on demand from the sample
(``huibian.testkit.corpus_vocab``: seed sentences of the sample with open-class words
substituted from jieba's dictionary): its statistics, or a folder of text files.

    python bench/corpus_vocab.py -n 2000          # statistics of 2,000 items
    python bench/corpus_vocab.py -n 500 --write   # bench/out/txt_500_1/*.txt
"""

from __future__ import annotations

import argparse
import sys

from huibian.testkit.corpus_vocab import CorpusGenerator, item_text, write_text_folder


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--write", action="store_true", help="write a text folder to bench/out/")
    args = ap.parse_args(argv)
    gen = CorpusGenerator(args.seed)
    items = gen.items(args.n)
    sizes = sorted(len(item_text(t, p)) for t, p in items)
    print(f"{len(items)} items, {sum(sizes):,} characters, item length "
          f"{sizes[0]}-{sizes[-1]} (median {sizes[len(sizes) // 2]}), "
          f"{len(gen.used):,} distinct words emitted")
    if args.write:
        print(write_text_folder(args.n, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
