"""kg.extract.statements on small texts: who said what, by which act, through which attribution.

Each case is a few sentences in the style of the wire copy the extractor meets; the assertions name
what a careful reader would record. Runs the real spaCy model and the real data files.
"""

from __future__ import annotations

import pytest

from kg.extract import extract

from .test_extract import article, claims, statements


def test_a_reporting_verb_gives_a_statement_with_speaker_act_and_span() -> None:
    text = "Mali's government denied on Friday that Russian mercenaries were in the country."
    result = extract(article(text))
    (statement,) = result.reading.statements
    assert statement.act == "denied"
    assert statement.span.text == text and text[statement.span.start : statement.span.end] == text
    assert statement.date is not None and statement.date.value == "2022-01-07"
    assert statements(result)[0][0] == "Government of Mali"


def test_the_speaker_and_the_reporting_words_are_placed_in_the_text() -> None:
    """Where the words naming the speaker and the reporting words stand: exact offsets into the article's text."""
    text = (
        "A Malian army officer, who requested anonymity, said about 400 Russian personnel could operate there. "
        'According to Foreign Minister Sergey Lavrov, the talks were "constructive and useful".'
    )
    result = extract(article(text))
    body = result.article.text
    placed = {
        (body[s.speaker_span.start : s.speaker_span.end], body[s.verb_span.start : s.verb_span.end])
        for s in result.reading.statements
        if s.speaker_span is not None and s.verb_span is not None
    }
    assert ("A Malian army officer", "said") in placed, placed
    assert any(verb == "According to" and "Lavrov" in speaker for speaker, verb in placed), placed
    for statement in result.reading.statements:
        for span in (statement.speaker_span, statement.verb_span, *statement.quotes):
            if span is not None:
                assert body[span.start : span.end] == span.text
                assert statement.span.start <= span.start < span.end <= statement.span.end


def test_capitals_stand_for_their_government() -> None:
    result = extract(article("Paris has previously said any deployment of Wagner would be unacceptable."))
    assert [s[0] for s in statements(result)] == ["Government of France"]


@pytest.mark.parametrize(
    "text",
    [
        "Russian mercenaries have arrived in Mali, a report by France 24 said on Monday.",
        "Ruritania 24 reported that the junta had hired foreign instructors.",
    ],
)
def test_a_state_name_in_an_outlet_s_name_is_not_its_government(text: str) -> None:
    """A state's name followed by a number is a brand ("France 24", "Channel 4"): the outlet speaks, not the
    state's government (which a state's name as a speaker otherwise stands for)."""
    result = extract(article(text))
    speakers = [s[0] for s in statements(result)]
    assert speakers == [text.split(" 24")[0].split()[-1] + " 24"]
    assert not any(a.key.startswith("government-of") for a in result.reading.actors)


def test_a_channel_is_an_actor_that_hears_never_a_place() -> None:
    told = extract(article("A Malian officer told AFP that Russian instructors had arrived in Mali."))
    agency = {a.key: a for a in told.reading.actors}[told.reading.statements[0].channel]
    assert agency.cls == "NewsAgency"
    text = 'A European diplomat in Beirut said Moscow had told Damascus it wanted to keep "a presence" at Tartus.'
    result = extract(article(text))
    classes = {a.key: a.cls for a in result.reading.actors}
    assert result.reading.statements
    heard = [classes[s.channel] for s in result.reading.statements if s.channel is not None]
    assert not set(heard) & {"Settlement", "Place"}


def test_joint_attribution_gives_one_statement_per_speaker() -> None:
    text = (
        "A Western security official, an African diplomat in Bamako and a Malian elected official "
        "told AFP that Russian mercenaries were in Mali."
    )
    speakers = {s[0] for s in statements(extract(article(text)))}
    assert {"Western security official", "African diplomat", "Malian elected official"} <= speakers


