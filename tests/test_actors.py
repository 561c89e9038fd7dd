"""kg.extract.actors on invented sentences: who a speaker is (institutions, pronouns, unnamed bodies).

The states are real, so the gazetteer knows them; the statements are invented. Runs the real spaCy
model and the real data files.
"""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import extract

from .test_extract import article


def speakers(text: str) -> list[tuple[str, str]]:
    """(speaker label, speech act) of every statement, in order."""
    reading = extract(article(text)).reading
    labels = {a.key: a.label for a in reading.actors}
    return [(labels.get(s.speaker, s.speaker), s.act) for s in reading.statements]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Myanmar's military-ruled government denied the reports on Monday.", "Government of Myanmar"),
        ("The Bolivian army said on Monday that the situation was calm.", "Bolivian Armed Forces"),
        ("The government of Peru said the border was closed.", "Government of Peru"),
    ],
)
def test_a_state_institution_named_by_a_generic_head(text: str, speaker: str) -> None:
    assert [s for s, _ in speakers(text)] == [speaker]


def test_a_generic_head_without_a_state_mints_no_institution() -> None:
    reading = extract(article("The government denied the reports.", published=None)).reading
    assert not [a for a in reading.actors if a.key.startswith("local:government-")]


def test_he_is_the_last_person_not_the_last_institution() -> None:
    """Regression: "he vowed" after "Rwanda said" made the Government of Rwanda the one who vowed."""
    text = (
        "President Filipe Nyusi has long resisted foreign help.\n\n"
        "Rwanda said on Friday it would send troops to Mozambique.\n\n"
        "But last month he vowed to crush the militants."
    )
    assert speakers(text)[-1] == ("Filipe Nyusi", "pledged")


def test_local_media_speak_as_an_unnamed_body() -> None:
    assert speakers("Local media reported that the minister had resigned.") == [("Local media", "said")]


def test_an_acronym_is_matched_as_printed() -> None:
    """Regression: "au" in "Port-au-Prince" was the African Union."""
    reading = extract(article("Gangs control most of Port-au-Prince, residents said.")).reading
    assert "african-union" not in {a.key for a in reading.actors}


def test_who_added_is_the_person_it_follows() -> None:
    text = '"We are ready," said the envoy, Jan Novak, who added that more help would follow.'
    assert ("Jan Novak", "said") in speakers(text)


def test_a_crowd_chanting_words_speaks() -> None:
    assert speakers('Protesters chanted "Freedom and justice" outside the army headquarters.') == [
        ("Protesters", "said")
    ]


def test_a_verb_inside_a_quotation_is_no_statement_of_its_own() -> None:
    """Regression: “… the government would like to deny,” gave the government a denial of its own."""
    text = "“This is what the government of Peru would like totally to deny,” the minister said."
    assert speakers(text) == [("minister", "said")]


def test_a_possessive_state_names_the_office_holder() -> None:
    assert speakers("Bolivia's president complained that the army had betrayed him.") == [
        ("President of Bolivia", "condemned")
    ]


def test_the_author_of_a_document_speaks_through_it() -> None:
    assert speakers("The dossier by the panel of inspectors said the weapons came from abroad.") == [("panel", "said")]


def test_a_reported_non_act_is_no_statement() -> None:
    assert speakers("President Luis Arce spoke on Monday. He did not say whether troops would stay.") == []


def test_a_trailing_participle_is_the_same_statement_but_adding_is_a_new_one() -> None:
    assert speakers("The Bolivian army reported heavy fighting, saying that ten soldiers had died.") == [
        ("Bolivian Armed Forces", "said")
    ]
    assert len(speakers("The minister denied that troops had left, adding that more would come.")) == 2


def test_according_to_an_outlet_beside_a_speaker_is_a_relay_not_a_second_statement() -> None:
    reading = extract(article("According to Reuters, the minister said the troops would leave.")).reading
    assert [(s.speaker, s.relayed_by) for s in reading.statements] == [(reading.statements[0].speaker, "reuters")]


def test_they_is_the_group_the_last_main_clause_was_about() -> None:
    text = "A group of military officers appeared on state television on Sunday. They said they had taken power."
    assert speakers(text) == [("military officers", "said")]


def test_expressing_an_attitude_is_a_statement_expressing_interest_is_not() -> None:
    assert speakers("The UN expressed deep concern about the violence in Sudan.") == [("United Nations", "said")]
    assert speakers("The minister expressed interest in buying new helicopters.") == []


def test_he_is_the_person_a_role_named_in_the_last_main_clause() -> None:
    text = "The minister arrived on Friday. “We will fight. We will not give up,” he said."
    assert speakers(text) == [("minister", "said")]


def test_he_is_the_source_the_story_turned_to_after_the_last_speaker() -> None:
    text = (
        "Defence ministry spokesman Ali Kane said the port was civilian. A senior defence ministry official, who "
        "spoke on condition of anonymity because he was not authorised to brief the media, was blunter. "
        "“The only uniformed people in that port are ours,” he said."
    )
    assert speakers(text) == [("Ali Kane", "said"), ("senior defence ministry official", "said")]


