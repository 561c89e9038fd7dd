"""Evaluation: score what the pipeline extracts from articles against their gold annotations (``kg eval``).

A gold annotation is a YAML file ``<name>.yaml`` describing the article ``<name>.txt`` (with its
``.json`` sidecar): its actors, coups, deployments and statements, each with the verbatim text it
rests on (the format is described in ``tests/fixtures/gold/README.md``). :func:`evaluate` loads
the articles of a folder of gold files with the real loader into a fresh in-memory store, then
scores each one. The system's output is what the project's stable queries answer on that store:
``queries/coups.rq``, ``queries/statements.rq`` and ``queries/deployments.rq``, restricted to the
article's named graph plus the graphs that are not article graphs (canonical entities, ontology).
Rows that share a ``?coup`` / ``?statement`` / ``?deployment`` IRI (one row per leader, quote,
place, claimant or span) are one record.

Matching rules
--------------
A record is a true positive when it matches a gold record of its class:

* **coup**: the country matches (name rule) and the date matches. The gold ``date`` is resolved to
  the ISO date it starts with (``"2020-08"``, ``"2022-01-24 (reported Monday)"``) or, when it
  starts with words, to an ISO date alone in brackets right after them (``"Wednesday
  (2023-07-26); ..."``), or to a date written out at its start (``"September 1986"``,
  ``"November 3, 1988"``). With a month, the first 7 characters are compared with the first 7 of
  the system's ``?date``; with a year only, the first 4; with no resolvable date (``"not stated in
  the text ..."``) the coup counts on its country alone.
* **statement**: the speaker matches (name rule) and the text span matches (span rule).
* **deployment**: the force matches (name rule), by its label or by the words the text names it
  with (``?forceText``: "Romanian infantry battalion" for the Romanian Armed Forces), and the text
  span matches (span rule). With
  ``strict`` (``kg eval --strict``), the status must be the gold's and a place must match one of
  the gold's ``place``/``places`` (name rule), as the gold format's suggested scoring matches
  deployments on (actor, place, status).

Name rule. A system label matches a gold record when it matches any of: the record's own name
(``speaker``/``actor``/``country``; ``"it (ECOWAS)"`` also gives ``"it"`` and ``"ECOWAS"``), the
``name`` and ``aliases`` of the actor its ``*_id`` points to, and, for statements, the name and
aliases of every actor id mentioned in ``speaker_resolution`` ("a scorer should accept either
id"). Two names are compared as token lists after removing accents, case and punctuation
(possessive ``'s`` dropped, ``U.S.`` → ``us``), dropping the determiners *a*, *an*, *the* and stripping a
plural ``s``; they match when one token list occurs inside the other as whole words
(``"a Malian army officer who requested anonymity"`` ⊇ ``"Malian army officer"``) or when the
Jaccard index of their token sets is ≥ 0.5, where the sets leave out function words (*of*, *from*,
…) and nouns that many institutions share (*government*, *armed*, *forces*, *army*, *military*,
*ministry*, *group*, *troops*), so that "Russian Armed Forces" and "French Armed Forces" (or the
governments of France and Russia) do not match while "Government of Mali" and "Mali's government"
do. Two names whose distinctive tokens are the same once a state's one-word demonym is read as the
state's name match too ("the Russian defence ministry" and "Ministry of Defence of Russia"; not "Mali"
and "Malian army officer"). Names made only of pronouns (``"he"``, ``"It"``) never match.
A deployment's force also matches, more weakly, a gold name for the same state's force told another
way: both name the same states (by name, alias or demonym, of any length), and one of them has
nothing else but force nouns, numbers and size words ("Japanese Armed Forces" and "contingent from
Japan"; "about 100 Russian military personnel"; not "Russian Armed Forces" and "the Gyumri garrison").

Span rule. After curly quotes are made straight and whitespace runs collapsed, a system span
matches a gold ``text_evidence`` (or ``also_text_evidence``) when one contains the other, or
when their character intervals in the article text overlap by at least 50% of the shorter one.
Gold evidence is located in the article text (every occurrence); a statement's system interval is
its ``?start``/``?end``, a coup's or deployment's is every occurrence of its ``?text``.

Matching is one-to-one and greedy: every (gold, system) pair that matches is ranked by span
similarity (interval Jaccard), then name similarity, and taken best first when neither side is
taken yet. One exception: a gold deployment that lists several ``places`` (one sentence naming
several countries, which "a scorer may expand") also absorbs, after the one-to-one pass, up to
``len(places) - 1`` further matching system records; they count neither as true nor as false
positives. Unmatched system records are false positives, unmatched gold records false
negatives. Precision, recall and F1 follow per class; a class with no gold and no system record
scores 1.0 everywhere. :func:`micro_average` sums the counts over articles before dividing.

Example:
    >>> settings = Settings.from_env()
    >>> evaluation = evaluate(Path("tests/fixtures/gold"), Path("seeds"), settings=settings)  # doctest: +SKIP
    >>> print(evaluation.total)  # doctest: +SKIP
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from kg.errors import InputError
from kg.extract.dates import month_number
from kg.load import Loader
from kg.read import read_article
from kg.settings import PROJECT_ROOT, Settings
from kg.store import Store

#: The stable queries whose answers are scored.
QUERIES = PROJECT_ROOT / "queries"

#: The classes scored, in report order.
CLASSES = ("coups", "statements", "deployments")
#: Least character overlap, as a share of the shorter span, for two spans to match.
SPAN_OVERLAP = 0.5
#: Least token-set Jaccard index for two names to match (when neither contains the other).
NAME_JACCARD = 0.5

_DETERMINERS = frozenset({"a", "an", "the"})
_PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them", "we", "us", "i", "you", "his", "its", "their"})
#: Words left out of the Jaccard index: function words, and nouns many institutions share.
_GENERIC = frozenset(
    {"of", "in", "from", "for", "and", "to", "on", "at", "by", "with", "who"}
    | {"government", "armed", "force", "army", "military", "ministry", "group", "troop"}
)
_DOUBLE_QUOTES = '"\u201c\u201d\u201e\u00ab\u00bb'
_SINGLE_QUOTES = "'\u2018\u2019\u201a"
_QUOTES = str.maketrans({**dict.fromkeys(_DOUBLE_QUOTES, '"'), **dict.fromkeys(_SINGLE_QUOTES, "'")})
_ISO_DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_KG = "https://kg.example.org/ontology#"


# -- gold ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldActor:
    """An actor of a gold file.

    Attributes:
        id: its key within the file.
        name: canonical name.
        type: ``person``, ``state``, ``government``, …
        aliases: the other surface forms the text uses.
    """

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class GoldCoup:
    """A gold coup.

    Attributes:
        country: the country as written in the gold.
        date: the resolved date, ``YYYY-MM``, ``YYYY`` or ``None`` when the gold gives none.
        leaders: canonical names of the leaders.
        ousted: canonical names of the ousted.
        evidence: ``text_evidence`` then ``also_text_evidence``.
    """

    country: str
    date: str | None
    leaders: tuple[str, ...]
    ousted: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class GoldStatement:
    """A gold statement.

    Attributes:
        speaker: the speaker as the text names them.
        names: every name a system speaker label may match.
        speech_acts: the speech act, then the accepted alternatives.
        anonymous: whether the speaker is an anonymous source.
        quotes: the verbatim quotes.
        evidence: ``text_evidence`` then ``also_text_evidence``.
    """

    speaker: str
    names: tuple[str, ...]
    speech_acts: tuple[str, ...]
    anonymous: bool
    quotes: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class GoldDeployment:
    """A gold deployment (one claim).

    Attributes:
        actor: the force as the text names it.
        names: every name a system force label may match.
        places: the ``places`` list, or the single ``place``.
        status: ``reported``, ``alleged``, ``denied``, ``planned``, ``withdrawn`` or ``considered``.
        claimed_by: who the text attributes it to, ``None`` for the narrator.
        evidence: ``text_evidence`` then ``also_text_evidence``.
    """

    actor: str
    names: tuple[str, ...]
    places: tuple[str, ...]
    status: str
    claimed_by: str | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Gold:
    """One gold annotation file.

    Attributes:
        article: the article's file name without suffix.
        path: the gold file.
        actors: actor id → actor.
        coups: the coups.
        statements: the statements.
        deployments: the deployments.
    """

    article: str
    path: Path
    actors: Mapping[str, GoldActor]
    coups: tuple[GoldCoup, ...]
    statements: tuple[GoldStatement, ...]
    deployments: tuple[GoldDeployment, ...]


def load_gold(path: Path | str) -> Gold:
    """Parse a gold annotation file.

    Args:
        path: the ``<name>.yaml`` file.

    Returns:
        The gold records, with every name a system label may match already gathered.

    Raises:
        InputError: the file cannot be read, is not YAML, or is not a gold annotation (no ``article``
            key, a record without a required field, or an id that names no actor).
    """
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the gold file: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        raise InputError(path, f"not a gold annotation (YAML error: {where}{getattr(exc, 'problem', exc)})") from None
    if not isinstance(doc, dict) or "article" not in doc:
        raise InputError(path, "not a gold annotation (no 'article' key)")
    try:
        return _parse_gold(path, doc)
    except KeyError as exc:
        raise InputError(path, f"not a gold annotation (a record has no {exc.args[0]!r})") from None
    except (TypeError, AttributeError) as exc:  # a list where a mapping belongs, or the reverse
        raise InputError(path, f"not a gold annotation ({exc})") from None


def _parse_gold(path: Path, doc: Mapping[str, Any]) -> Gold:
    actors = {
        str(a["id"]): GoldActor(str(a["id"]), str(a["name"]), str(a["type"]), tuple(map(str, a.get("aliases") or ())))
        for a in doc.get("actors") or ()
    }

    def names_of(ids: Iterable[str]) -> tuple[str, ...]:
        found: list[str] = []
        for actor_id in ids:
            if actor_id not in actors:
                raise InputError(path, f"not a gold annotation (unknown actor id {actor_id!r})")
            found.extend(actors[actor_id].names)
        return tuple(found)

    coups = tuple(
        GoldCoup(
            country=str(c["country"]),
            date=resolve_gold_date(c.get("date")),
            leaders=tuple(map(str, c.get("leaders") or ())),
            ousted=tuple(map(str, c.get("ousted") or ())),
            evidence=_evidence(c),
        )
        for c in doc.get("coups") or ()
    )
    statements = []
    for s in doc.get("statements") or ():
        ids = [str(s["speaker_id"])] if s.get("speaker_id") else []
        resolution = str(s.get("speaker_resolution") or "")
        ids += [i for i in actors if i not in ids and re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", resolution)]
        quote = s.get("direct_quote")
        statements.append(
            GoldStatement(
                speaker=str(s["speaker"]),
                names=(*_name_variants(str(s["speaker"])), *names_of(ids)),
                speech_acts=(str(s["speech_act"]), *map(str, s.get("alt_speech_acts") or ())),
                anonymous=bool(s.get("speaker_anonymous")),
                quotes=tuple(map(str, quote if isinstance(quote, list) else [quote] if quote else [])),
                evidence=_evidence(s),
            )
        )
    deployments = tuple(
        GoldDeployment(
            actor=str(d["actor"]),
            names=(*_name_variants(str(d["actor"])), *names_of([str(d["actor_id"])] if d.get("actor_id") else [])),
            places=tuple(map(str, d.get("places") or ([d["place"]] if d.get("place") else []))),
            status=str(d["status"]),
            claimed_by=None if d.get("claimed_by") is None else str(d["claimed_by"]),
            evidence=_evidence(d),
        )
        for d in doc.get("deployments") or ()
    )
    return Gold(str(doc["article"]), path, actors, coups, tuple(statements), deployments)


def resolve_gold_date(value: object) -> str | None:
    """The comparable part of a gold date: ``YYYY-MM`` when it gives a month, ``YYYY`` for a year, else ``None``.

    The date is the ISO date the value starts with, an ISO date alone in brackets right after
    leading words (``"Thursday (2021-12-23)"``) or after a date written out behind them (``"night of
    Dec. 12, 1979 (1979-12-12)"``), or a date written out at the start (``"September 1986"``,
    ``"November 3, 1988"``, ``"May 14 (2015)"``); a date inside a longer remark does not count.

    Args:
        value: the gold ``date`` field.

    Returns:
        The date at month or year precision, or ``None``.
    """
    if value is None:
        return None
    text = str(value).strip()
    found = (
        re.match(rf"({_ISO_DATE})\b", text)
        or re.match(rf"[^()\d]*\(({_ISO_DATE})\)", text)
        # "night of Dec. 12, 1979 (1979-12-12)": the ISO date that resolves a written one after leading words
        or re.match(rf"[^()\d;]*[A-Za-z]+\.?\s+\d{{1,2}},?\s+\d{{4}}\s*\(({_ISO_DATE})\)", text)
    )
    if found:
        return found.group(1)[:7]
    written = _WRITTEN_DATE.match(text)  # "September 1986", "November 3, 1988 (1988-11-03)", "May 14 (2015)"
    month = month_number(written["month"]) if written else None
    return f"{written['year']}-{month:02d}" if written and month else None


#: A date written out at the start of a gold value: a month's name, maybe a day, then the year.
_WRITTEN_DATE = re.compile(r"(?P<month>[A-Za-z]+\.?)(?:\s+\d{1,2})?,?\s+\(?(?P<year>\d{4})\b")


def _evidence(record: Mapping[str, Any]) -> tuple[str, ...]:
    spans: list[str] = []
    for key in ("text_evidence", "also_text_evidence"):
        value = record.get(key)
        spans.extend(str(v) for v in (value if isinstance(value, list) else [value]) if v)
    return tuple(spans)


def _name_variants(name: str) -> tuple[str, ...]:
    """``"it (ECOWAS)"`` → the whole, ``"it"`` and ``"ECOWAS"``."""
    variants = [name]
    outside = re.sub(r"\([^)]*\)", " ", name).strip()
    if outside and outside != name:
        variants.append(outside)
    variants.extend(inner.strip() for inner in re.findall(r"\(([^)]*)\)", name) if inner.strip())
    return tuple(variants)


# -- system output ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A system text span: its text and, when known, its offsets into the article text."""

    text: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class SystemCoup:
    """A coup the system extracted (rows grouped by ``?coup``)."""

    iri: str
    country: str
    date: str
    leaders: tuple[str, ...] = ()
    ousted: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class SystemStatement:
    """A statement the system extracted (rows grouped by ``?statement``)."""

    iri: str
    speaker: str
    speech_act: str = ""
    anonymous: bool = False
    quotes: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class SystemDeployment:
    """A deployment the system extracted (rows grouped by ``?deployment``)."""

    iri: str
    force: str
    places: tuple[str, ...] = ()
    status: str = ""
    claimed_by: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()
    named: str = ""  # the force as the text names it (``?forceText``)


