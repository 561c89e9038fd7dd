"""kg.extract.coups on invented sentences: attempted coups, their outcome and certainty, coup wording, dates.

Each case is a sentence a coup rule must read and one it must not (the rules' docstrings give the
same pairs). The states are real, so the gazetteer knows them; the events are invented. Runs the
real spaCy model and the real data files.
"""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import extract

from .test_extract import article


def coups(text: str, published: date = date(2024, 5, 20)) -> list[tuple[str, str, str, str]]:
    """(country, date, outcome, certainty) of every coup read from ``text``."""
    return [(c.country, c.date.value, c.outcome, c.certainty) for c in extract(article(text, published)).reading.coups]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The army of Gabon said on Sunday it had thwarted an attempted coup.",
            ("gabon", "2024-05-19", "failed", "stated"),
        ),
        ("Soldiers in Chad attempted a coup on Sunday.", ("chad", "2024-05-19", "unknown", "stated")),
        ("A coup attempt in Togo on Sunday was foiled by loyal troops.", ("togo", "2024-05-19", "failed", "stated")),
        (
            "Rwanda sent troops to Niger last year after an alleged attempted coup there.",
            ("niger", "2023", "unknown", "alleged"),
        ),
        (
            "A general in Peru was arrested on Wednesday after what appeared to be a coup bid.",
            ("peru", "2024-05-15", "unknown", "hedged"),
        ),
        ("The coup d'état in Guinea took place on Sunday.", ("guinea", "2024-05-19", "succeeded", "stated")),
        (
            "A general in Peru was arrested on Wednesday after leading a bid to unseat the president.",
            ("peru", "2024-05-15", "unknown", "stated"),
        ),
        (
            "The seizure of power by the army in Sudan on Sunday was condemned.",
            ("sudan", "2024-05-19", "succeeded", "stated"),
        ),
        # a pronoun for the ousted, in a story that names the coup
        (
            "Loyal troops crushed an attempt to overthrow him on Sunday, the president of Togo said of the coup.",
            ("togo", "2024-05-19", "failed", "stated"),
        ),
        (
            "It was an attempted coup d'état in Benin on Sunday, the minister said.",
            ("benin", "2024-05-19", "unknown", "stated"),
        ),
        # a hyphenated state name is one name, not "Guinea" and "Bissau"
        (
            "Guinea-Bissau's army said on Sunday it had thwarted an attempted coup.",
            ("guinea-bissau", "2024-05-19", "failed", "stated"),
        ),
    ],
)
def test_coups_with_their_outcome_and_certainty(text: str, expected: tuple[str, str, str, str]) -> None:
    assert coups(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Any attempt to seize power in Benin would fail, the minister said.",
        "Analysts tied the unrest to the recent coups in Niger and Mali.",
        # plural attempts are a count, not an event
        "The archipelago of Sao Tome and Principe has had several coup attempts since independence in 1975.",
        # a leader overthrown in a story that names no coup, by no soldiers: a revolt, not a coup
        "Libya has been at war since its long-time leader Muammar Gaddafi was overthrown in 2011.",
    ],
)
def test_no_coup_is_read(text: str) -> None:
    assert coups(text) == []


def test_a_count_since_a_year_does_not_date_the_coup() -> None:
    """Regression: "the fourth coup in the region since 2019" made a coup dated 2019."""
    text = "Soldiers seized power in Niger in July 2023.\n\nIt was the fourth coup in the region since 2019."
    assert [c[:2] for c in coups(text, date(2023, 8, 1))] == [("niger", "2023-07")]


def test_a_month_of_last_year_dates_the_coup() -> None:
    text = "Fighting has grown since the army seized power in Myanmar in February last year."
    assert [c[:2] for c in coups(text, date(2022, 9, 20))] == [("myanmar", "2021-02")]


def test_a_state_named_elsewhere_in_the_sentence_is_not_the_coup_country() -> None:
    text = (
        "The army of Gabon said on Sunday it had foiled an attempted coup.\n\n"
        "The army named the leader of the coup attempt as a businessman living in Canada."
    )
    assert {c[0] for c in coups(text)} == {"gabon"}


def test_soldiers_who_oust_a_president_stage_a_coup_in_a_story_that_never_says_coup() -> None:
    text = "Mutinous soldiers ousted the president of Niger on Wednesday."
    assert [c[:2] for c in coups(text)] == [("niger", "2024-05-15")]


def test_two_coups_of_one_sentence_each_with_its_own_date() -> None:
    text = (
        "Russian instructors landed in Bamako, a sign of ties with the junta of Mali that took power in an "
        "August 2020 coup and tightened its grip with a second putsch in May 2021."
    )
    assert [c[:3] for c in coups(text, date(2025, 2, 8))] == [
        ("mali", "2020-08", "succeeded"),
        ("mali", "2021-05", "succeeded"),
    ]


def test_a_failed_attempt_in_a_clause_of_its_own_does_not_fail_the_coup() -> None:
    text = "Soldiers seized power in Niger in July 2023 after a coup attempt in March 2021 failed."
    assert sorted(c[:3] for c in coups(text, date(2025, 2, 8))) == [
        ("niger", "2021-03", "failed"),
        ("niger", "2023-07", "succeeded"),
    ]


def test_a_coup_counted_back_from_the_sentence_s_own_coup() -> None:
    """ "X in September 2022, eight months after the army toppled the president": the second coup's date."""
    text = (
        "The current leadership came to power in a coup in Burkina Faso in September 2022, eight months after the "
        "army toppled the country's elected president."
    )
    assert [c[:3] for c in coups(text, date(2025, 4, 21))] == [
        ("burkina-faso", "2022-01", "succeeded"),
        ("burkina-faso", "2022-09", "succeeded"),
    ]


def test_each_coup_of_a_sentence_has_its_own_country_and_outcome() -> None:
    text = (
        "Soldiers seized power in Niger in July 2023, two years after a failed coup attempt.\n\n"
        "The army seized power in Mali in 2012, three years before soldiers toppled the president of Burkina Faso."
    )
    assert sorted(c[:3] for c in coups(text, date(2025, 2, 8))) == [
        ("burkina-faso", "2015", "succeeded"),
        ("mali", "2012", "succeeded"),
        ("niger", "2021", "failed"),
        ("niger", "2023-07", "succeeded"),
    ]


def test_the_lede_s_undated_coup_is_the_news_not_one_of_years_before() -> None:
    text = (
        "The army said on Sunday that the leader of an attempted coup in Chad had been killed.\n\n"
        "The same man had previously attempted a coup in 2017."
    )
    assert sorted(c[:2] for c in coups(text)) == [("chad", "2017"), ("chad", "2024-05-19")]


def test_a_coup_that_sent_troops_to_the_country_is_that_country_s() -> None:
    text = (
        "Rwanda is a major contributor to the UN force in the Central African Republic and last year sent "
        "troops to the unstable country after an alleged attempted coup."
    )
    assert [c[:2] for c in coups(text)] == [("central-african-republic", "2023")]


def test_forced_from_power_by_an_army_commander_is_a_coup_of_the_ousted_s_state() -> None:
    text = (
        "Armenia has had no coup since independence. The best known in the region came in June 1993, when Surat "
        "Huseynov, a rebel army commander, forced Azerbaijan's President Abulfaz Elchibey from power."
    )
    assert [c[:3] for c in coups(text, date(2024, 6, 14))] == [("azerbaijan", "1993-06", "succeeded")]


def test_a_participle_and_a_time_that_bounds_add_no_coup() -> None:
    text = (
        "Bainimarama went on to seize power in a coup in Fiji in December 2006, ousting Prime Minister "
        "Laisenia Qarase, and governed until 2022."
    )
    assert [c[:2] for c in coups(text, date(2025, 3, 10))] == [("fiji", "2006-12")]


