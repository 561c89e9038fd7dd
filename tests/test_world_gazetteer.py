"""The world gazetteer (``kg/data/world.toml``) as the extractor reads it, and ``kg.extract.places``.

Every member state of the United Nations must resolve by its name and by a demonym, every capital
must stand for its government, and a city or region below the state must give its country, while an
ordinary word gives nothing. The schema of world.toml's entries is checked with gazetteer.toml's by
``tests/test_gazetteer.py``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from kg.extract.gazetteer import fold, gazetteer
from kg.extract.places import country_of_place

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "kg" / "data" / "gazetteer.toml"
WORLD = ROOT / "kg" / "data" / "world.toml"

#: The 193 member states of the United Nations, by the names the UN's list gives them.
UN_MEMBERS = (
    "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Antigua and Barbuda", "Argentina", "Armenia",
    "Australia", "Austria", "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium",
    "Belize", "Benin", "Bhutan", "Bolivia", "Bosnia and Herzegovina", "Botswana", "Brazil", "Brunei", "Bulgaria",
    "Burkina Faso", "Burundi", "Cabo Verde", "Cambodia", "Cameroon", "Canada", "Central African Republic", "Chad",
    "Chile", "China", "Colombia", "Comoros", "Republic of the Congo", "Costa Rica", "Côte d'Ivoire", "Croatia",
    "Cuba", "Cyprus", "Czechia", "Democratic People's Republic of Korea", "Democratic Republic of the Congo",
    "Denmark", "Djibouti", "Dominica", "Dominican Republic", "Ecuador", "Egypt", "El Salvador", "Equatorial Guinea",
    "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland", "France", "Gabon", "Gambia", "Georgia",
    "Germany", "Ghana", "Greece", "Grenada", "Guatemala", "Guinea", "Guinea-Bissau", "Guyana", "Haiti", "Honduras",
    "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Jamaica", "Japan",
    "Jordan", "Kazakhstan", "Kenya", "Kiribati", "Kuwait", "Kyrgyzstan", "Lao People's Democratic Republic",
    "Latvia", "Lebanon", "Lesotho", "Liberia", "Libya", "Liechtenstein", "Lithuania", "Luxembourg", "Madagascar",
    "Malawi", "Malaysia", "Maldives", "Mali", "Malta", "Marshall Islands", "Mauritania", "Mauritius", "Mexico",
    "Micronesia", "Republic of Moldova", "Monaco", "Mongolia", "Montenegro", "Morocco", "Mozambique", "Myanmar",
    "Namibia", "Nauru", "Nepal", "Netherlands", "New Zealand", "Nicaragua", "Niger", "Nigeria", "North Macedonia",
    "Norway", "Oman", "Pakistan", "Palau", "Panama", "Papua New Guinea", "Paraguay", "Peru", "Philippines",
    "Poland", "Portugal", "Qatar", "Republic of Korea", "Romania", "Russian Federation", "Rwanda",
    "Saint Kitts and Nevis", "Saint Lucia", "Saint Vincent and the Grenadines", "Samoa", "San Marino",
    "Sao Tome and Principe", "Saudi Arabia", "Senegal", "Serbia", "Seychelles", "Sierra Leone", "Singapore",
    "Slovakia", "Slovenia", "Solomon Islands", "Somalia", "South Africa", "South Sudan", "Spain", "Sri Lanka",
    "Sudan", "Suriname", "Sweden", "Switzerland", "Syrian Arab Republic", "Tajikistan", "Thailand", "Timor-Leste",
    "Togo", "Tonga", "Trinidad and Tobago", "Tunisia", "Türkiye", "Turkmenistan", "Tuvalu", "Uganda", "Ukraine",
    "United Arab Emirates", "United Kingdom", "United Republic of Tanzania", "United States of America", "Uruguay",
    "Uzbekistan", "Vanuatu", "Venezuela", "Viet Nam", "Yemen", "Zambia", "Zimbabwe",
)  # fmt: skip
#: The UN's observer states and the other states the world gazetteer has.
OTHER_STATES = ("State of Palestine", "Holy See", "Kosovo", "Taiwan", "Sahrawi Arab Democratic Republic")


@pytest.fixture(scope="module")
def world() -> dict[str, Any]:
    return tomllib.loads(WORLD.read_text(encoding="utf-8"))


def test_the_un_list_has_every_member() -> None:
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193


def test_the_file_opens_with_a_header_naming_its_sources_and_their_licences() -> None:
    header = WORLD.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert header.startswith("# World gazetteer"), "world.toml must open with a comment saying what it is"
    for needed in ("tools/make_world_gazetteer.py", "Phoenix.Countries.actors.txt", "MIT", "heads-of-state-2022.csv",
                   "CC0", "GeoNames", "CC BY 4.0", "Ambiguous names"):  # fmt: skip
        assert needed in header, f"the header does not mention {needed!r}"


def test_no_id_is_in_both_files(world: dict[str, Any]) -> None:
    curated = {e["id"] for e in tomllib.loads(GAZETTEER.read_text(encoding="utf-8"))["entity"]}
    both = sorted(curated & {e["id"] for e in world["entity"]})
    assert not both, f"ids in gazetteer.toml and world.toml: {both}"


@pytest.mark.parametrize("name", UN_MEMBERS + OTHER_STATES)
def test_every_state_resolves_by_name_and_by_a_demonym(name: str) -> None:
    gaz = gazetteer()
    state = gaz.lookup(name)
    assert state is not None and state.type == "state", f"{name!r} finds {state}"
    resolving = [d for d in state.demonyms if gaz.demonym(d) is state]
    assert resolving, f"no demonym of {state.id} ({state.demonyms}) finds it"
    assert gaz.government_of(state.id) is not None, f"{state.id} has no government"


@pytest.mark.parametrize(
    ("word", "state_id"),
    [
        ("Bolivian", "bolivia"),
        ("Guatemalan", "guatemala"),
        ("Turkish", "turkey"),
        ("Burundian", "burundi"),
        ("Burmese", "myanmar"),
        ("Burkinabe", "burkina-faso"),
        ("Filipino", "philippines"),
        ("South Korean", "south-korea"),
    ],
)
def test_demonyms_find_their_state(word: str, state_id: str) -> None:
    found = gazetteer().demonym(word)
    assert found is not None and found.id == state_id, f"{word!r} finds {found}"


@pytest.mark.parametrize(
    ("name", "state_id"),
    [("Myanmar", "myanmar"), ("Burma", "myanmar"), ("Türkiye", "turkey"), ("Turkey", "turkey"),
     ("Republic of Korea", "south-korea"), ("DPRK", "north-korea"), ("Viet Nam", "vietnam")],
)  # fmt: skip
def test_names_find_their_state(name: str, state_id: str) -> None:
    found = gazetteer().lookup(name)
    assert found is not None and found.id == state_id, f"{name!r} finds {found}"


@pytest.mark.parametrize(
    ("capital", "government_id"),
    [
        ("Ankara", "government-of-turkey"),
        ("La Paz", "government-of-bolivia"),
        ("Guatemala City", "government-of-guatemala"),
        ("Nay Pyi Taw", "government-of-myanmar"),
        ("Kyiv", "government-of-ukraine"),
        ("Kiev", "government-of-ukraine"),
        ("Gitega", "government-of-burundi"),
        ("Kinshasa", "government-of-the-democratic-republic-of-the-congo"),
        ("Paris", "government-of-france"),
    ],
)
def test_capitals_stand_for_their_government(capital: str, government_id: str) -> None:
    found = gazetteer().metonym(capital)
    assert found is not None and found.id == government_id, f"{capital!r} stands for {found}"


@pytest.mark.parametrize(
    ("alias", "force_id"),
    [
        ("Bolivian army", "armed-forces-of-bolivia"),
        ("Turkish troops", "armed-forces-of-turkey"),
        ("Guatemalan military", "armed-forces-of-guatemala"),
        ("FARDC", "armed-forces-of-the-democratic-republic-of-the-congo"),
        ("Tatmadaw", "armed-forces-of-myanmar"),
    ],
)
def test_armed_forces_are_found_by_their_adjective(alias: str, force_id: str) -> None:
    found = gazetteer().lookup(alias)
    assert found is not None and found.id == force_id and found.type == "armed_force", f"{alias!r} finds {found}"


def test_every_state_of_either_file_has_a_government_and_the_capital_stands_for_it() -> None:
    gaz = gazetteer()
    for state in (e for e in gaz.entries.values() if e.type == "state"):
        government = gaz.government_of(state.id)
        capital = gaz.get(state.capital)
        assert government is not None, f"{state.id}: no government"
        if state.dissolved is not None and state.capital is None:
            continue  # a state of the past (the Soviet Union): its capital stands for the state there now
        assert capital is not None and capital.country == state.id, f"{state.id}: capital {state.capital}"
        assert gaz.metonym(capital.label) is government, f"{capital.label!r} does not stand for {government.id}"


def test_people_have_a_country_an_id_and_no_surname_alias(world: dict[str, Any]) -> None:
    people = [e for e in world["entity"] if e["type"] == "person"]
    assert len(people) >= 200, f"only {len(people)} heads of state and government"
    for person in people:
        assert person.get("wikidata") and person.get("country"), person
        assert " " in person["label"], f"{person['id']}: a one-word name"
        assert not person.get("aliases"), f"{person['id']}: aliases {person['aliases']}"


@pytest.mark.parametrize(
    ("name", "state_id"),
    [
        ("Cochabamba", "bolivia"),
        ("Goma", "democratic-republic-of-the-congo"),
        ("Bukavu", "democratic-republic-of-the-congo"),
        ("Istanbul", "turkey"),
        ("Quetzaltenango", "guatemala"),
        ("Texas", "united-states"),
        ("Timbuktu", "mali"),
        ("Bolivia", "bolivia"),
        ("São Paulo", "brazil"),
        ("Sao Paulo", "brazil"),
        # provinces (ISO 3166-2 first-level subdivisions), with and without their word of kind
        ("Cabo Delgado", "mozambique"),
        ("Cabo Delgado Province", "mozambique"),
        ("Borno State", "nigeria"),
        ("Nord-Kivu", "democratic-republic-of-the-congo"),
        ("the Gaza Strip", "palestine"),
        ("Kursk region", "russia"),
        ("Idlib province", "syria"),
        # a large city's other names, as history wrote them
        ("Petrograd", "russia"),
        ("Rangoon", "myanmar"),
        ("Leopoldville", "democratic-republic-of-the-congo"),
    ],
)
def test_places_give_their_country(name: str, state_id: str) -> None:
    assert country_of_place(name) == state_id


@pytest.mark.parametrize(
    "word",
    [
        "Of",
        "Bar",
        "Reading",
        "Split",
        "Male",
        "reading",
        "goma",
        "The",
        "Police",
        "Van",
        # province names that are words, a people or a sea more often than the province; a region of
        # several states; a name two states' provinces share
        "Delta",
        "Northern",
        "Somali",
        "Red Sea",
        "Sahel",
        "the Sahel",
        "Centre",
    ],
)
def test_common_words_and_lowercase_text_give_no_country(word: str) -> None:
    assert country_of_place(word) is None


def test_place_words_are_folded_uniquely_and_are_city_names(world: dict[str, Any]) -> None:
    words = world["place_words"]
    assert len({fold(w) for w in words}) == len(words), "a place word listed twice"
    assert {"Of", "Bar", "Reading"} <= set(words)


def test_the_place_index_is_kept_in_the_cache_and_rebuilt_when_unreadable(tmp_path: Path) -> None:
    """A process keeps the place index it built in the cache folder; the next process reads it from there (a
    planted entry shows it does); a broken file is built again, whole."""
    import json
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path; from kg import cache; from kg.extract import places; "
        "cache.keep_in(Path(sys.argv[1])); print(places.country_of_place('Cochabamba'))"
    )

    def ask() -> str:
        done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True)
        return done.stdout.strip()

    assert ask() == "bolivia"
    (kept,) = tmp_path.glob("places-*.json")
    index, never = json.loads(kept.read_text(encoding="utf-8"))
    assert index[fold("Cochabamba")] == "bolivia" and fold("reading") in never
    index[fold("Cochabamba")] = "peru"
    kept.write_text(json.dumps([index, never]), encoding="utf-8")
    assert ask() == "peru", "the second process must read the kept index, not build its own"
    kept.write_text('[{"cochabamba": ', encoding="utf-8")
    assert ask() == "bolivia"
    assert json.loads(kept.read_text(encoding="utf-8"))[0][fold("Cochabamba")] == "bolivia"