@dataclass(frozen=True)
class Extracted:
    """Everything the system extracted from one article."""

    coups: tuple[SystemCoup, ...] = ()
    statements: tuple[SystemStatement, ...] = ()
    deployments: tuple[SystemDeployment, ...] = ()


def extracted_from_store(store: Store, article: str, *, queries: Path = QUERIES) -> Extracted:
    """Run the stable queries on the graphs of one article.

    Args:
        store: the store.
        article: the article's id (16 hex digits) or its IRI.
        queries: the folder of the stable queries.

    Returns:
        The coups, statements and deployments of that article, one record per IRI.

    Raises:
        LookupError: no article with that id or IRI is in the store.
    """
    graph, article_iri = _article_graph(store, article)
    graphs = [graph, *_shared_graphs(store)]
    coups: dict[str, dict[str, Any]] = {}
    for row in _rows(store, queries / "coups.rq", graphs):
        record = coups.setdefault(
            str(row["coup"]), {"country": "", "date": "", "leaders": [], "ousted": [], "spans": []}
        )
        record["country"] = row["countryLabel"] or row["country"] or ""
        record["date"] = row["date"] or ""
        _add(record["leaders"], row["leaderLabel"])
        _add(record["ousted"], row["oustedLabel"])
        _add(record["spans"], Span(row["text"]) if row["text"] else None)
    statements: dict[str, dict[str, Any]] = {}
    for row in _rows(store, queries / "statements.rq", graphs):
        if row["article"] != article_iri:
            continue
        record = statements.setdefault(str(row["statement"]), {"quotes": [], "spans": []})
        record["speaker"] = row["speakerLabel"] or ""
        record["speech_act"] = row["speechAct"] or ""
        record["anonymous"] = row["anonymous"] == "true"
        _add(record["quotes"], row["quote"])
        if row["text"] is not None:
            start, end = row["start"], row["end"]
            _add(
                record["spans"],
                Span(row["text"], None if start is None else int(start), None if end is None else int(end)),
            )
    deployments: dict[str, dict[str, Any]] = {}
    for row in _rows(store, queries / "deployments.rq", graphs):
        record = deployments.setdefault(str(row["deployment"]), {"places": [], "claimed_by": [], "spans": []})
        record["force"] = row["forceLabel"] or ""
        record["named"] = row.get("forceText") or ""
        record["status"] = row["status"] or ""
        _add(record["places"], row["placeLabel"])
        _add(record["claimed_by"], row["claimedByLabel"])
        _add(record["spans"], Span(row["text"]) if row["text"] else None)
    return Extracted(
        coups=tuple(
            SystemCoup(iri, r["country"], r["date"], tuple(r["leaders"]), tuple(r["ousted"]), tuple(r["spans"]))
            for iri, r in coups.items()
        ),
        statements=tuple(
            SystemStatement(iri, r["speaker"], r["speech_act"], r["anonymous"], tuple(r["quotes"]), tuple(r["spans"]))
            for iri, r in statements.items()
        ),
        deployments=tuple(
            SystemDeployment(
                iri, r["force"], tuple(r["places"]), r["status"], tuple(r["claimed_by"]), tuple(r["spans"]), r["named"]
            )
            for iri, r in deployments.items()
        ),
    )