def test_each_coup_of_a_sentence_keeps_its_own_leader_and_ousted() -> None:
    text = (
        "In Sierra Leone, Captain Valentine Strasser toppled President Joseph Momoh in a coup in April 1992, and "
        "in May 1997 soldiers led by Major Johnny Paul Koroma ousted President Ahmad Tejan Kabbah."
    )
    result = extract(article(text, date(2025, 8, 18)))
    labels = {a.key: a.label for a in result.reading.actors}
    found = [
        (c.date.value, [labels[k] for k in c.leaders], [labels[k] for k in c.ousted]) for c in result.reading.coups
    ]
    assert [f[0] for f in found] == ["1992-04", "1997-05"]
    assert "Strasser" in " ".join(found[0][1]) and "Momoh" in " ".join(found[0][2])
    assert "Koroma" in " ".join(found[1][1]) and "Kabbah" in " ".join(found[1][2])


def test_a_numbered_coup_with_a_date_of_its_own_is_a_coup_of_its_own() -> None:
    text = "Sitiveni Rabuka toppled the elected government of Fiji in May 1987 and staged a second coup that September."
    assert [c[:2] for c in coups(text, date(2025, 3, 10))] == [("fiji", "1987-05"), ("fiji", "1987-09")]


def _with_people(text: str, published: date) -> list[tuple[str, str, str, list[str], list[str]]]:
    """(country, date, outcome, leader labels, ousted labels) of every coup read from ``text``."""
    result = extract(article(text, published))
    labels = {a.key: a.label for a in result.reading.actors}
    return [
        (c.country, c.date.value, c.outcome, [labels[k] for k in c.leaders], [labels[k] for k in c.ousted])
        for c in result.reading.coups
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # soldiers who remove or arrest a ruler in office
        (
            "In February 2010, soldiers led by Major Ousmane Garba removed President Idrissa Kane of Niger.",
            ("niger", "2010-02", "succeeded", ["Ousmane Garba"], ["Idrissa Kane"]),
        ),
        (
            "The army arrested Prime Minister Ali Bakary of Mali in May 2021.",
            ("mali", "2021-05", "succeeded", [], ["Ali Bakary"]),
        ),
        # a seat of power soldiers try to seize
        (
            "In March 2021 a military unit tried and failed to seize the presidential palace in Niamey.",
            ("niger", "2021-03", "failed", [], []),
        ),
        # the army that brings a man to power; he is its leader, not its ousted
        (
            "The army of Burundi has changed since it brought Jean Ndayi to power in 1987.",
            ("burundi", "1987", "succeeded", ["Jean Ndayi"], []),
        ),
        # the ousted told by his apposition, in a passive
        (
            "Haiti has known turmoil. Paul Estime, the country's first elected president, was overthrown by the army "
            "in 1991.",
            ("haiti", "1991", "succeeded", [], ["Paul Estime"]),
        ),
    ],
)
def test_what_soldiers_do_to_a_ruler_or_his_seat_is_a_coup(
    text: str, expected: tuple[str, str, str, list[str], list[str]]
) -> None:
    found = _with_people(text, date(2025, 3, 10))
    assert len(found) == 1
    country, when, outcome, leaders, ousted = found[0]
    assert (country, when[: len(expected[1])], outcome) == expected[:3]
    assert all(any(name in label for label in leaders) for name in expected[3]), leaders
    assert all(any(name in label for label in ousted) for name in expected[4]), ousted


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers detained the former president of Mali on Sunday.",  # a former ruler
        "The 2015 election brought him to power in Burundi.",  # no soldiers
        "Rebels seized the presidential palace in Bangui in 2013.",  # no soldiers
        # talked of, not told
        "Thailand's army chief dismissed rumours that the military was preparing to seize power.",
        "Posts about an imminent coup in Thailand spread on Monday.",
    ],
)
def test_what_is_no_coup_by_soldiers(text: str) -> None:
    assert coups(text) == []


def test_a_coup_dated_by_a_count_from_the_sentence_s_time() -> None:
    text = "A year after the presidential guard detained President Ali Kane and took power, Niger's capital is calm."
    assert [c[:2] for c in coups(text, date(2024, 8, 8))] == [("niger", "2023")]


def test_a_second_coup_dated_in_its_own_clause_and_not_by_another_clause() -> None:
    text = (
        "In February 2010, soldiers removed President Ali Kane of Niger, and in the early hours of March 31, 2021, "
        "two days before Ali Bazo was sworn in, a military unit tried and failed to seize the presidential palace."
    )
    assert [c[:3] for c in coups(text, date(2024, 8, 8))] == [
        ("niger", "2010-02", "succeeded"),
        ("niger", "2021-03-31", "failed"),
    ]
    text = (
        "Chad has known coups. Idriss Deby seized power in Chad in December 1990 when his rebels toppled Hissene "
        "Habre, and French forces "
        "helped him beat back rebel assaults on N'Djamena in 2006 and 2008."
    )
    assert [c[:2] for c in coups(text, date(2025, 4, 3))] == [("chad", "1990-12")]


def test_that_takeover_points_back_to_the_coup_told_before() -> None:
    text = (
        "The army chief of Sudan seized power in October 2021. That takeover derailed a transition that had begun "
        "after a popular uprising ended a president's three decades in power in 2019."
    )
    assert [c[:2] for c in coups(text, date(2025, 4, 3))] == [("sudan", "2021-10")]


