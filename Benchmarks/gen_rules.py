#!/usr/bin/env python3
"""Generate a large rule set for the checker benchmark: the shipped schema
plus N synthetic offers spread over files, in the shape of the real ones.

Usage: python3 Benchmarks/gen_rules.py --offers 10000 --out Benchmarks/data/rules-10000
"""
import argparse
import os
import random
import shutil

MUNICIPALITIES = ["roskilde", "hilleroed", "hedensted", "frederikssund"]
CONDITIONS = [
    "age between {a} and {b}",
    "not in_association",
    "employment = unemployed",
    "gender = female",
    "has_integration_case",
    "background in [immigrant, descendant]",
    "residence_basis in [refugee, family_reunified]",
    "any children where age < {b}",
    "today < arrival_date + {w} weeks",
    "benefit != none",
    "school_grade in [9, 10]",
    "minority_background",
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--offers", type=int, default=10000)
    ap.add_argument("--per-file", type=int, default=50)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    here = os.path.dirname(os.path.abspath(__file__))
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    os.makedirs(os.path.join(a.out, "schema"))
    for f in ("facts.rules", "assessments.rules", "derived.rules", "conditions.rules"):
        shutil.copy(os.path.join(here, "..", "Rules", "schema", f), os.path.join(a.out, "schema", f))
    for start in range(0, a.offers, a.per_file):
        m = MUNICIPALITIES[(start // a.per_file) % len(MUNICIPALITIES)]
        folder = os.path.join(a.out, m)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "tilbud_%05d.rules" % start), "w", encoding="utf-8") as out:
            for i in range(start, min(a.offers, start + a.per_file)):
                lo = rnd.randint(0, 40)
                conds = rnd.sample(CONDITIONS, rnd.randint(1, 4))
                body = "\n".join("    " + c.format(a=lo, b=lo + rnd.randint(1, 30), w=rnd.randint(1, 8)) for c in conds)
                out.write(f'''offer tilbud_{i:05d} {{
  name da "Tilbud nr. {i} – Ærø og Åbenrå" en "Offer no. {i}"
  description da "Et genereret tilbud til målingen af kontrollen." en "A generated offer."
  municipality {m}
  theme employment
  source "003_adc290ec766f27de.txt" section "Mål {i % 6 + 1}" quote "genereret"
  valid from 2021-01-01
  review 2030-12-31
  eligible when {{
{body}
  }}
}}

''')


if __name__ == "__main__":
    main()