def _add(items: list[Any], item: Any) -> None:
    if item is not None and item not in items:
        items.append(item)


def _article_graph(store: Store, article: str) -> tuple[str, str]:
    """The named graph holding an article, and the article's IRI."""
    result = store.query(
        f"PREFIX kg: <{_KG}> PREFIX schema: <https://schema.org/>\n"
        "SELECT ?g ?a ?id WHERE { GRAPH ?g { ?a a kg:Article OPTIONAL { ?a schema:identifier ?id } } }"
    )
    assert isinstance(result, ox.QuerySolutions)
    for row in result:
        iri, identifier = row["a"].value, row["id"].value if row["id"] is not None else None
        if article in (iri, identifier) or iri.endswith(f"/{article}"):
            return row["g"].value, iri
    raise LookupError(f"no article {article!r} in the store")


def _shared_graphs(store: Store) -> list[str]:
    """Every named graph that holds no article: canonical entities, the ontology."""
    result = store.query(f"PREFIX kg: <{_KG}> SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?a a kg:Article }} }}")
    assert isinstance(result, ox.QuerySolutions)
    article_graphs = {row["g"].value for row in result}
    return [g for g in store.named_graphs() if g not in article_graphs]


def _rows(store: Store, query: Path, graphs: Sequence[str]) -> list[dict[str, str | None]]:
    result = store.query(query.read_text(encoding="utf-8"), default_graph=graphs)
    assert isinstance(result, ox.QuerySolutions)
    variables = [v.value for v in result.variables]
    return [{v: (None if row[v] is None else row[v].value) for v in variables} for row in result]


