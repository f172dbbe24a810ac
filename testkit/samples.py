"""The sample corpus of a source checkout (``corpora/sample/``), its three seed
documents, and a one-page notice of our own, as the tests and the benchmarks use
them."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository (testkit/ is at its top)
SAMPLE = ROOT / "corpora" / "sample"
SEED_VOLUME = SAMPLE / "000_3d6cb0e400fd333e.txt"   # preface + two cases (wrapped book text)
SEED_PLAN = SAMPLE / "001_034e52bbb917526e.txt"     # 实施方案 with 文号 and 主题词
SEED_NOTICE = SAMPLE / "002_f10f9b464623ee1e.txt"   # notice forwarding a 指导意见
SEEDS = (SEED_VOLUME, SEED_PLAN, SEED_NOTICE)

# a one-page notice (pdfmaker blocks): 文号, title, unit and date in the signature
NOTICE_BLOCKS = [
    ("heading", "青教发〔2011〕8号"), ("title", "关于开展中小学教师信息技术应用能力培训的通知"),
    ("heading", "各县（区）教育局，局属各学校："),
    "为进一步提高全市中小学教师运用信息技术改进课堂教学的能力，推动信息技术与教育教学深度融合，"
    "经研究，决定于2011年4月至6月在全市开展中小学教师信息技术应用能力培训。现将有关事项通知如下。",
    ("heading", "一、培训对象"),
    "全市各级各类中小学在职教师，重点是农村学校和薄弱学校的中青年骨干教师，每校推荐不少于三名。",
    ("heading", "二、培训内容和方式"),
    "培训采取集中面授与网络研修相结合的方式，内容包括多媒体课件制作、网络教学资源的检索与运用、"
    "电子白板的课堂应用等，集中面授时间为五天，网络研修不少于四十学时。",
    ("heading", "三、工作要求"),
    "各地各校要高度重视，精心组织，确保参训教师按时参加培训，并将培训情况纳入教师继续教育学分管理。"
    "培训结束后，各县（区）教育局于7月10日前将工作总结报市教育局师资科。",
    ("right", "青山市教育局"), ("right", "2011年3月15日")]