def test_anonymous_sources_and_the_definite_reference_back_to_them() -> None:
    text = (
        "A Malian army officer, who requested anonymity, said about 400 Russian personnel were in Mali.\n\n"
        "A Western security official said that several hundred mercenaries had been deployed.\n\n"
        "The officer also said that more would come."
    )
    result = extract(article(text))
    officer = next(a for a in result.reading.actors if a.cls == "AnonymousSource" and a.role_noun == "officer")
    assert officer.description == "A Malian army officer, who requested anonymity"
    assert officer.nationality == "mali"
    speakers = [s.speaker for s in result.reading.statements]
    assert speakers[0] == speakers[2] == officer.key != speakers[1]


def test_pronouns_and_bare_quotes_continue_the_last_speaker() -> None:
    text = (
        "A senior French diplomat said on Friday that the situation was being assessed.\n\n"
        "“The problem we have in Mali is first and foremost a political problem,” he said.\n\n"
        "“There is a junta which has organized a coup and uses the services of Wagner.”"
    )
    result = extract(article(text))
    assert len({s.speaker for s in result.reading.statements}) == 1
    assert len(result.reading.statements) == 3
    assert result.reading.statements[2].quotes[0].text.startswith("There is a junta")


@pytest.mark.parametrize(
    "text",
    [
        "The ministry did not respond to a request for comment.",
        "A spokesman for the junta declined to comment.",
        "Russian instructors are said to be training the army.",
        # a question put to a speaker, and a name given with "call"
        "Asked whether the government would reject the request outright, she did not say.",
        "Junior officers toppled the dictatorship in a bloodless coup that the Portuguese call the Carnation "
        "Revolution.",
        # the story's own question
        "What does the government say?",
    ],
)
def test_lines_that_are_not_statements(text: str) -> None:
    assert extract(article(text)).reading.statements == ()


def test_a_denial_with_an_added_clause_denies_one_claim_and_affirms_the_other() -> None:
    text = (
        "The government of Burkina Faso denied that Wagner mercenaries had deployed in the country, adding that "
        "Russian instructors were on the ground to train the army."
    )
    result = extract(article(text))
    got = {(f, s) for f, s, _ in claims(result)}
    assert ("wagner-group", "denied") in got and ("russian-armed-forces", "reported") in got
    stances = {(s.act, s.stance) for s in result.reading.statements}
    assert ("denied", "denies") in stances and ("said", "affirms") in stances


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Troops have surrounded the national radio station in Niamey, the Le Faso news portal said on Monday.",
            "Le Faso",
        ),
        (
            "The country has signed a security pact with Moscow, Ousmane Diallo, special adviser to the president, "
            "has said.",
            "Ousmane Diallo",
        ),
        (
            "According to Foreign Minister Sergey Lavrov, Russia sent instructors to the Central African Republic.",
            "Lavrov",
        ),
        # a name in apposition that the parse hangs on the role's place
        (
            "Britain's defence attaché in Muscat, Colonel James Whitfield, told reporters that about 1,000 British "
            "soldiers would arrive next month.",
            "James Whitfield",
        ),
        # a post named without its holder
        (
            "A Western military attaché in Lusaka, who asked not to be named, said the Chinese contingent was larger.",
            "military attaché",
        ),
        ("The committee's chairperson said members would visit the base.", "chairperson"),
        # an estimate: "put" a force at a figure
        (
            "A senior Greek officer, who spoke on condition of anonymity, put the detachment at fewer than 100 airmen.",
            "senior Greek officer",
        ),
        ("The Senegalese contingent, which a senior officer put at about 650 soldiers, will remain.", "senior officer"),
    ],
)
def test_attributions_the_parser_hangs_elsewhere(text: str, speaker: str) -> None:
    (found,) = statements(extract(article(text)))
    assert speaker in found[0]