# -- matchers --------------------------------------------------------------------------------------


def name_tokens(name: str) -> tuple[str, ...]:
    """A name as comparable tokens: no accents, case, punctuation, determiners or plural ``s``."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().translate(_QUOTES)
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"\b([a-z])\.(?=[a-z]\b)", r"\1", text)  # U.S. -> us.
    tokens = [t for t in re.findall(r"[a-z0-9]+", text) if t not in _DETERMINERS]
    return tuple(t[:-1] if len(t) > 3 and t.endswith("s") and not t.endswith("ss") else t for t in tokens)


@lru_cache(maxsize=1)
def _state_names() -> dict[tuple[str, ...], str]:
    """The name, alias and demonym tokens of every state of the gazetteer, each to the state's id."""
    from kg.extract.gazetteer import gazetteer

    found: dict[tuple[str, ...], str] = {}
    for entry in gazetteer().entries.values():
        if entry.type == "state":
            for name in (entry.label, *entry.aliases, *entry.demonyms):
                if tokens := name_tokens(name):
                    found.setdefault(tokens, entry.id)
    return found


def _states_and_rest(tokens: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The states a name names, by name, alias or demonym (longest names first), and its other distinctive
    tokens, so that "the Russian defence ministry" and "Ministry of Defence of Russia" compare alike."""
    names = _state_names()
    longest = max(map(len, names), default=0)
    states: set[str] = set()
    rest: set[str] = set()
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            state = names.get(tokens[i : i + size])
            if state is not None:
                states.add(state)
                i += size
                break
        else:
            rest.add(tokens[i])
            i += 1
    return frozenset(states), frozenset(rest - _GENERIC)


def force_similarity(system: str, gold: str) -> float:
    """:func:`name_similarity`, or a weaker match for one state's force told two ways: "Japanese Armed
    Forces" and "contingent from Japan", "about 100 Russian military personnel" (the same states, and no
    more than force nouns, numbers and approximators on one side)."""
    direct = name_similarity(system, gold)
    if direct > 0:
        return direct
    mine, theirs = _states_and_rest(name_tokens(system)), _states_and_rest(name_tokens(gold))
    if not mine[0] or mine[0] != theirs[0]:
        return 0.0
    plain = _GENERIC | _force_words()
    if all(t in plain or t.isdigit() for t in mine[1]) or all(t in plain or t.isdigit() for t in theirs[1]):
        return NAME_JACCARD / 2
    return 0.0


@lru_cache(maxsize=1)
def _force_words() -> frozenset[str]:
    """The force nouns of the extractor's lexicon and the words that size or rank a force, as name tokens."""
    from kg.extract.lexicon import lexicon

    words = {t for role in lexicon().force_roles for t in name_tokens(role)}
    return frozenset(words | _FORCE_SIZE_WORDS)


