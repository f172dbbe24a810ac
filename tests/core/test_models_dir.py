"""Model files: packaged with huibian.models, found through importlib.resources; a
HUIBIAN_MODELS folder replaces any single file and everything else still comes from
the package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from huibian.core.errors import DataFileError
from huibian.core.models_dir import model_file, packaged_models_dir, writable_models_dir
from huibian.core.records import SourceFile
from huibian.core.settings import read_settings
from huibian.ingest.layout import LAYOUT_FILES, default_layout, is_furniture, load_layout
from huibian.nlp.lexicons import load_stopwords
from huibian.nlp.taxonomy import load_taxonomy
from huibian.pipeline.process import process_file
from huibian.pipeline.resources import Resources

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "corpora" / "sample" / "001_034e52bbb917526e.txt"
PACKAGED = Path(os.fspath(files("huibian.models")))


def test_the_packaged_folder_holds_every_model_file(monkeypatch):
    monkeypatch.delenv("HUIBIAN_MODELS", raising=False)
    assert packaged_models_dir() == PACKAGED == ROOT / "models"  # a checkout: its models/
    for name in ("taxonomy.json", "userdict.txt", "stopwords.txt", "rubric.json",
                 "carrier_rules.json", "entity_patterns.jsonl", "genre_titles.txt",
                 "label_thresholds.json", "field_confidence.json", "classifier.skops",
                 *(f"layout/{n}" for n in LAYOUT_FILES)):
        assert model_file(name) == PACKAGED / name and model_file(name).is_file()
    assert writable_models_dir() == PACKAGED


def test_an_override_folder_replaces_single_files(tmp_path, monkeypatch):
    (tmp_path / "layout").mkdir()
    (tmp_path / "stopwords.txt").write_text("的\n", encoding="utf-8")
    (tmp_path / "layout" / "furniture.txt").write_text("^x$\n", encoding="utf-8")
    monkeypatch.setenv("HUIBIAN_MODELS", str(tmp_path))
    assert model_file("stopwords.txt") == tmp_path / "stopwords.txt"
    assert model_file("layout/furniture.txt") == tmp_path / "layout" / "furniture.txt"
    assert model_file("taxonomy.json") == PACKAGED / "taxonomy.json"
    assert model_file("layout/posts.txt") == PACKAGED / "layout" / "posts.txt"
    assert load_stopwords() == frozenset({"的"})
    assert Resources().file("stopwords.txt") == tmp_path / "stopwords.txt"
    assert Resources().file("userdict.txt") == PACKAGED / "userdict.txt"
    assert writable_models_dir() == tmp_path
    # a folder given explicitly is used as it is, without falling back
    assert model_file("taxonomy.json", tmp_path) == tmp_path / "taxonomy.json"
    assert Resources(tmp_path).file("taxonomy.json") == tmp_path / "taxonomy.json"
    # settings passed in win over the environment
    assert model_file("stopwords.txt", settings=read_settings({})) == PACKAGED / "stopwords.txt"


@pytest.mark.parametrize("name", ["", "../taxonomy.json", "/etc/passwd", "layout/../../x"])
def test_a_model_file_is_named_inside_the_folder(name):
    with pytest.raises(DataFileError) as err:
        model_file(name)
    assert err.value.code == "E200"


# A web copy whose site's editorial line sits above the title: taken for the unit,
# until the user's furniture list says it is site furniture.
WEB_COPY = ("示范学习园地编辑部\n\n枫林社区党总支二〇一一年度党建工作总结\n\n"
            "今年以来，枫林社区党总支在街道党工委的领导下，围绕“服务居民、凝聚人心”的目标，"
            "把支部建在楼栋上，把党员编入网格中，较好地完成了全年各项任务。\n一、主要做法\n"
            "（一）建强楼栋党小组。社区将六个居民小区划为十二个网格，每个网格由一名党员骨干"
            "牵头，每月走访困难家庭不少于两次。\n")


def _item():
    (item,) = process_file(SourceFile.from_bytes("web.txt", WEB_COPY.encode("utf-8"))).items
    return item.title, item.unit


def test_a_furniture_list_in_the_override_folder_changes_the_split(tmp_path, monkeypatch):
    monkeypatch.delenv("HUIBIAN_MODELS", raising=False)
    title = "枫林社区党总支二〇一一年度党建工作总结"
    assert _item() == (title, "示范学习园地编辑部")
    packaged = load_layout()
    (tmp_path / "layout").mkdir()
    furniture = (PACKAGED / "layout" / "furniture.txt").read_text(encoding="utf-8")
    (tmp_path / "layout" / "furniture.txt").write_text(furniture + "^示范学习园地编辑部$\n",
                                                       encoding="utf-8")
    monkeypatch.setenv("HUIBIAN_MODELS", str(tmp_path))
    assert is_furniture("示范学习园地编辑部")
    assert _item() == (title, "枫林社区党总支")
    ours = default_layout()
    assert len(ours.furniture) == len(packaged.furniture) + 1
    assert (ours.unit_suffixes, ours.date_forms, ours.posts, ours.generic_words) == (
        packaged.unit_suffixes, packaged.date_forms, packaged.posts, packaged.generic_words)
    monkeypatch.delenv("HUIBIAN_MODELS")
    assert not is_furniture("示范学习园地编辑部") and _item() == (title, "示范学习园地编辑部")
    assert load_taxonomy() == load_taxonomy(PACKAGED / "taxonomy.json")


def _classify(env: dict) -> dict:
    out = subprocess.run([sys.executable, "-m", "huibian.cli", "classify", str(PLAN), "--json"],
                         capture_output=True, text=True, env=env, timeout=300, check=True)
    (result,) = json.loads(out.stdout)
    return result


def test_a_stopword_list_in_the_override_folder_changes_the_keywords(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "HUIBIAN_MODELS"}
    before = _classify(env)
    assert before["keywords"][:2] == ["教育", "学校"]
    shutil.copy(PACKAGED / "stopwords.txt", tmp_path / "stopwords.txt")
    with open(tmp_path / "stopwords.txt", "a", encoding="utf-8") as fh:
        fh.write("教育\n学校\n")
    after = _classify({**env, "HUIBIAN_MODELS": str(tmp_path)})
    assert after["keywords"][:8] == before["keywords"][2:]
    assert "教育" not in after["keywords"] and "学校" not in after["keywords"]
    # the taxonomy, the dictionary and the trained model still come from the package
    assert {k: v for k, v in after.items() if k != "keywords"} == \
        {k: v for k, v in before.items() if k != "keywords"}


def test_training_data_is_not_package_data_and_says_so(tmp_path):
    """The labeled corpora stay in the checkout (corpora/): an installed huibian that
    is asked to train says where they would be instead of training on nothing."""
    from huibian.evaluation.devset import load_documents
    from huibian.nlp.training import load_units

    with pytest.raises(DataFileError) as err:
        load_units(tmp_path / "labels")
    assert str(err.value) == (f"{tmp_path / 'labels'}: no labeled units here: training reads "
                              "corpora/labels/ of a source checkout [E200]")
    with pytest.raises(DataFileError) as err:
        load_documents(tmp_path)
    assert str(err.value) == (f"{tmp_path}: no development set here: it is "
                              "corpora/understanding/ of a source checkout [E200]")


def test_the_synonym_list_comes_from_the_override_folder_too(tmp_path, monkeypatch):
    from huibian.similarity.thesaurus import load_domain

    monkeypatch.delenv("HUIBIAN_MODELS", raising=False)
    packaged = load_domain()
    assert len(packaged) > 1
    (tmp_path / "synonyms_domain.txt").write_text("党员先锋岗 先锋岗\n", encoding="utf-8")
    monkeypatch.setenv("HUIBIAN_MODELS", str(tmp_path))
    assert load_domain() == [["党员先锋岗", "先锋岗"]]
