"""The 汇编 PDF's Simplified Chinese faces (issue 17): the SC face of a Noto CJK .ttc
written out as a standalone font whose names (and its CFF's) are the SC face's, the
private fontconfig that reads it instead of the collections, and the fallback when the
cache cannot be written. fonts-noto-cjk is installed by `make test`: no skip."""

from __future__ import annotations

from fontTools.ttLib import TTCollection, TTFont

from huibian.volume import layout

SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


def test_the_sc_face_of_a_collection_stands_alone_with_its_own_names(tmp_path):
    coll = TTCollection(SERIF, lazy=True)
    index = next(i for i, f in enumerate(coll.fonts)
                 if f["name"].getDebugName(1) == "Noto Serif CJK SC")
    assert coll.fonts[index]["CFF "].cff.fontNames == ["NotoSerifCJKjp-Regular"]  # shared
    out = layout.extract_face(SERIF, index, tmp_path)
    assert layout.extract_face(SERIF, index, tmp_path) == out  # made once
    face = TTFont(out)
    assert (face["name"].getDebugName(1), face["name"].getDebugName(6)) == (
        "Noto Serif CJK SC", "NotoSerifCJKsc-Regular")
    cff = face["CFF "].cff
    assert cff.fontNames == ["NotoSerifCJKsc-Regular"]
    assert all(fd.FontName.startswith("NotoSerifCJKsc-") for fd in cff.topDictIndex[0].FDArray)
    # the SC face's own character map, not the first (JP) face's
    assert face.getBestCmap() == coll.fonts[index].getBestCmap()
    assert face.getBestCmap() != coll.fonts[0].getBestCmap()
    coll.close()


def test_the_private_fontconfig_reads_the_sc_faces_and_rejects_the_collections(tmp_path):
    folder, rejected = layout.sc_faces(tmp_path / "fonts")
    assert folder == tmp_path / "fonts"
    assert SERIF in rejected and all(p.endswith(".ttc") for p in rejected)
    names = sorted(p.name.rsplit("-", 2)[0] for p in folder.glob("*.otf"))
    assert names == ["NotoSansCJKsc-Bold", "NotoSansCJKsc-Regular", "NotoSerifCJKsc-Bold",
                     "NotoSerifCJKsc-Regular"]
    xml = layout.fontconfig_xml(fonts_dir=folder, rejected=rejected)
    assert f"<dir>{folder}</dir>" in xml
    assert f"<rejectfont><glob>{rejected[0]}</glob>" in xml


def test_an_unwritable_cache_leaves_the_collections_in_use(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert layout.sc_faces(blocker / "fonts") == (None, ())
    assert "<rejectfont>" not in layout.fontconfig_xml(fonts_dir=None)