#: Words that size a force in a gold name ("about 100", "smaller contingents", "several hundred").
_FORCE_SIZE_WORDS = frozenset(
    {"about", "around", "some", "nearly", "almost", "more", "than", "up", "over", "several", "smaller", "larger"}
    | {"hundred", "thousand", "dozen", "contingent", "unit", "battalion", "company", "detachment"}
)


def name_similarity(system: str, gold: str) -> float:
    """How well a system label matches one gold name: 0.0 for no match, up to 1.0 for the same tokens.

    Args:
        system: the system's label.
        gold: a gold name or alias.

    Returns:
        0.0 when they do not match; otherwise the Jaccard index of their distinctive tokens (at least
        0.01, so that a match by containment with little overlap still counts; 1.0 for the same tokens).
    """
    a, b = name_tokens(system), name_tokens(gold)
    if not a or not b or set(a) <= _PRONOUNS or set(b) <= _PRONOUNS:
        return 0.0
    if a == b:
        return 1.0
    jaccard = _jaccard(set(a) - _GENERIC, set(b) - _GENERIC) if set(a) - _GENERIC and set(b) - _GENERIC else 0.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    contained = any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))
    if contained or jaccard >= NAME_JACCARD:
        return max(jaccard, 0.01)
    mine = _states_and_rest(a)
    if any(mine) and mine == _states_and_rest(b):  # "Russian defence ministry", "Ministry of Defence of Russia"
        return NAME_JACCARD
    return 0.0


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b)


def names_match(system: str, gold_names: Iterable[str]) -> float:
    """The best :func:`name_similarity` of a system label against any of the gold names (0.0: no match)."""
    return max((name_similarity(system, name) for name in gold_names), default=0.0)


def forces_match(system: str, gold_names: Iterable[str]) -> float:
    """The best :func:`force_similarity` of a system force against any of the gold names (0.0: no match)."""
    return max((force_similarity(system, name) for name in gold_names), default=0.0)


def normalise_span(text: str) -> str:
    """Straight quotes, one space for every whitespace run, no surrounding space."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


def locate(span: str, article_text: str) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where ``span`` occurs in the article text, whitespace runs and quote styles aside."""
    parts = [re.escape(p) for p in normalise_span(span).split(" ") if p]
    if not parts:
        return []
    pattern = r"\s+".join(parts)
    pattern = pattern.replace('"', f"[{_DOUBLE_QUOTES}]").replace("'", f"[{_SINGLE_QUOTES}]")
    return [(m.start(), m.end()) for m in re.finditer(pattern, article_text)]


def span_similarity(system: Span, gold: str, article_text: str) -> float:
    """How well a system span matches a gold evidence string: 0.0 for no match, 1.0 for the same span.

    Args:
        system: the system's span (offsets optional).
        gold: the gold ``text_evidence``.
        article_text: the article text both index into.

    Returns:
        0.0 when neither contains the other and their intervals overlap by less than
        :data:`SPAN_OVERLAP` of the shorter one; otherwise their similarity (length ratio for
        containment, interval Jaccard for overlap).
    """
    a, b = normalise_span(system.text), normalise_span(gold)
    if not a or not b:
        return 0.0
    best = 0.0
    if a in b or b in a:
        best = min(len(a), len(b)) / max(len(a), len(b))
    if system.start is not None and system.end is not None:
        mine = [(system.start, system.end)]
    else:
        mine = locate(system.text, article_text)
    for s_start, s_end in mine:
        for g_start, g_end in locate(gold, article_text):
            overlap = min(s_end, g_end) - max(s_start, g_start)
            shorter = min(s_end - s_start, g_end - g_start)
            if overlap > 0 and shorter > 0 and overlap / shorter >= SPAN_OVERLAP:
                union = max(s_end, g_end) - min(s_start, g_start)
                best = max(best, overlap / union)
    return best