def test_he_is_the_person_named_as_the_last_main_clause_s_subject() -> None:
    text = (
        "Defence ministry spokesman Ali Kane said the port was civilian. Colonel Juan Morales would not speculate. "
        "“We watch what they do, not what they say,” he said."
    )
    assert speakers(text) == [("Ali Kane", "said"), ("Juan Morales", "said")]


def test_a_surname_alone_a_title_tagged_as_an_organisation_and_a_name_a_role_is_in_apposition_to() -> None:
    text = (
        "“There is no foreign base here,” armed forces spokesman Brigadier General Rahmat Hidayanto told reporters. "
        "He was responding to Andreas Silalahi, a member of parliament's defence commission, who said on Monday "
        "that Marines were on Morotai. Hidayanto said the only equipment there belonged to army engineers."
    )
    assert [s for s, _ in speakers(text)] == ["Rahmat Hidayanto", "Andreas Silalahi", "Rahmat Hidayanto"]


def test_rulers_deputies_whips_the_palace_and_a_ministry_with_its_portfolio_speak() -> None:
    assert speakers("Benin is calm. Niger's military rulers have repeatedly accused Benin of hosting troops.") == [
        ("Niger's military rulers", "accused")
    ]
    assert speakers("Uruguay is calm. Government whips said they had the votes.") == [("Government whips", "said")]
    assert speakers("Britain is calm. Britain's Ministry of Defence called the visit “routine and long planned”.") == [
        ("British ministry of defence", "said")
    ]


def test_adding_to_something_is_no_statement() -> None:
    assert speakers("Mali is calm. Russia also sent 300 instructors that month, adding to a first group.") == []
    assert speakers("The minister said the port was closed, adding that it would reopen.") == [
        ("minister", "said"),
        ("minister", "said"),
    ]


def test_a_title_before_an_untagged_name_makes_a_person_she_can_point_back_to() -> None:
    text = (
        "Colonel Ali Kane said the airmen had arrived. Deputy Carmen Liriano of the Fuerza del Pueblo party claimed "
        "that Marines had been stationed at the base. She also said police officers were housed at a barracks."
    )
    assert speakers(text) == [("Ali Kane", "said"), ("Carmen Liriano", "claimed"), ("Carmen Liriano", "said")]


def test_a_statement_from_a_capital_is_its_government() -> None:
    assert speakers("The troops will work in designated sectors, said the statement from Kigali.") == [
        ("Government of Rwanda", "said")
    ]


def test_two_coordinated_that_clauses_are_two_statements() -> None:
    text = "The minister said that the troops had left and that the border would reopen on Monday."
    reading = extract(article(text)).reading
    assert len(reading.statements) == 2
    assert reading.statements[1].content == "the border would reopen on Monday"
    one = extract(article("The minister said the troops had left and the border was calm.")).reading
    assert len(one.statements) == 1


def test_the_content_of_a_reported_clause_drops_its_that() -> None:
    """Regression: tokens were compared by identity, so "that" stayed at the head of every content."""
    (statement,) = extract(article("The minister said that the troops had left.")).reading.statements
    assert statement.content == "the troops had left"


@pytest.mark.parametrize(
    ("text", "name", "entity"),
    [
        ("U.S. troops left the base.", "U.S.", "united-states"),  # a dotted acronym is one token
        ("The US embassy said nothing.", "US", "united-states"),
        ("Soldiers from Côte d'Ivoire arrived.", "Côte d'Ivoire", "cote-d-ivoire"),  # either apostrophe
        ("Soldiers from Côte d’Ivoire arrived.", "Côte d’Ivoire", "cote-d-ivoire"),
    ],
)
def test_gazetteer_names_are_matched_as_the_text_prints_them(text: str, name: str, entity: str) -> None:
    from kg.extract.nlp import pipeline

    found = {e.text: e.ent_id_ for e in pipeline()(text).ents}
    assert any(n.startswith(name) and found[n] in (entity, f"{entity}-armed-forces") for n in found), found


def test_a_state_as_a_modifier_does_not_make_it_the_story_country() -> None:
    text = (
        "The Freedonian army said it had foiled a coup attempt in Kinshasa.\n\n"
        "Three US citizens were among those arrested, the US embassy said.\n\n"
        "The Democratic Republic of Congo said the plotters had been caught."
    ).replace("Freedonian", "Congolese")
    coups = extract(article(text)).reading.coups
    assert [c.country for c in coups] == ["democratic-republic-of-the-congo"]