def test_a_state_that_sends_troops_in_the_sentence_is_not_where_its_coup_happened() -> None:
    text = (
        "TEGUCIGALPA - Lawmakers in Honduras asked Congress to order the departure of U.S. troops, a demand made "
        "since the military ousted President Manuel Zelaya 16 years ago. The U.S. embassy and the United States "
        "government and Washington and the U.S. State Department and the U.S. military declined to comment."
    )
    assert [c[:2] for c in coups(text, date(2025, 6, 12))] == [("honduras", "2009")]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # "since X, when …" dates the clause the "when" opens
        (
            "Guinea has been run by soldiers since September 2021, when a colonel and his special forces overthrew "
            "President Ali Sow.",
            date(2025, 4, 3),
            [("guinea", "2021-09")],
        ),
        # a relative clause of place gives the coup its state
        (
            "Chad and Chad and Chad. Paris is pulling its last soldiers out of neighbouring Niger, where the generals "
            "who toppled President Ali Kane in July ordered them to leave.",
            date(2024, 11, 3),
            [("niger", "2024-07")],
        ),
        # a ruler the gazetteer knows gives the coup his state; an appositive coup is in the same state
        (
            "Mauritania and Mauritania and Chad. The region has been unsettled since then-Colonel Assimi Goita "
            "toppled President Ibrahim Boubacar Keita in August 2020, a takeover he repeated in May 2021.",
            date(2025, 4, 3),
            [("mali", "2020-08"), ("mali", "2021-05")],
        ),
        # a surname inside a longer name is not the gazetteer's person ("Nguema" alone is a name the
        # gazetteer gives Gabon's Brice Oligui Nguema)
        (
            "Fear of a coup runs deep in Equatorial Guinea. The president came to power on Aug. 3, 1979, when he "
            "overthrew his uncle, Francisco Macias Nguema.",
            date(2025, 3, 4),
            [("equatorial-guinea", "1979-08-03")],
        ),
        # a story about a state's troops abroad: the coup is the host's, where the dateline puts the reporter
        (
            "BANJUL — Senegal is pulling its troops out of The Gambia. Senegal's army said 300 Senegalese soldiers "
            "would leave The Gambia by June, Senegal's government said.\n\nIn July 1994, young officers led by a "
            "lieutenant took power without a shot being fired.",
            date(2024, 3, 4),
            [("gambia", "1994-07")],
        ),
        # the same story from the sender's capital: the coup stays the sender's
        (
            "ANKARA — Turkey will keep 3,000 Turkish soldiers in Qatar, Turkey's defence ministry said, and Turkey's "
            "troops stay in Somalia.\n\nIn July 2016 army officers tried to seize power.",
            date(2024, 3, 4),
            [("turkey", "2016-07")],
        ),
        # with no dateline to tell, the state the story named last before the coup
        (
            "About 170 Fijian soldiers will fly to Egypt next month, joining 200 Fijian troops in Egypt, Fiji's army "
            "said. Fiji's troops are also in Lebanon.\n\nFiji's soldiers have not always kept the peace at home. In "
            "May 1987 a colonel led a military coup, ousting the elected government.",
            date(2024, 3, 4),
            [("fiji", "1987-05")],
        ),
        # the state of the ousted ruler's title
        (
            "The Greek junta collapsed in July 1974, after a coup it engineered against Cypriot President Andreas "
            "Kyprou.",
            date(2024, 3, 4),
            [("cyprus", "1974-07")],
        ),
        # the time of a saying does not date the coup it recalls: this one is the coup told before
        (
            "On April 21, 1967, army officers seized power in Greece. During a visit in November 1999, the US "
            "president said his country had erred when the junta took power.",
            date(2024, 3, 4),
            [("greece", "1967-04-21")],
        ),
        # a fixed holiday dates it
        (
            "When soldiers ousted President Jean Kouassi of Ivory Coast on Christmas Eve 1999, he fled.",
            date(2024, 3, 4),
            [("cote-d-ivoire", "1999-12-24")],
        ),
        # a count from an event the text names dates nothing; the event's own time does
        (
            "Soldiers seized power in Niger in July 2023. The president, who had survived a failed putsch two days "
            "before his inauguration in 2021, was held in the palace.",
            date(2024, 3, 4),
            [("niger", "2021"), ("niger", "2023-07")],
        ),
        # a count is approximate: the coup it dates is the one told with a date of its own within a year
        (
            "Nearly four years after the army seized power in Myanmar, the fighting goes on. Its latest takeover, "
            "on Feb. 1, 2021, ended a decade of partial democracy.",
            date(2024, 11, 14),
            [("myanmar", "2021-02-01")],
        ),
        # "the coup" alone points back; the time of a saying is not its time
        (
            "The army seized power in Myanmar on Feb. 1, 2021. A shadow government formed by lawmakers ousted in "
            "the coup said last week that advisers had arrived.",
            date(2024, 11, 14),
            [("myanmar", "2021-02-01")],
        ),
        # "the putsch" with no coup told before it is in the past its sentence tells
        (
            "Few in Spain forget the night of February 23, 1981. Gunmen held the deputies hostage overnight. The "
            "putsch collapsed the next day, after the king appeared on television.",
            date(2025, 2, 24),
            [("spain", "1981-02-24")],
        ),
        # a state that frames the sentence places the coup of its relative clause; an exile's destination does not
        (
            "Nigeria has earmarked a battalion for the bloc's standby force. Nigeria's troops landed in Liberia in "
            "1990. In Sierra Leone, Nigerian troops restored President Kabbah, who had been toppled in a May 1997 "
            "coup.",
            date(2025, 3, 13),
            [("sierra-leone", "1997-05")],
        ),
        (
            "Honduras marked the anniversary on Sunday. Before dawn on June 28, 2009, soldiers seized President "
            "Zelaya at his home and put him on a plane to Costa Rica, in a coup carried out by the armed forces.",
            date(2025, 3, 2),
            [("honduras", "2009-06-28")],
        ),
        # a date the text writes outweighs a count in the same clause
        (
            "Fiji's army seized power in May 1987. Nearly two decades later, military commander Frank Bainimarama "
            "overthrew the government in December 2006.",
            date(2025, 6, 10),
            [("fiji", "1987-05"), ("fiji", "2006-12")],
        ),
        # a story of a state's forces abroad, with no dateline: a coup its sentence places nowhere is that state's,
        # not that of the place its forces serve in that the story named last
        (
            "Fiji will send 150 soldiers to the Golan Heights in Syria next month. Fiji's troops have served abroad "
            "since 1978. Fiji also keeps about 170 troops in Egypt's Sinai peninsula and a company in Lebanon. "
            "Sitiveni Rabuka, then a lieutenant colonel, toppled the elected government in May 1987.",
            date(2025, 6, 10),
            [("fiji", "1987-05")],
        ),
    ],
)
def test_where_and_when_a_coup_is_placed(text: str, published: date, expected: list[tuple[str, str]]) -> None:
    assert [c[:2] for c in coups(text, published)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the state broadcaster is a seat of power soldiers seize
        (
            "Zimbabwe's army has stayed in barracks since the November 2017 intervention in which soldiers seized the "
            "state broadcaster.",
            [("zimbabwe", "2017-11")],
        ),
        # soldiers who kill a ruler in office
        (
            "On January 13, 1963, soldiers killed President Paul Amah of Togo at the gate of the embassy.",
            [("togo", "1963-01-13")],
        ),
        ("Jihadists killed five soldiers in Mali on Sunday.", []),
        # a coup's noun that renames the event the sentence before told, at that event's time
        (
            "Rwanda sent troops in December 2020, when rebels advanced on Bangui in the Central African Republic. "
            "The government called the offensive an attempted coup, and the rebels were pushed back in early 2021.",
            [("central-african-republic", "2020-12")],
        ),
        # what an event is said not to be
        ('Zimbabwe\'s generals insisted at the time that it was "not a military takeover".', []),
        # a count from the sentence's time
        (
            "In January 2018 the government of Chad said it had thwarted an attempted coup the previous month.",
            [("chad", "2017-12")],
        ),
        # a state's record, negated
        ("Unlike Fiji, Papua New Guinea has never seen its military take power.", []),
        ("Papua New Guinea has never had a coup.", []),
        # an ouster by an uprising is no coup, in a story that names one
        (
            "Colonel Omar Fadel came to power in Libya in a 1969 coup. He was toppled and killed in the 2011 uprising.",
            [("libya", "1969")],
        ),
        # a mutiny is a coup attempt when its own phrase says it sought power, not otherwise
        (
            "In Papua New Guinea on Jan. 26, 2012, soldiers seized a barracks in a mutiny aimed at reinstating Sir "
            "John Kaputin as prime minister.",
            [("papua-new-guinea", "2012-01-26")],
        ),
        ("Soldiers in Papua New Guinea staged a mutiny over pay in March 2010.", []),
        # what soldiers do to a ruler, told as a noun; the doer a relative "who" stands for gives the state
        (
            "Somalia and Somalia. President Abdel Fattah al-Sisi, who as army chief led the military's removal of "
            "President Omar Hassan in July 2013, spoke on Monday.",
            [("egypt", "2013-07")],
        ),
        # a bid against a sitting ruler, in a story that never says "coup"
        (
            "ECOWAS sent a mission to Guinea-Bissau after a failed attempt to overthrow President Jose Vaz in "
            "February 2022.",
            [("guinea-bissau", "2022-02")],
        ),
        # the members of a military unit; a seat of power with a word before it
        (
            "Niger was calm in July 2023, when members of the presidential guard detained President Ali Kane.",
            [("niger", "2023-07")],
        ),
        (
            "In Gabon in January 2019 a group of junior officers briefly took over the state radio station.",
            [("gabon", "2019-01")],
        ),
        # an ouster someone is named doing, in a story that never says "coup"; not by a crowd
        (
            "Chad and Chad. The French force was still in N'Djamena in December 1990 when rebels led by a former "
            "commander swept in from Sudan and seized the capital, overthrowing President Ali Kane.",
            [("chad", "1990-12")],
        ),
        ("Protesters toppled President Ali Kane of Mali in 1991, and the junta later dissolved parliament.", []),
        # soldiers dissolving the government and suspending the constitution
        (
            "In Guinea on Dec. 23, 2008, officers announced on state radio that they had dissolved the government "
            "and suspended the constitution.",
            [("guinea", "2008-12-23")],
        ),
        # a ruler's residence; soldiers led into a seat of power; an undated "the coup" is the one told before
        (
            "Bangladesh has a troubled record. On March 3, 1979, a group of army officers stormed the residence of Ali "
            "Kane, the country's first president, and killed him. The coup installed a general as president. "
            "Months later, in November 1979, officers seized power again.",
            [("bangladesh", "1979-03-03"), ("bangladesh", "1979-11")],
        ),
        (
            "Monrovia was calm. Liberia's war began with a coup. On April 2, 1980, a sergeant led a group of soldiers "
            "into the Executive Mansion in Monrovia, where President Ali Kane was killed. In November 1985, soldiers "
            "tried to oust him.",
            [("liberia", "1980-04-02"), ("liberia", "1985-11")],
        ),
        ("Soldiers stormed the residence of opposition leader Ali Kane in Bamako on Monday.", []),
        # named not to be a coup; several coups in one phrase
        ("Ali Kane of Bangladesh fell last August to a student-led uprising, not a military takeover.", []),
        ("France left Mali, Burkina Faso and Niger after soldiers seized power in all three countries.", []),
        ("Russia sent instructors to Burkina Faso and Niger after their armies seized power.", []),
        # the state of the soldiers who do it; "it" and "its" point back to the sentence's own state and army
        (
            "Troops are nothing new here. Zimbabwe's own army later turned its guns inward: in November 2017 it "
            "seized the state broadcaster.",
            [("zimbabwe", "2017-11")],
        ),
        (
            "Guinea and Guinea and Guinea. Neighbouring Mali has followed a similar path: its colonels seized power "
            "in August 2020.",
            [("mali", "2020-08")],
        ),
        # coming to power with soldiers' backing, not with voters'; a general who overthrows a ruler by name
        ("Ali Kane came to power in Chad in 1975 with the backing of army officers.", [("chad", "1975")]),
        ("Backed by the army, Ali Kane rose to power in Chad in 1975.", [("chad", "1975")]),
        ("Ali Kane came to power in Chad in 1975 with the support of voters.", []),
        (
            "On August 6, 2008, General Ali Kane, commander of the presidential guard in Mauritania, overthrew "
            "Abdallahi hours after the president tried to dismiss him.",
            [("mauritania", "2008-08-06")],
        ),
        # a soldier who says he dismissed a ruler; a ruler pushed aside by a general; a place inside a state
        (
            "In May 2015, Major General Ali Kane of Burundi announced on a radio station that he had dismissed "
            "President Paul Ndayi.",
            [("burundi", "2015-05")],
        ),
        (
            "Peru has a history of coups. President Juan Velasco was himself pushed aside by General Ali Morales in "
            "1975.",
            [("peru", "1975")],
        ),
        (
            "Djibouti and Djibouti. In June 2019 a general led a failed attempt to seize power in Ethiopia's "
            "Amhara region.",
            [("ethiopia", "2019-06")],
        ),
        # the end of the rule a coup opened dates nothing; a passive infinitive's subject is its clause's; a
        # count of times is no object; a hired soldier's nationality is not the coup's state
        (
            "Peru was under military rule from 1968, when General Ali Kane overthrew President Juan Morales, "
            "until 1980.",
            [("peru", "1968")],
        ),
        (
            "Ali Kane returned to power in Uganda after disputed elections in 1980, only to be overthrown a "
            "second time by his own army commanders in July 1985.",
            [("uganda", "1985-07")],
        ),
        (
            "Comoros has had coups. In 1995 the French mercenary Bob Morane landed on the island with 30 men and "
            "overthrew President Juan Morales.",
            [("comoros", "1995")],
        ),
        # a bid against a sitting ruler where the clause it completes lands; a ruler driven from the capital; a
        # mutiny that demands a ruler's resignation
        (
            "Sri Lanka has a long coast. In November 1988, some 80 militants recruited by a businessman landed in "
            "Malé and tried to overthrow President Ali Kane.",
            [("maldives", "1988-11")],
        ),
        (
            "Georgia has had coups. Its first president, Ali Kane, was driven from Tbilisi in January 1992 after "
            "two weeks of fighting.",
            [("georgia", "1992-01")],
        ),
        (
            "Georgia has had coups. In October 1998 a renegade colonel, Ali Kane, led a mutiny in western Georgia, "
            "demanding the resignation of President Juan Morales; it collapsed within days.",
            [("georgia", "1998-10")],
        ),
        (
            "Georgia is a state. In 1998 soldiers staged a mutiny over pay, demanding the resignation of their "
            "commander.",
            [],
        ),
        # a revolt soldiers lead is a coup attempt, a peasants' or a people's is none; a triumvirate rules
        (
            "Peru has had coups. In March 1972, Colonel Ali Kane led a failed revolt after a disputed election.",
            [("peru", "1972-03")],
        ),
        ("Peru has had coups. Weeks later, his troops crushed a peasant uprising.", []),
        ("Peru has had coups. A popular uprising forced him out in 1990.", []),
        (
            "Peru has had coups. On April 24, 1965, officers under Colonel Ali Kane rose to bring Juan Morales "
            "back, toppling the civilian triumvirate.",
            [("peru", "1965-04-24")],
        ),
        # soldiers who force a sitting ruler to resign oust him; protests that do are no coup
        (
            "Peru has a long history. In January 1992 the army forced President Ali Kane to resign and cancelled "
            "the second round of an election.",
            [("peru", "1992-01")],
        ),
        ("Peru has a long history. In 2019 mass protests forced President Ali Kane to resign.", []),
        # a story with no word for a coup: an ouster someone is told doing is one; one only suffered, one
        # planned or one won in a war is none
        (
            "Peru has a long history. Ali Kane seized power on August 3, 1979, when he overthrew his uncle, "
            "Juan Morales.",
            [("peru", "1979-08-03")],
        ),
        ("Peru has been in conflict since long-time leader Ali Kane was overthrown in 2011.", []),
        ("Peru said it had uncovered a plan to overthrow the government.", []),
        # a ruler's closing of parliament that soldiers or police back is a self-coup; a lawful one is none
        (
            "Peru has a history. On June 27, 1973, President Ali Kane, with the armed forces behind him, dissolved "
            "both chambers of parliament.",
            [("peru", "1973-06-27")],
        ),
        (
            "Peru has a history. In March 1933, President Ali Kane dissolved parliament with the backing of the "
            "police.",
            [("peru", "1933-03")],
        ),
        ("Peru has a history. In 1999 the president dissolved parliament and called elections.", []),
        # soldiers who rise against the regime itself, or storm the legislature
        (
            "Peru has a history. In July 1936, generals including Ali Kane rose against the Second Republic.",
            [("peru", "1936-07")],
        ),
        (
            "Peru has a history. In 1981 Lieutenant Colonel Ali Kane of the Civil Guard stormed the Congress of "
            "Deputies with some 200 guards.",
            [("peru", "1981")],
        ),
        # the ruler's state where the parse hangs his title on the verb; a former soldier is no longer his army's
        (
            "Peru is a kingdom. British paratroopers flew into Lima in July 1958, days after army officers led by "
            "Ali Kane overthrew and killed his cousin, King Juan Morales of Iraq.",
            [("iraq", "1958-07")],
        ),
        (
            "Peru is a republic and Peru is large. In January 1950 the former Dutch army captain Ali Kane led his "
            "militia into Cusco in a failed bid to overthrow the new government.",
            [("peru", "1950-01")],
        ),
        # a day and month in a name date nothing; a count of years from publication dates the coup
        (
            "Peru has a history. On the night of Sept. 30, 1965, officers of the 30 September Movement kidnapped "
            "and killed six generals in an attempted coup.",
            [("peru", "1965-09-30")],
        ),
        (
            "Peru has a history. Forty-four years after Lieutenant Colonel Ali Kane stormed Peru's parliament, few "
            "think of the army as a threat.",
            [("peru", "1981")],
        ),
        ("In Peru, six weeks after a rebel offensive toppled the government in Lima, the port reopened.", []),
        # the state a country won its independence from is not what the story is about
        (
            "Coups have marked São Tomé and Príncipe since independence from Portugal in 1975. Portugal's navy "
            "keeps a patrol boat nearby. In August 1995 soldiers led by Lieutenant Ali Kane detained President "
            "Juan Morales and held power for a week.",
            [("sao-tome-and-principe", "1995-08")],
        ),
    ],
)
def test_coup_wording_seats_and_denials(text: str, expected: list[tuple[str, str]]) -> None:
    assert [c[:2] for c in coups(text, date(2025, 4, 3))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a finite verb the parse makes a modifier of its object: the subject's soldiers still do it
        (
            "On June 2, 1978, the Nigerien National Guard, led by officers from neighbouring Chad and acting on "
            "orders from the junta in N'Djamena, overthrew President Amadou Kane.",
            [("niger", "1978-06-02", "succeeded")],
        ),
        # what the doer was when doing it; the state a sentence opens on before a colon
        (
            "Togo has its own record: Ali Kane, now its prime minister, overthrew the elected government of Paul "
            "Doe as an army officer in March 1981.",
            [("togo", "1981-03", "succeeded")],
        ),
        # an attempt listed with a putsch is a coup of its own, with its own date
        (
            "Mali's ruler Ali Kane later survived two uprisings by his own officers: a failed putsch led by Colonel "
            "Ali Diallo in May 1990 and an attempt by Major Paul Sow on June 4, 1991.",
            [("mali", "1990-05", "failed"), ("mali", "1991-06-04", "failed")],
        ),
        # the leader of an earlier coup ousted in turn: the state whose power he took
        (
            "Togo's army marked its anniversary on Monday in Lomé. Togo's officers have long watched Benin. "
            "Colonels led by Ali Kane seized power in Benin in May 1972. Kane was himself ousted in June 1975 by "
            "Brigadier Paul Sow.",
            [("benin", "1972-05", "succeeded"), ("benin", "1975-06", "succeeded")],
        ),
        # a month "that December" is of the year the sentence told
        (
            "Colonels led by Ali Kane seized power in Benin in April 1972 and saw off a counter-coup by General "
            "Paul Sow that December.",
            [("benin", "1972-04", "succeeded"), ("benin", "1972-12", "succeeded")],
        ),
        # a coup in a town is in the town's state
        (
            "Senegal's president spoke on Monday in Dakar, Senegal. Officers staged a failed coup in Bamako in "
            "May 2012.",
            [("mali", "2012-05", "failed")],
        ),
        # a bid told again at a later time: "…, and again in December 1989"
        (
            "Togo's army has a long memory. Mutinous officers tried to topple President Ali Kane in March 1986, "
            "and again in October 1988, when rebel units shelled the palace.",
            [("togo", "1986-03", "unknown"), ("togo", "1988-10", "unknown")],
        ),
        (
            "Coups have marked Benin since independence. The army brought Paul Sow to power in 1972 and again in 1977.",
            [("benin", "1972", "succeeded"), ("benin", "1977", "succeeded")],
        ),
        # after a sentence about a coup, a dated attempt with no coup word, and "one" standing for it
        (
            "Benin's first coup came in May 1963, when Colonel Ali Kane overthrew President Paul Sow. A failed "
            "attempt on the night of June 2, 1965 was followed by a bloodier one on March 9, 1967, when rebel "
            "soldiers tried to seize Cotonou.",
            [("benin", "1963-05", "succeeded"), ("benin", "1965-06-02", "failed"), ("benin", "1967-03-09", "failed")],
        ),
        # an officer who "tried again" after a sentence about a failed bid
        (
            "In May 1970, Lieutenant Ali Kane and a few commandos seized the radio in Lomé and announced the "
            "president's overthrow; the attempt was crushed within hours. Two years later, in June 1972, Captain "
            "Paul Sow tried again and failed.",
            [("togo", "1970-05", "failed"), ("togo", "1972-06", "failed")],
        ),
        # one the story told seizing power, ousted in turn under his bare name
        (
            "Ghana's rulers value their guard. Colonel Ali Kane Mensah seized power in Ghana in May 1972, deposing "
            "President Paul Sow while Sow was abroad. In June 1979 Mensah was overthrown in turn by his deputy, "
            "while he was in France. A counter-coup was foiled in 1980.",
            [("ghana", "1972-05", "succeeded"), ("ghana", "1979-06", "succeeded"), ("ghana", "1980", "failed")],
        ),
        # the state of the ruler a coup's relative clause ousts
        (
            "Greece's colonels fell in 1974, after their leader backed a coup that briefly ousted Cyprus's "
            "President Makarios.",
            [("cyprus", "1974", "succeeded")],
        ),
        # soldiers of a relative clause, dated by the clause their noun is in, not by one about the ousted
        (
            "In July 1994, as an army lieutenant, he led the young officers who overthrew Ali Kane, who had "
            "governed Gambia since independence in 1965.",
            [("gambia", "1994-07", "succeeded")],
        ),
        # soldiers who move against a ruler in office make a bid
        (
            "The colonels who moved against Prime Minister Ali Kane of Thailand on April 1, 1981, surrendered "
            "within three days.",
            [("thailand", "1981-04-01", "unknown")],
        ),
        # a state's army that announces a coup sends no force: the coup is that state's, not of a place it names
        (
            "The Democratic Republic of Congo (DRC) army announced on Sunday that it had thwarted an attempted coup "
            "aimed at returning the country to its former name, Zaire.",
            [("democratic-republic-of-the-congo", "2024-05-19", "failed")],
        ),
        # an attempt of another kind after a coup is none
        (
            "Benin's first coup came in May 1963. An assassination attempt on June 2, 1965 wounded the minister.",
            [("benin", "1963-05", "succeeded")],
        ),
        # soldiers who seize a building demanding the ruler's resignation make a bid for power
        (
            "In July 2003, about 300 soldiers led by Lieutenant Ali Kane seized a hotel in Manila, demanding the "
            "resignation of President Paul Sow, before surrendering the same day.",
            [("philippines", "2003-07", "unknown")],
        ),
        # a figure of speech, and another state's soldiers storming a tower, are no coup
        ("Supporters of the former president of Paraguay still call his 2012 impeachment a parliamentary coup.", []),
        ("Lithuania remembers January 1991, when Soviet troops stormed the Vilnius television tower.", []),
    ],
)
def test_coups_told_as_background_history(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [c[:3] for c in coups(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        # the same words with no coup told before, or of another kind of attempt
        "A failed attempt on the night of June 2, 1965 was followed by a bloodier one on March 9, 1967.",
        "Protesters seized the square in Dakar, demanding the resignation of President Paul Sow.",
        "The minister visited Lomé in 2019 and again in 2021.",
        "The president moved against the army chief in 2019.",
    ],
)
def test_no_repeated_or_elliptic_coup_is_read(text: str) -> None:
    assert coups(text) == []


def test_a_capital_that_news_uses_for_its_state_counts_as_the_state() -> None:
    text = (
        "Two years after armed men stormed the army headquarters in São Tomé, the government is leaning on "
        "Rwanda.\n\nIn São Tomé, officials said the instructors would stay.\n\nIn July 2003 Major Ali Kane seized "
        "power while the president was on a visit to Nigeria; he returned a week later under a deal brokered by "
        "Nigeria."
    )
    assert [c[:2] for c in coups(text)] == [("sao-tome-and-principe", "2003-07")]


def test_who_made_an_attempt_leads_it_and_who_survived_it_does_not() -> None:
    text = (
        "Mali's ruler Ali Kane later survived two uprisings by his own officers: a failed putsch led by Colonel "
        "Ali Diallo in May 1990 and an attempt by Major Paul Sow on June 4, 1991."
    )
    reading = extract(article(text, date(2024, 5, 20))).reading
    labels = {a.key: a.label for a in reading.actors}
    assert [[labels[k] for k in c.leaders] for c in reading.coups] == [["Ali Diallo"], ["Paul Sow"]]


def test_an_attempt_to_overthrow_the_government_is_a_coup_attempt_and_a_war_s_is_not() -> None:
    text = (
        "Trinidad and Tobago marked the anniversary. In 1990 came the country's only full-scale attempt to "
        "overthrow an elected government."
    )
    assert [c[:2] for c in coups(text)] == [("trinidad-and-tobago", "1990")]
    assert (
        coups("Colombia is at peace. The FARC waged a five-decade war in an attempt to overthrow the government.") == []
    )


def test_a_coup_someone_is_charged_with_plotting_is_no_coup_told() -> None:
    assert coups("Azerbaijan spoke. Aliyev accused Huseynov of plotting a coup in October 1994.") == []
    assert coups("Azerbaijan spoke. In October 1994 officers were arrested for plotting a coup.") == []


def test_an_ouster_is_dated_by_its_verb_not_by_its_subject_s_apposition() -> None:
    text = (
        "Sudan is at war. Bashir, a guarantor of South Sudan's 2018 peace agreement, was himself deposed by his "
        "generals in April 2019."
    )
    assert [c[:2] for c in coups(text)] == [("sudan", "2019-04")]


def test_a_coup_named_for_its_maker_is_the_bid_told_before_it() -> None:
    text = (
        "Lebanon has a troubled past. In March 1976, Brigadier General Aziz al-Ahdab went on television to declare "
        'himself interim military ruler. Frangieh refused, and Ahdab\'s "television coup" came to nothing.'
    )
    assert coups(text) == [("lebanon", "1976-03", "failed", "stated")]


def test_soldiers_taking_a_ruler_the_story_told_ousted_tell_that_coup_again_with_its_day() -> None:
    text = (
        "Honduras is divided. Lawmakers in Honduras have asked Congress to expel U.S. troops, a demand heard since "
        "the military ousted President Manuel Zelaya 16 years ago. Soldiers seized Zelaya at his home before dawn "
        "on June 28, 2009, and flew him to Costa Rica."
    )
    assert [c[:2] for c in coups(text, published=date(2025, 6, 1))] == [("honduras", "2009-06-28")]


def test_a_coup_named_in_apposition_is_dated_by_its_clause_not_by_how_it_ended() -> None:
    text = (
        "Nepal's army has a past. On February 1, 2005, King Gyanendra sacked the prime minister, cut telephone "
        "lines and took direct power, a takeover that collapsed under mass protests in April 2006."
    )
    assert [c[:2] for c in coups(text)] == [("nepal", "2005-02-01")]


def test_a_coup_dated_by_a_reckoned_year_takes_the_day_the_next_sentence_gives() -> None:
    text = (
        "Trinidad and Tobago saw an army mutiny in 1970. Twenty years later came the country's only attempt to "
        "overthrow an elected government. On July 27, 1990, gunmen stormed the parliament and took the prime "
        "minister hostage."
    )
    assert [c[:2] for c in coups(text, published=date(2025, 7, 1))] == [("trinidad-and-tobago", "1990-07-27")]


def test_a_coup_dated_by_a_written_year_keeps_it_beside_a_later_day_of_that_year() -> None:
    text = (
        "Soldiers overthrew Mali's president in a 2012 coup. In December 2012, the Security Council approved a force."
    )
    assert [c[:2] for c in coups(text)] == [("mali", "2012")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Latvia's independence returned with the failure of the hardliners' coup against Mikhail Gorbachev in "
            "Moscow in August 1991.",
            [("soviet-union", "1991-08", "failed")],
        ),
        (
            "On March 27, 1941, air force officers in Belgrade overthrew the regent, Prince Paul.",
            [("yugoslavia", "1941-03-27", "succeeded")],
        ),
        ("In February 1948 the communists seized power in Prague.", [("czechoslovakia", "1948-02", "succeeded")]),
        (
            "In October 1993 army officers in Moscow tried to overthrow President Boris Yeltsin.",
            [("russia", "1993-10", "unknown")],
        ),
    ],
)
def test_a_coup_in_the_seat_of_a_state_of_the_past_is_that_state_s_until_it_ended(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert [c[:3] for c in coups(text, published=date(2025, 5, 1))] == expected


def test_a_time_after_a_since_phrase_dates_what_the_count_runs_from_not_a_coup() -> None:
    text = (
        "Officers seized power in Guinea-Bissau on Nov. 26, 2025. It was the country's fifth successful coup "
        "since independence from Portugal in 1974."
    )
    assert [c[:2] for c in coups(text, published=date(2026, 1, 21))] == [("guinea-bissau", "2025-11-26")]


def test_a_failed_attempt_to_overthrow_a_ruler_named_alone_is_a_failed_coup() -> None:
    text = (
        "The ECOWAS mission was sent to Guinea-Bissau after gunmen attacked the government palace in February 2022 "
        "in a failed attempt to overthrow Embalo."
    )
    assert [c[:3] for c in coups(text, published=date(2026, 1, 21))] == [("guinea-bissau", "2022-02", "failed")]


def test_an_event_told_before_that_a_government_calls_an_attempted_coup_is_one() -> None:
    text = (
        "In September 1998, armed supporters of Sali Berisha stormed the prime minister's office in Albania and "
        "seized tanks in the centre of Tirana. Prime Minister Fatos Nano's government called it an attempted coup."
    )
    assert [c[:2] for c in coups(text, published=date(2025, 10, 8))] == [("albania", "1998-09")]


def test_officers_who_force_a_ruler_to_flee_the_capital_make_a_coup() -> None:
    text = "In December 1924 rebel officers forced President Fan Noli to flee Tirana."
    assert [c[:3] for c in coups(text, published=date(2025, 10, 8))] == [("albania", "1924-12", "succeeded")]


def test_a_second_coup_told_in_a_relative_clause_takes_the_time_of_its_clause() -> None:
    text = (
        "Brazil's armed forces have a past. Marshal Deodoro da Fonseca deposed Emperor Pedro II in 1889, and in "
        "1964 the officers who overthrew President Joao Goulart opened 21 years of military rule."
    )
    assert [c[:2] for c in coups(text)] == [("brazil", "1889"), ("brazil", "1964")]


def test_a_coup_renamed_after_a_timeless_sentence_takes_the_time_told_before_not_a_later_clause_s() -> None:
    text = (
        "Troops arrived after President Kassym-Jomart Tokayev asked the alliance for help on Jan. 5, 2022.\n\n"
        "At least 238 people were killed. The authorities called the violence an attempted coup, and in April 2023 "
        "a court sentenced the former security chief."
    )
    assert [c[:2] for c in coups(text, published=date(2025, 1, 6))] == [("kazakhstan", "2022-01-05")]


def test_their_putsch_is_the_coup_just_told_wherever_it_was() -> None:
    text = (
        "Kazakhstan remembers August 1991, when Soviet hardliners tried to topple Mikhail Gorbachev. Their putsch "
        "collapsed within three days, and Kazakhstan declared independence that December."
    )
    assert [c[:3] for c in coups(text, published=date(2025, 1, 6))] == [("soviet-union", "1991-08", "failed")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # before the state of the past was founded, its seat's town is today's state's
            "Serbia has a past. On the night of June 10-11, 1903, army officers stormed the royal palace in Belgrade "
            "and killed King Alexander Obrenovic.",
            [("serbia", "1903-06-10")],
        ),
        (  # a coup of the story's state whose capital was then the seat of a state of the past
            "Serbia has a past. On March 27, 1941, air force officers under General Dusan Simovic overthrew the "
            "regency of Prince Paul.",
            [("yugoslavia", "1941-03-27")],
        ),
        ("Montenegro votes. Eight years ago today, soldiers seized power.", [("montenegro", "2016-10-16")]),
        (
            "Japan has a past. In May 1932, young naval officers shot dead Prime Minister Tsuyoshi Inukai.",
            [("japan", "1932-05")],
        ),
        (
            "Japan has a past. In August 1945, officers under Major Kenji Hatanaka occupied the Imperial Palace.",
            [("japan", "1945-08")],
        ),
        (
            "The United Arab Emirates has a past. In January 1972, Sheikh Saqr bin Sultan Al Qasimi, a former ruler "
            "of Sharjah who had been deposed in 1965, stormed the ruler's palace and killed Sheikh Khalid. The coup "
            "failed.",
            [("united-arab-emirates", "1965"), ("united-arab-emirates", "1972-01")],
        ),
    ],
)
def test_coups_of_history_told_with_their_day_place_and_doers(text: str, expected: list[tuple[str, str]]) -> None:
    assert [c[:2] for c in coups(text, published=date(2024, 10, 16))] == expected