def spans_match(spans: Iterable[Span], evidence: Iterable[str], article_text: str) -> float:
    """The best :func:`span_similarity` of any system span against any gold evidence (0.0: no match)."""
    evidence = tuple(evidence)
    return max((span_similarity(s, e, article_text) for s in spans for e in evidence), default=0.0)


def date_matches(system: str, gold: str | None) -> bool:
    """Whether a system date agrees with a resolved gold date (see :func:`resolve_gold_date`)."""
    if gold is None:
        return True
    return system.strip()[: len(gold)] == gold


# -- scores ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassScore:
    """The counts of one class, and what went wrong.

    Attributes:
        tp: gold records matched.
        fp: system records matched to nothing.
        fn: gold records nothing matched.
        absorbed: system records taken by a gold deployment with several places (neither tp nor fp).
        missed: short descriptions of the gold records not found.
        spurious: short descriptions of the system records not in the gold.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    absorbed: int = 0
    missed: tuple[str, ...] = field(default=(), repr=False)
    spurious: tuple[str, ...] = field(default=(), repr=False)

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when there is nothing to find and nothing was found."""
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when there is nothing to find and nothing was found."""
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: ClassScore) -> ClassScore:
        return ClassScore(
            self.tp + other.tp,
            self.fp + other.fp,
            self.fn + other.fn,
            self.absorbed + other.absorbed,
            self.missed + other.missed,
            self.spurious + other.spurious,
        )


@dataclass(frozen=True)
class Scores:
    """Scores of one article, or micro-averaged over several.

    Attributes:
        label: the article (or ``"micro-average over N articles"``).
        coups: coup counts.
        statements: statement counts.
        deployments: deployment counts.
    """

    label: str
    coups: ClassScore = field(default_factory=ClassScore)
    statements: ClassScore = field(default_factory=ClassScore)
    deployments: ClassScore = field(default_factory=ClassScore)

    def of(self, name: str) -> ClassScore:
        """The counts of a class by name (``coups``, ``statements``, ``deployments``)."""
        if name not in CLASSES:
            raise KeyError(name)
        score: ClassScore = getattr(self, name)
        return score

    def __str__(self) -> str:
        lines = [
            self.label,
            f"  {'class':<12} {'gold':>5} {'sys':>5} {'tp':>5} {'fp':>5} {'fn':>5} {'prec':>6} {'rec':>6} {'f1':>6}",
        ]
        for name in CLASSES:
            s = self.of(name)
            lines.append(
                f"  {name:<12} {s.tp + s.fn:>5} {s.tp + s.fp + s.absorbed:>5} {s.tp:>5} {s.fp:>5} {s.fn:>5}"
                f" {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}"
            )
        return "\n".join(lines)

    def errors(self) -> str:
        """The missed and spurious records, one per line (empty when the scores are perfect)."""
        lines = []
        for name in CLASSES:
            s = self.of(name)
            lines += [f"  missed {name[:-1]}: {m}" for m in s.missed]
            lines += [f"  spurious {name[:-1]}: {m}" for m in s.spurious]
        return "\n".join(lines)


def micro_average(scores: Iterable[Scores]) -> Scores:
    """Sum the counts of several articles' scores; precision, recall and F1 then follow from the sums."""
    scores = list(scores)
    total = Scores(f"micro-average over {len(scores)} articles")
    for s in scores:
        total = Scores(
            total.label, total.coups + s.coups, total.statements + s.statements, total.deployments + s.deployments
        )
    return total


def score(
    extracted: Extracted, gold: Gold, article_text: str, *, label: str | None = None, strict: bool = False
) -> Scores:
    """Score one article's extraction against its gold (the rules are in the module docstring).

    Args:
        extracted: what the system extracted.
        gold: the gold annotation.
        article_text: the article text (the ``.txt`` minus its title line), which offsets index into.
        label: the name shown in the table; the gold's article name when omitted.
        strict: deployments match on their status and place too (see :func:`place_matches`).

    Returns:
        The scores per class.
    """
    # a pair whose dates were compared outranks one matched on the country alone (a gold coup with no date)
    coup_pairs = [
        ((float(g.date is not None), spans_match(s.spans, g.evidence, article_text), quality), gi, si)
        for gi, g in enumerate(gold.coups)
        for si, s in enumerate(extracted.coups)
        if date_matches(s.date, g.date) and (quality := names_match(s.country, [g.country])) > 0
    ]
    statement_pairs = [
        ((span, quality), gi, si)
        for gi, g in enumerate(gold.statements)
        for si, s in enumerate(extracted.statements)
        if (quality := names_match(s.speaker, g.names)) > 0
        and (span := spans_match(s.spans, g.evidence, article_text)) > 0
    ]
    deployment_pairs = [
        ((span, quality), gi, si)
        for gi, g in enumerate(gold.deployments)
        for si, s in enumerate(extracted.deployments)
        if (quality := max(forces_match(s.force, g.names), forces_match(s.named, g.names) if s.named else 0.0)) > 0
        and (span := spans_match(s.spans, g.evidence, article_text)) > 0
        and (not strict or (s.status == g.status and place_matches(s.places, g.places)))
    ]
    return Scores(
        label or gold.article,
        coups=_assign(
            coup_pairs,
            [f"{g.country} {g.date or '(no date)'}" for g in gold.coups],
            [f"{s.country} {s.date}" for s in extracted.coups],
        ),
        statements=_assign(
            statement_pairs,
            [f"{g.speaker}: {g.evidence[0] if g.evidence else ''}" for g in gold.statements],
            [f"{s.speaker}: {s.spans[0].text if s.spans else ''}" for s in extracted.statements],
        ),
        deployments=_assign(
            deployment_pairs,
            [
                f"{g.actor} [{g.status}] in {', '.join(g.places) or '?'}: {g.evidence[0] if g.evidence else ''}"
                for g in gold.deployments
            ],
            [
                f"{s.force} [{s.status}] in {', '.join(s.places) or '?'}: {s.spans[0].text if s.spans else ''}"
                for s in extracted.deployments
            ],
            capacity=[max(1, len(g.places)) for g in gold.deployments],
        ),
    )


