"""Linking to Wikidata: `kg link` lists, proposes (from Wikidata's search, served on loopback from
recorded-format answers, never the live service), and applies only what a person accepts."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from kg.link import LINKABLE, LinkError, WikidataSearch, accept, read_links
from kg.settings import Settings
from kg.store import Store
from tests.conftest import DEV, FIXTURES, SEED_TXT, Listener, kg_command

ANSWERS = FIXTURES / "wikidata" / "api" / "wbsearchentities"
WD = "http://www.wikidata.org/entity/"


def wikidata_api(method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, str, bytes]:
    """Wikidata's API as the tests need it: wbsearchentities from the fixture folder, else no hits."""
    params = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
    if params.get("action") != "wbsearchentities" or params.get("format") != "json":
        return 400, "application/json", b'{"error": {"code": "badvalue", "info": "unexpected request"}}'
    answer = ANSWERS / f"{params['search']}.json"
    payload = answer.read_bytes() if answer.is_file() else json.dumps({"search": [], "success": 1}).encode()
    return 200, "application/json; charset=utf-8", payload


@pytest.fixture
def api() -> Listener:
    listener = Listener(wikidata_api)
    yield listener  # type: ignore[misc]
    listener.close()


@pytest.fixture
def env(dev_settings: Settings, tmp_path: Path, api: Listener) -> dict[str, str]:
    """A store with the seeds and the original development articles (the names searched come from them)."""
    return {
        "KG_STORE": str(dev_settings.store),
        "KG_LINKS": str(tmp_path / "links.toml"),
        "KG_CACHE": str(tmp_path / "cache"),
        "KG_WIKIDATA_API": f"{api.url}/w/api.php",
        "KG_WIKIDATA_INTERVAL": "0.3",
    }


def rows(stdout: str) -> list[dict[str, str]]:
    lines = stdout.splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def exact_matches(store_dir: str, iri: str) -> set[str]:
    with Store(Path(store_dir), read_only=True) as store:
        result = store.query(f"SELECT ?o WHERE {{ <{iri}> <http://www.w3.org/2004/02/skos/core#exactMatch> ?o }}")
        return {row["o"].value for row in result}  # type: ignore[union-attr]


def test_link_lists_the_unlinked_actors_and_places_and_not_the_linked_or_anonymous(env: dict[str, str]) -> None:
    done = kg_command("link", env=env)
    assert done.returncode == 0, done.stderr
    listed = rows(done.stdout)
    labels = {r["label"] for r in listed}
    assert {"Le Faso", "Amadou Abdramane"} <= labels
    assert "Mali" not in labels and "Agence France-Presse" not in labels, "linked by the gazetteer"
    classes = {r["class"] for r in listed}
    assert classes <= set(LINKABLE) and not classes & {"AnonymousSource", "GroupOfStates"}, (
        "anonymous sources and groups of states have no item to link to"
    )
    counts = [int(r["articles"]) for r in listed]
    assert counts == sorted(counts, reverse=True), "most mentioned first"
    assert "without a Wikidata item" in done.stderr


def test_propose_asks_wikidata_politely_and_a_second_run_answers_from_the_cache(
    env: dict[str, str], api: Listener
) -> None:
    done = kg_command("link", "--propose", "--limit", "40", env=env)
    assert done.returncode == 0, done.stderr
    proposals = rows(done.stdout)
    faso = [p for p in proposals if p["label"] == "Le Faso"]
    assert [(p["rank"], p["candidate"]) for p in faso] == [("1", "Q999000101"), ("2", "Q999000102")]
    assert api.requests, "the API was asked"
    for method, path, headers, _ in api.requests:
        assert method == "GET" and headers["user-agent"].startswith("kg/")
        assert parse_qs(urlsplit(path).query)["action"] == ["wbsearchentities"]
    gaps = [b - a for a, b in zip(api.times, api.times[1:], strict=False)]
    assert all(gap >= 0.25 for gap in gaps), f"at most one request per interval: {gaps}"
    asked = len(api.requests)
    again = kg_command("link", "--propose", "--limit", "40", "--offline", env=env)
    assert again.returncode == 0, again.stderr
    assert rows(again.stdout) == proposals and len(api.requests) == asked, "answered from the cache"
    assert "0 live requests" in again.stderr