def speaker_labels(text: str) -> list[str]:
    """The labels of the speakers of ``text``'s statements, in order."""
    reading = extract(article(text)).reading
    labels = {a.key: a.label for a in reading.actors}
    return [labels.get(s.speaker, s.speaker) for s in reading.statements]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the small model tags the surname alone as a nationality
            'Opposition lawmaker Paola Viteri condemned the vote as "a surrender of sovereignty".',
            ["Paola Viteri"],
        ),
        ("The prison service said gangs still controlled six prisons.", ["prison service"]),
        (  # a ministry with no gazetteer entry: its state's, named with the demonym
            "Ecuador's defence ministry said 300 advisers would come.",
            ["Ecuadorian defence ministry"],
        ),
        (  # "its" points back to the state that last spoke
            "Ethiopia accused Somalia of sidelining its troops, and its foreign ministry warned that a hasty "
            'reshuffle "could embolden the militants".',
            ["Government of Ethiopia", "Ethiopian foreign ministry"],
        ),
        ("The Chinese embassy denied that any Chinese police were in the country.", ["Chinese embassy"]),
        (  # the state in an "of" phrase, not the story's
            'Equatorial Guinea denied it. The foreign ministry of Spain said it was "following developments".',
            ["Government of Equatorial Guinea", "Spanish foreign ministry"],
        ),
    ],
)
def test_speakers_the_model_or_the_gazetteer_miss(text: str, expected: list[str]) -> None:
    assert speaker_labels(text) == expected


def test_a_second_reporting_verb_hung_on_the_reported_clause_keeps_the_first_speaker() -> None:
    text = (
        "The Russian foreign ministry insisted that its peacekeepers were a guarantee of stability and accused "
        "Moldova of preparing a military solution."
    )
    assert [act for _, act in speakers(text)] == ["insisted", "accused"]
    assert len({speaker for speaker, _ in speakers(text)}) == 1


def test_a_trailing_participle_of_another_act_is_a_statement_of_its_own() -> None:
    text = "Myanmar's government denied the report on Monday, accusing the media of distorting the truth."
    assert [act for _, act in speakers(text)] == ["denied", "accused"]


def test_a_verdict_verb_reports_what_the_speaker_calls_something() -> None:
    text = "The Sudanese foreign ministry termed the accusations a blatant interference in its affairs."
    assert [act for _, act in speakers(text)] == ["said"]


def test_intelligence_an_office_and_working_people_speak() -> None:
    text = (
        "Lithuania spoke. Lithuanian military intelligence said last week that Russian units had stayed in Belarus. "
        "Ranchers in Amambay department say soldiers have crossed the border twice this year. "
        "The prime minister’s office said on Monday that no request had been made."
    )
    reading = extract(article(text, date(2024, 5, 20))).reading
    labels = {a.key: a.label for a in reading.actors}
    assert [labels[s.speaker] for s in reading.statements] == [
        "Lithuanian military intelligence",
        "Ranchers",
        "prime minister’s office",
    ]


def test_a_body_whose_name_ends_in_a_state_is_that_body() -> None:
    text = "Cyprus spoke. A lawmaker said US troops were at Akrotiri. British Forces Cyprus rejected the claim."
    reading = extract(article(text, date(2024, 5, 20))).reading
    labels = {a.key: a.label for a in reading.actors}
    assert [(labels[s.speaker], s.act) for s in reading.statements][-1] == ("British Forces Cyprus", "denied")


def test_every_name_of_an_actor_is_a_mention_with_its_place_in_the_text() -> None:
    """Where the story names its actors: names, demonyms, a person the gazetteer lacks by their surname; not a
    place inside a brand's name ("France 24"), nor a name no actor of the story bears."""
    from kg.extract.actors import find_mentions
    from kg.extract.facts import Actor
    from kg.extract.nlp import pipeline

    texts = [
        "Defence Minister Jan Novak said France would leave Mali, a report by France 24 said.",
        "Novak told reporters that Malian troops were ready.",
    ]
    sentences = [(0, texts[0]), (len(texts[0]) + 2, texts[1])]
    docs = list(pipeline().pipe(texts))
    actors = [
        Actor("france", "France", "State"),
        Actor("armed-forces-of-mali", "Malian Armed Forces", "ArmedForce"),
        Actor("local:jan-novak", "Jan Novak", "Person"),
    ]
    found = [(m.actor, m.span.text, m.span.start) for m in find_mentions(sentences, docs, actors)]
    assert found == [
        ("local:jan-novak", "Jan Novak", texts[0].index("Jan Novak")),
        ("france", "France", texts[0].index("France")),
        ("local:jan-novak", "Novak", sentences[1][0]),
        ("armed-forces-of-mali", "Malian troops", sentences[1][0] + texts[1].index("Malian")),
    ], "Mali is no actor of this story, and France 24 is a channel"


def test_an_article_s_mentions_are_spans_of_its_text() -> None:
    text = "Defence Minister Tomas Varga said on Monday that Malian troops had left Gao."
    reading = extract(article(text)).reading
    assert {m.span.text for m in reading.mentions} >= {"Tomas Varga", "Malian troops", "Gao"}
    keys = {a.key for a in reading.actors}
    for mention in reading.mentions:
        assert text[mention.span.start : mention.span.end] == mention.span.text and mention.actor in keys