def place_matches(system: Iterable[str], gold: Iterable[str]) -> bool:
    """Whether a system deployment's places meet a gold one's; a gold record with no place takes any.

    Any system place matches any gold place by the name rule ("Mali" and "Mali (hired by the
    junta)"), or the two name places of the same state: the gold's free-text place ("central Mali",
    "eastern DRC", "Plaza Murillo, La Paz") read for the states and places it names with kg's
    gazetteer and GeoNames' places, as a person scoring would.
    """
    wanted = [g for g in gold if g]
    if not wanted:
        return True
    system = list(system)
    if any(names_match(place, wanted) > 0 for place in system):
        return True
    return bool(set().union(*map(_states_named, system)) & set().union(*map(_states_named, wanted)))


def _states_named(text: str) -> set[str]:
    """The states a free-text place names or lies in: the longest known names, read left to right."""
    from kg.extract.gazetteer import gazetteer
    from kg.extract.places import country_of_place

    gaz = gazetteer()
    words = re.findall(r"[\w'’.-]+", text)
    states: set[str] = set()
    at = 0
    while at < len(words):
        for size in range(min(6, len(words) - at), 0, -1):
            name = " ".join(words[at : at + size]).strip(".")
            entry = gaz.lookup(name)
            if entry is not None and (entry.type == "state" or (entry.is_place and entry.country)):
                states.add(entry.id if entry.type == "state" else str(entry.country))
            elif name[:1].isupper() and (found := country_of_place(name)) is not None:
                states.add(found)
            else:
                continue
            at += size
            break
        else:
            at += 1
    return states


def score_store(
    store: Store, article: str, gold: Gold, article_text: str, *, queries: Path = QUERIES, strict: bool = False
) -> Scores:
    """Score what a store holds for one article against its gold.

    Args:
        store: the store the article was loaded into.
        article: the article's id (16 hex digits) or IRI.
        gold: the gold annotation.
        article_text: the article text (the ``.txt`` minus its title line).
        queries: the folder of the stable queries.
        strict: deployments match on their status and place too.

    Returns:
        The scores per class.

    Raises:
        LookupError: the article is not in the store.
    """
    return score(extracted_from_store(store, article, queries=queries), gold, article_text, strict=strict)


def _assign(
    pairs: Sequence[tuple[tuple[float, ...], int, int]],
    gold: Sequence[str],
    system: Sequence[str],
    *,
    capacity: Sequence[int] | None = None,
) -> ClassScore:
    """Greedy one-to-one assignment, best pairs first; then gold records with spare capacity absorb leftovers."""
    ranked = sorted(pairs, key=lambda p: (p[0], -p[1], -p[2]), reverse=True)
    gold_taken: dict[int, int] = {}
    system_taken: set[int] = set()
    for _, gi, si in ranked:
        if gi not in gold_taken and si not in system_taken:
            gold_taken[gi] = 1
            system_taken.add(si)
    absorbed = 0
    if capacity is not None:
        for _, gi, si in ranked:
            if gi in gold_taken and si not in system_taken and gold_taken[gi] < capacity[gi]:
                gold_taken[gi] += 1
                system_taken.add(si)
                absorbed += 1
    return ClassScore(
        tp=len(gold_taken),
        fp=len(system) - len(system_taken),
        fn=len(gold) - len(gold_taken),
        absorbed=absorbed,
        missed=tuple(g for i, g in enumerate(gold) if i not in gold_taken),
        spurious=tuple(s for i, s in enumerate(system) if i not in system_taken),
    )


# -- evaluation of a folder ------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleEvaluation:
    """One article scored against its gold.

    Attributes:
        name: the gold file's name without suffix (the article's too).
        gold: the gold file.
        article: the article file.
        scores: the scores per class (an empty extraction's when the loader rejected the article).
        rejected: why the loader rejected the article, ``None`` when it loaded.
    """

    name: str
    gold: Path
    article: Path
    scores: Scores
    rejected: str | None = None