def test_a_report_citing_a_source_is_the_source_speaking_relayed_by_the_outlet() -> None:
    text = (
        "The officers said the president was safe.\n\n"
        "According to a Reuters report, which quoted one of the officers, no shots were fired during the takeover."
    )
    result = extract(article(text))
    relayed = [s for s in result.reading.statements if s.relayed_by]
    assert len(relayed) == 1
    labels = {a.key: a.label for a in result.reading.actors}
    assert labels[relayed[0].relayed_by or ""] == "Reuters"
    assert "officers" in labels[relayed[0].speaker]


def test_it_after_an_organisation_spoke_is_that_organisation() -> None:
    text = (
        "The African Union has condemned the coup in Niger.\n\n"
        "It urged the army to return to its barracks and release the president."
    )
    found = statements(extract(article(text)))
    assert [(speaker, act) for speaker, act, _ in found] == [("African Union", "condemned"), ("African Union", "said")]


def test_the_title_of_a_named_person_finds_that_person_again() -> None:
    text = (
        "President Emmanuel Macron said France would leave Mali.\n\n"
        "The French president said partner forces would stay in the region."
    )
    found = statements(extract(article(text)))
    assert [speaker for speaker, _, _ in found] == ["Emmanuel Macron", "Emmanuel Macron"]


def test_a_party_speaks_once_through_what_it_calls_something() -> None:
    (found,) = statements(
        extract(article("The opposition party condemned what it called an attack on the constitution."))
    )
    assert found[:2] == ("opposition party", "condemned")


def test_put_is_speech_only_when_it_sets_a_figure() -> None:
    assert statements(extract(article("The government put pressure on the army to leave the capital."))) == []


def test_a_verb_of_speech_with_a_plain_object_is_no_statement() -> None:
    text = "President Emmanuel Macron has said French soldiers will leave but France will maintain a base nearby."
    found = statements(extract(article(text)))
    assert [(speaker, act) for speaker, act, _ in found] == [("Emmanuel Macron", "said")]


def test_an_opening_participle_of_speech_is_part_of_the_main_statement() -> None:
    text = "Announcing the decision in Paris on Tuesday, Mr Macron said the soldiers would be gone within a year."
    found = statements(extract(article(text)))
    assert [(speaker, act) for speaker, act, _ in found] == [("Macron", "said")] or [
        (speaker, act) for speaker, act, _ in found
    ] == [("Emmanuel Macron", "said")]


def test_a_named_speaker_s_apposition_is_the_same_speaker() -> None:
    text = "Rosa Meléndez, a lawyer for two of the detained officers, denied that her clients had planned any uprising."
    assert [s[:2] for s in statements(extract(article(text)))] == [("Rosa Meléndez", "denied")]


def test_a_quotation_that_goes_on_after_its_attribution_is_the_same_statement() -> None:
    text = (
        "“It was a plan to take power by violence,” spokeswoman Anahit Gevorgyan told reporters. “Those involved "
        "wanted to use the weeks of uncertainty.”\n\n"
        "“We will find every one of them, and they will answer for it before a court.”\n\n"
        "The investigation continues, Armenia's foreign ministry said."
    )
    result = extract(article(text))
    first, second, _ = result.reading.statements
    assert first.speaker == second.speaker and first.span.text.startswith("“It was a plan")
    assert [q.text for q in first.quotes] == [
        "It was a plan to take power by violence,",
        "Those involved wanted to use the weeks of uncertainty.",
    ]
    assert second.span.text.startswith("“We will find")  # a paragraph of its own: a statement of its own


def test_a_military_command_speaks_as_a_body() -> None:
    text = "In Ecuador, the armed forces' joint command denied a newspaper report about foreign special forces."
    assert [(s[0].endswith("command"), s[1]) for s in statements(extract(article(text)))] == [(True, "denied")]


def test_a_title_with_a_name_in_apposition_is_the_named_person() -> None:
    text = "In December 2022, Ghana's then president, Nana Akufo-Addo, said Burkina Faso had hired mercenaries."
    reading = extract(article(text)).reading
    labels = {a.key: a.label for a in reading.actors}
    assert [labels[s.speaker] for s in reading.statements] == ["Nana Akufo-Addo"]