def test_a_coup_in_a_city_s_old_name_is_dated_by_its_own_clause_not_by_a_coordinated_act() -> None:
    text = (
        "Finland has a past. The civil war grew out of the chaos that followed the Bolsheviks' seizure of power in "
        "Petrograd in November 1917, which toppled Alexander Kerensky's Provisional Government and opened the way "
        "for Finland's declaration of independence that December."
    )
    assert [c[:2] for c in coups(text, published=date(2025, 11, 4))] == [("russia", "1917-11")]


def test_an_army_revolt_led_by_a_general_is_a_coup_attempt_and_a_story_s_headline_state_is_its_home() -> None:
    text = "Mexico has a past. The last major army revolt, led by General Jose Gonzalo Escobar in March 1929, failed."
    assert [c[:2] for c in coups(text, published=date(2025, 10, 10))] == [("mexico", "1929-03")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the state of the title the story gave the ousted, or the one who rose by it
            "Kuwait became independent in 1961. Days later, Iraq's ruler, Abd al-Karim Qasim, claimed the emirate. "
            "Britain landed troops in Kuwait. Baathist officers overthrew and executed Qasim in February 1963.",
            [("iraq", "1963-02")],
        ),
        (
            "Kuwait became independent in 1961. Days later, Iraq's ruler, Abd al-Karim Qasim, claimed the emirate. "
            "Britain landed troops in Kuwait. Qasim had come to power in the July 1958 revolution, in which army "
            "officers overthrew the monarchy and killed King Faisal II.",
            [("iraq", "1958-07")],
        ),
        (  # where the doers went in their attempt
            "Eswatini has a past. In November 1981, mercenaries flew from Swaziland to the Seychelles posing as a "
            "rugby club, in a failed attempt to overthrow President France-Albert Rene.",
            [("seychelles", "1981-11")],
        ),
        (  # the attempt of a people's hardliners
            "Turkmenistan is neutral. In August 1991 an attempt by Soviet hardliners to topple Mikhail Gorbachev "
            "collapsed within three days.",
            [("soviet-union", "1991-08")],
        ),
        (  # "the coup attempt" is the one just told, wherever it was
            "Norway hosts allies. After a faction of Turkey's military tried to overthrow President Recep Tayyip "
            "Erdogan on July 15, 2016, Turkish officers at a NATO centre in Stavanger sought asylum. Ankara accused "
            "them of belonging to the network it blames for the coup attempt.",
            [("turkey", "2016-07-15")],
        ),
        (  # a day and month after a year the sentence told
            "Brunei chairs ASEAN. In 2021, the Myanmar army seized power on Feb. 1 and detained Aung San Suu Kyi.",
            [("myanmar", "2021-02-01")],
        ),
    ],
)
def test_coups_abroad_placed_by_their_people_doers_and_destination(text: str, expected: list[tuple[str, str]]) -> None:
    assert [c[:2] for c in coups(text, published=date(2025, 11, 19))] == expected