@dataclass(frozen=True)
class Evaluation:
    """Every article of a gold folder scored, in the order of the gold files' names.

    Attributes:
        articles: one result per gold file.
        seconds: how long the load and the scoring took.
    """

    articles: tuple[ArticleEvaluation, ...]
    seconds: float = 0.0

    @property
    def total(self) -> Scores:
        """The scores micro-averaged over every article (rejected ones included, as empty extractions)."""
        return micro_average(a.scores for a in self.articles)

    @property
    def rejected(self) -> tuple[ArticleEvaluation, ...]:
        """The articles the loader rejected."""
        return tuple(a for a in self.articles if a.rejected is not None)

    @property
    def ok(self) -> bool:
        """Whether every article loaded."""
        return not self.rejected

    def as_dict(self, *, articles: bool = True) -> dict[str, Any]:
        """The evaluation as plain data (for JSON): per article and in total, counts, P/R/F1, misses and spurious.

        Args:
            articles: include the per-article results (``False``: the total alone).
        """
        total: dict[str, Any] = {"articles": len(self.articles), "rejected": len(self.rejected)}
        total.update({name: _class_dict(self.total.of(name), items=False) for name in CLASSES})
        result: dict[str, Any] = {}
        if articles:
            result["articles"] = [
                {
                    "name": a.name,
                    "gold": str(a.gold),
                    "article": str(a.article),
                    "rejected": a.rejected,
                    **{name: _class_dict(a.scores.of(name)) for name in CLASSES},
                }
                for a in self.articles
            ]
        result["total"] = total
        return result


def _class_dict(score: ClassScore, *, items: bool = True) -> dict[str, Any]:
    counts: dict[str, Any] = {
        "gold": score.tp + score.fn,
        "extracted": score.tp + score.fp + score.absorbed,
        "tp": score.tp,
        "fp": score.fp,
        "fn": score.fn,
        "absorbed": score.absorbed,
        "precision": round(score.precision, 4),
        "recall": round(score.recall, 4),
        "f1": round(score.f1, 4),
    }
    if items:
        counts["missed"] = list(score.missed)
        counts["spurious"] = list(score.spurious)
    return counts


def gold_articles(gold_dir: Path, articles_dir: Path | None = None) -> list[tuple[Gold, Path]]:
    """The gold files of a folder, each parsed, with the article it describes.

    Args:
        gold_dir: the folder of ``<name>.yaml`` gold files.
        articles_dir: where ``<name>.txt`` (and its ``.json`` sidecar) are; ``gold_dir``'s parent when omitted.

    Returns:
        (gold, article file) for every gold file, sorted by name.

    Raises:
        InputError: the folder is missing or holds no gold file, a gold file is not a gold
            annotation, or the article of a gold file is missing.
    """
    if not gold_dir.is_dir():
        raise InputError(gold_dir, "no such folder of gold files")
    articles_dir = gold_dir.parent if articles_dir is None else articles_dir
    if not articles_dir.is_dir():
        raise InputError(articles_dir, "no such folder of articles")
    files = sorted(p for p in gold_dir.glob("*.yaml") if p.is_file())
    if not files:
        raise InputError(gold_dir, "no gold files (*.yaml) in this folder")
    found: list[tuple[Gold, Path]] = []
    for path in files:
        gold = load_gold(path)
        article = articles_dir / f"{path.stem}.txt"
        if not article.is_file():
            raise InputError(path, f"its article {article} is missing")
        found.append((gold, article))
    return found


def evaluate(
    gold_dir: Path,
    articles_dir: Path | None = None,
    *,
    settings: Settings,
    progress: bool = False,
    strict: bool = False,
) -> Evaluation:
    """Load the articles of a gold folder into a fresh in-memory store and score each against its gold.

    The store is never the one ``settings`` names: it lives as long as this call. An article the
    loader rejects scores as an empty extraction and carries the reason.

    Args:
        gold_dir: the folder of ``<name>.yaml`` gold files.
        articles_dir: where the articles are; ``gold_dir``'s parent when omitted.
        settings: the configuration of the loader (base IRI, workers, limits, shapes, queries).
        progress: show a progress bar on standard error while the articles load.
        strict: deployments match on (force, place, status) as well as their evidence, the scoring the
            development articles' README suggests; by default status and place are not compared.

    Returns:
        The scores of every article, in the order of the gold files' names.

    Raises:
        InputError: see :func:`gold_articles`.
    """
    started = time.perf_counter()
    pairs = gold_articles(gold_dir, articles_dir)
    results: list[ArticleEvaluation] = []
    with Store(None) as store:
        # each article's own reading is scored: its coups as it dates them, not as other articles refine them
        report = Loader(store, settings).load([article for _, article in pairs], progress=progress, resolve=False)
        rejected = {failed.path: failed.reason for failed in report.failed}
        for gold, article in pairs:
            name = gold.path.stem
            reason = rejected.get(article)
            if reason is None:
                read = read_article(article, max_bytes=settings.max_article_bytes)
                scores = score_store(store, read.id, gold, read.text, queries=settings.queries, strict=strict)
                scores = Scores(name, scores.coups, scores.statements, scores.deployments)
            else:
                scores = score(Extracted(), gold, "", label=f"{name} (rejected by the loader)")
            results.append(ArticleEvaluation(name, gold.path, article, scores, reason))
    return Evaluation(tuple(results), time.perf_counter() - started)