def test_propose_offline_with_nothing_cached_says_so(env: dict[str, str], api: Listener) -> None:
    done = kg_command("link", "--propose", "--offline", "--limit", "1", env=env)
    assert done.returncode == 2 and "offline" in done.stderr and "not in the cache" in done.stderr
    assert not api.requests


def test_unreachable_wikidata_is_a_clear_error(env: dict[str, str]) -> None:
    dead = Listener(wikidata_api)
    dead.close()
    done = kg_command("link", "--propose", "--limit", "1", env={**env, "KG_WIKIDATA_API": f"{dead.url}/w/api.php"})
    assert done.returncode == 2 and "cannot reach Wikidata" in done.stderr and "Traceback" not in done.stderr


def test_nothing_is_linked_until_a_person_accepts_then_every_load_applies_it(
    env: dict[str, str], tmp_path: Path
) -> None:
    store = env["KG_STORE"]
    faso = "https://kg.example.org/entity/le-faso"
    assert kg_command("link", "--propose", "--limit", "40", env=env).returncode == 0
    assert not {m for m in exact_matches(store, faso) if m.startswith(WD)}, "a search result alone links nothing"

    done = kg_command("link", "--accept", "Le Faso", "NewsAgency", "Q999000101", "--note", "checked by hand", env=env)
    assert done.returncode == 0, done.stderr
    assert exact_matches(store, faso) == {WD + "Q999000101"}
    (link,) = read_links(Path(env["KG_LINKS"]))
    assert (link.label, link.cls, link.qid, link.note) == ("Le Faso", "NewsAgency", "Q999000101", "checked by hand")

    listed = {r["label"] for r in rows(kg_command("link", env=env).stdout)}
    assert "Le Faso" not in listed and "Amadou Abdramane" in listed
    wikidata = kg_command("query", str(Path("queries") / "wikidata.rq"), "--format", "csv", env=env)
    assert f"{faso},Le Faso" in wikidata.stdout
    entities = [line.split(",")[0] for line in wikidata.stdout.splitlines()[1:]]
    assert len(entities) == len(set(entities)) > 50, "one row per linked entity"

    reload = kg_command("load", str(DEV / "tass-burkina-military-ousts-kabore.txt"), env=env)
    assert reload.returncode == 0, reload.stderr
    assert exact_matches(store, faso) == {WD + "Q999000101"}, "the load re-applies the accepted links"


def test_accept_refuses_a_malformed_id_a_wrong_class_and_a_conflicting_link(tmp_path: Path) -> None:
    links = tmp_path / "links.toml"
    with pytest.raises(LinkError, match="not a Wikidata item id"):
        accept(links, "Le Faso", "NewsAgency", "999")
    with pytest.raises(LinkError, match="cannot be linked"):
        accept(links, "a Malian army officer", "AnonymousSource", "Q1")
    accept(links, "Le Faso", "NewsAgency", "Q999000101")
    assert accept(links, "le faso", "NewsAgency", "Q999000101").qid == "Q999000101", "the same link twice is one"
    with pytest.raises(LinkError, match="already linked to Q999000101"):
        accept(links, "Le Faso", "NewsAgency", "Q999000102")
    assert len(read_links(links)) == 1


def test_a_broken_links_file_names_itself(seeded_settings: Settings, tmp_path: Path) -> None:
    links = tmp_path / "links.toml"
    links.write_text('[[link]]\nlabel = "Le Faso"\nclass = "NewsAgency"\nwikidata = "Faso"\naccepted = "2026-01-01"\n')
    done = kg_command(
        "load",
        str(SEED_TXT),
        env={"KG_STORE": str(seeded_settings.store), "KG_LINKS": str(links)},
    )
    assert done.returncode != 0 and str(links) in done.stderr and "not a Wikidata item id" in done.stderr


def test_the_search_client_caches_each_answer_in_one_file(tmp_path: Path, api: Listener) -> None:
    search = WikidataSearch(f"{api.url}/w/api.php", tmp_path / "cache", interval=0, user_agent="kg/test")
    try:
        first = search.candidates("Amadou Abdramane")
        second = search.candidates("Amadou Abdramane")
    finally:
        search.close()
    assert first == second and [c.qid for c in first] == ["Q999000201"]
    assert len(api.requests) == 1 and len(list((tmp_path / "cache").glob("*.json"))) == 1


def test_the_project_links_file_is_valid() -> None:
    root = Path(__file__).resolve().parents[1]
    for link in read_links(root / "links.toml"):
        assert link.qid.startswith("Q")