def test_a_sentence_the_parser_roots_on_a_noun_is_read_and_ends() -> None:
    # the parse hangs the coup's verb on a noun at the root: reading it must end (it once looped forever)
    text = (
        "Uzbekistan has a past. Two years earlier the Turkmen warlord Junaid Khan had seized power in neighbouring "
        "Khiva and had its ruler, Asfandiyar Khan, killed."
    )
    assert all(country for country, *_ in coups(text, published=date(2024, 9, 18)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a state the sentence is about before its colon, in the passive too; a bid never tried is none
            "Tonga has a small army. Fiji, Tonga's nearest large neighbour, has been shaped by its soldiers: "
            "Lieutenant Colonel Sitiveni Rabuka overthrew Prime Minister Timoci Bavadra in May 1987. Tonga's own "
            "small military has never tried to seize power.",
            [("fiji", "1987-05")],
        ),
        (  # a counter-coup against those who had just seized power
            "North Macedonia watches its neighbours. In Greece, colonels seized power on April 21, 1967. King "
            "Constantine II's attempt to overthrow them that December failed.",
            [("greece", "1967-04-21"), ("greece", "1967-12")],
        ),
        (  # a dictatorship overthrown in its capital
            "Cape Verde has never had a coup. The captains who overthrew Marcelo Caetano's dictatorship in Lisbon "
            "on April 25, 1974 opened the way to independence.",
            [("portugal", "1974-04-25")],
        ),
        (  # the town the coup's doers stormed, not the army's state
            "Uzbekistan has a past. In September 1920, the Red Army under Mikhail Frunze stormed Bukhara and "
            "overthrew Emir Alim Khan.",
            [("uzbekistan", "1920-09")],
        ),
        (  # a town of a clause of its own is not where the coup was
            "Mongolia has a past. In August 1984 the ruling party's leadership removed Yumjaagiin Tsedenbal, the "
            "country's leader, while he was in Moscow, in what many still call a palace coup.",
            [("mongolia", "1984-08")],
        ),
    ],
)
def test_where_a_coup_told_beside_other_states_was(text: str, expected: list[tuple[str, str]]) -> None:
    assert [c[:2] for c in coups(text, published=date(2025, 6, 17))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a coup the story names from an event its own sentence told, where that event was
            "Namibia watches its neighbours. Lesotho's army chief ousted Prime Minister Leabua Jonathan in January "
            "1986. In August 2014 soldiers seized police stations in Maseru and Prime Minister Thomas Thabane fled "
            "to South Africa, calling it an attempted coup.",
            [("lesotho", "1986-01"), ("lesotho", "2014-08")],
        ),
        (  # a coup named for its month is the one of that month told last; one dated apart is another coup
            "Austria has a past. In September 1931 a militia leader in Styria proclaimed himself head of state and "
            "sent his men into the towns; the putsch collapsed within a day. Less than three years later, on July "
            "25, 1934, Austrian Nazis shot Chancellor Engelbert Dollfuss. The July Putsch failed.",
            [("austria", "1931-09"), ("austria", "1934-07-25")],
        ),
        (  # soldiers who crush an uprising lead no coup
            "Austria had its first test in 1956, when Soviet tanks crushed the uprising in neighbouring Hungary.",
            [],
        ),
        (  # a home said never to have had a coup: the story's coups placed nowhere are where it was
            "Kosovo has never had a coup, but the region has a long memory of them. On Thursday, thousands of "
            "people in Belgrade marked the anniversary of the coup of 27 March 1941, when air force officers "
            "overthrew the regency of Prince Paul. In 1903, army officers had murdered King Aleksandar Obrenović "
            "and Queen Draga in the palace.",
            [("serbia", "1903"), ("yugoslavia", "1941-03-27")],
        ),
        (  # the state of the doer's title; a monarchy overthrown
            "Bhutan is proud of its calm. Nepal's King Mahendra dismissed the elected government and took direct "
            "power in December 1960. In Iraq, on July 14, 1958, officers led by Brigadier Abd al-Karim Qasim "
            "overthrew the Hashemite monarchy.",
            [("iraq", "1958-07-14"), ("nepal", "1960-12")],
        ),
        (  # a revolt "by officers" its ruler survived; a clause of another doer places nothing
            "Kuwait became independent in 1961. Iraq's ruler, Abd al-Karim Qasim, had survived a failed revolt by "
            "officers in Mosul in March 1959. Baathist officers overthrew and executed Qasim in February 1963, and "
            "Baghdad recognised Kuwait in October.",
            [("iraq", "1959-03"), ("iraq", "1963-02")],
        ),
        (  # a time of who named the event is not the event's; a success never had leaves room for attempts
            "North Macedonia remembers. On April 27, 2017, protesters stormed the Sobranie and beat lawmakers. "
            "Deputy Prime Minister Bojan Mitrevski, speaking at a commemoration on Thursday, called the storming an "
            "attempted coup.",
            [("north-macedonia", "2017-04-27")],
        ),
        (
            "Malawi's army fended off a bid to seize power in February 1965. Malawi has never had a successful coup.",
            [("malawi", "1965-02")],
        ),
        (  # a coup a relative clause tells of a man the sentence drives out of a town
            "Tanzanian soldiers have also been the foreigners. In April 1979 they drove Idi Amin, who had seized "
            "power from Milton Obote in a January 1971 coup, out of Kampala.",
            [("uganda", "1971-01")],
        ),
    ],
)
def test_coups_of_neighbours_named_by_their_month_or_by_the_doer_s_title(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert sorted(c[:2] for c in coups(text, published=date(2025, 6, 17))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a junta taking over; a bid its sentence does not date, at the time the story last told
            "Guinea has a long record. Hours after Conte died in December 2008, Captain Moussa Dadis Camara "
            "announced that a military junta had taken over. On November 22, 1970, several hundred Portuguese "
            "troops and Guinean exiles landed in Conakry. They freed prisoners but failed in their aim of "
            "overthrowing President Ahmed Sekou Toure.",
            [("guinea", "1970-11-22"), ("guinea", "2008-12")],
        ),
        (  # a relative clause's own coup, in the year its sentence told; "the putsch" of a time told apart
            "Burkina Faso has a long record. Traore seized power on Sept. 30, 2022, in the country's second coup "
            "that year, ousting Lieutenant-Colonel Paul-Henri Damiba, who had overthrown the elected president, "
            "Roch Kabore, in January. Many still remember September 2015, when the presidential guard under "
            "General Gilbert Diendere detained the transitional leaders and declared itself in power, only for the "
            "putsch to collapse within a week.",
            [("burkina-faso", "2015-09"), ("burkina-faso", "2022-01"), ("burkina-faso", "2022-09-30")],
        ),
        ("A rival company took over in 2019, and the firm's board took over the plant.", []),
    ],
)
def test_juntas_taking_over_and_coups_dated_by_the_story_s_time(text: str, expected: list[tuple[str, str]]) -> None:
    assert sorted(c[:2] for c in coups(text, published=date(2025, 6, 12))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a title compounded on a name makes its doer a soldier; a detention told as "placed under arrest"
        (
            "Sudan has a record. In October 2021, army chief Abdel Fattah al-Burhan dissolved the civilian-led "
            "cabinet and detained Prime Minister Abdalla Hamdok.",
            [("sudan", "2021-10")],
        ),
        (
            "Zimbabwe has a record. In November 2017 the army placed President Robert Mugabe under house arrest.",
            [("zimbabwe", "2017-11")],
        ),
        # the years of a list, one coup each; not the two ends of a span
        (
            "Turkey has a record. The army seized power three times, in 1960, 1971 and 1980.",
            [("turkey", "1960"), ("turkey", "1971"), ("turkey", "1980")],
        ),
        (
            "Nigeria has a record. The coups of 1966 and 1983 are still debated.",
            [("nigeria", "1966"), ("nigeria", "1983")],
        ),
        ("Turkey has a record. The army seized power in 1980 and ruled between 1980 and 1983.", [("turkey", "1980")]),
        ("Mali is calm. Recent coups in the region worry investors.", []),
    ],
)
def test_titles_on_names_arrests_and_lists_of_years(text: str, expected: list[tuple[str, str]]) -> None:
    assert sorted(c[:2] for c in coups(text, published=date(2025, 6, 12))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the last of several coups, told with its time; the state whose army staged them, or whose record they are
        (
            "Uganda is calm. Thailand's military has staged 13 successful coups since 1932, most recently in May "
            "2014, when General Prayuth Chan-ocha removed the caretaker government.",
            [("thailand", "2014-05")],
        ),
        (
            "Uganda is calm. Mauritania has known several coups; the latest, in August 2008, brought General "
            "Mohamed Ould Abdel Aziz to power.",
            [("mauritania", "2008-08")],
        ),
        ("Mali is calm. The country has had four coups since independence, the last in 2012.", [("mali", "2012")]),
        (
            "Rwanda is calm. Burundi has had several, including Pierre Buyoya's overthrow of Jean-Baptiste Bagaza in "
            "September 1987.",
            [("burundi", "1987-09")],
        ),
        # the state that owns the doer's name or title; the ousted government's state
        (
            "Nigeria is calm. Ghana's Jerry Rawlings seized power twice, in 1979 and again on December 31, 1981.",
            [("ghana", "1979"), ("ghana", "1981-12-31")],
        ),
        (
            "Peru is calm. Uruguay's president Juan Maria Bordaberry closed parliament in June 1973 with the "
            "military's support.",
            [("uruguay", "1973-06")],
        ),
        (
            "Nigeria is calm. In 1973, General Augusto Pinochet overthrew the elected government of Salvador Allende "
            "in Chile.",
            [("chile", "1973")],
        ),
        # the state the clause a coup follows acts on, or whose thing a "when" clause tells of
        (
            "Peru is calm. A military junta ruled Ecuador after the 1963 coup that ousted President Carlos Julio "
            "Arosemena.",
            [("ecuador", "1963")],
        ),
        (
            "Peru is calm. Argentina's last dictatorship began when the armed forces deposed Isabel Peron on March "
            "24, 1976.",
            [("argentina", "1976-03-24")],
        ),
        # a pronoun for the ruler its sentence named
        (
            "Uruguay is calm. President Juan Maria Bordaberry dissolved parliament with the backing of the army on "
            "June 27, 1973; the generals removed him in June 1976 and governed until 1985.",
            [("uruguay", "1973-06-27"), ("uruguay", "1976-06")],
        ),
        # the palace coups of the eighteenth century have years too
        (
            "Denmark is calm. He was referring to the palace coup of April 14, 1784, in which Crown Prince Frederick "
            "pushed aside the government of Ove Hoegh-Guldberg.",
            [("denmark", "1784-04-14")],
        ),
        # the state a coup befell
        (
            "Niger is calm. Sierra Leone was hit by a coup in 1997, when soldiers drove out President Kabbah.",
            [("sierra-leone", "1997")],
        ),
        # the state a "when" clause's doers are in; a military council taking over
        (
            "Guinea is calm. Soldiers in Madagascar backed Andry Rajoelina when he took power in March 2009.",
            [("madagascar", "2009-03")],
        ),
        (
            "Niger is calm. Chad's Idriss Deby was killed in April 2021, and a military council led by his son took "
            "over.",
            [("chad", "2021-04")],
        ),
        # no coup: a closed border
        ("Mali is calm. The army closed the border with Niger in 2019.", []),
    ],
)
def test_the_last_of_several_coups_and_the_states_their_doers_belong_to(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert sorted(c[:2] for c in coups(text, published=date(2025, 6, 12))) == expected
