"""kg.extract.deployments on invented sentences: who is deployed where, read from the force's own clause.

The states are real, so the gazetteer knows them; the events are invented. Runs the real spaCy model
and the real data files.
"""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import extract

from .test_extract import article


def deployments(text: str) -> set[tuple[str, str | None, str]]:
    """(force label, host, status) of every deployment read from ``text``."""
    reading = extract(article(text, date(2024, 1, 15))).reading
    labels = {a.key: a.label for a in reading.actors}
    return {(labels.get(d.force, d.force), d.host, d.status) for d in reading.deployments}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Turkey's parliament has authorized sending troops to Libya to support the government.",
            {("Turkish Armed Forces", "libya", "planned")},
        ),
        # each verb of one force with a place of its own is a claim of its own; a place left is where it was
        (
            "French forces withdrew from Mali in 2022, pulled out of Chad last month and are due to leave Senegal "
            "by the end of the year.",
            {
                ("French Armed Forces", "mali", "withdrawn"),
                ("French Armed Forces", "chad", "withdrawn"),
                ("French Armed Forces", "senegal", "planned"),
            },
        ),
        (
            "Russian troops arrived in Mali in 2021 and later moved to Niger.",
            {("Russian Armed Forces", "mali", "reported"), ("Russian Armed Forces", "niger", "reported")},
        ),
        (
            "Turkish troops arrived in Qatar in 2015 and trained Qatari soldiers.",
            {("Turkish Armed Forces", "qatar", "reported")},
        ),
        # a warship that docks or anchors; a service's state ("Indian Navy", "US Army"); a place near a town
        (
            "Sri Lanka and India. Last week an Indian Navy destroyer docked at Colombo port.",
            {("Indian Armed Forces", "sri-lanka", "reported")},
        ),
        (
            "Madagascar and France. A French frigate had been anchored off Antsiranana since May.",
            {("French Armed Forces", "madagascar", "reported")},
        ),
        (
            "Argentina and Chile. A team of US Army instructors has been working at a garrison outside Buenos Aires "
            "since July.",
            {("United States Armed Forces", "argentina", "reported")},
        ),
        ("Sri Lanka and Sri Lanka. The ferry docked at Colombo.", set()),
        # "there is no X here": a denial where the story is
        (
            "Mali and Mali. There is no Wagner here, no Africa Corps, nothing of the kind, the minister said.",
            {("Wagner Group", "mali", "denied"), ("Africa Corps", "mali", "denied")},
        ),
        ("Mali and Mali. There is no problem here, the minister said.", set()),
        (
            "A group of 75 soldiers from Guatemala arrived in Haiti on Saturday.",
            {("Guatemalan Armed Forces", "haiti", "reported")},
        ),
        (
            "Kenyan police officers have been deployed to Port-au-Prince since June.",
            {("Kenyan police", "haiti", "reported")},
        ),
        (
            "Soldiers from Jamaica, Belize and the Bahamas arrived in Haiti on Friday.",
            {
                ("Jamaican Armed Forces", "haiti", "reported"),
                ("Belizean Armed Forces", "haiti", "reported"),
                ("Bahamian Armed Forces", "haiti", "reported"),
            },
        ),
        ("French troops were expelled from Niger in December.", {("French Armed Forces", "niger", "withdrawn")}),
        (
            "Chadian soldiers helped to retake the town of Kidal in 2013.",
            {("Chadian Armed Forces", "mali", "reported")},
        ),
        ("The United States has about 900 troops in Syria.", {("United States Armed Forces", "syria", "reported")}),
        # a count of a force a state has; a multinational operation named alone is the force
        (
            "Ethiopia, which has thousands of troops in Somalia, warned Egypt.",
            {("Ethiopian Armed Forces", "somalia", "reported")},
        ),
        ("UNMIL withdrew from Liberia in 2018.", {("United Nations Mission in Liberia", "liberia", "withdrawn")}),
        # a state that moves troops into a place; troops that invade; places a force leaves, one by one
        (
            "Saudi Arabia has moved about 300 more soldiers into Yemen's eastern province of al-Mahra.",
            {("Saudi Armed Forces", "yemen", "reported")},
        ),
        (
            "Indonesian troops invaded East Timor in December 1975.",
            {("Indonesian Armed Forces", "timor-leste", "reported")},
        ),
        (
            "French troops left Mali in August 2022 and Niger in December 2023.",
            {("French Armed Forces", "mali", "withdrawn"), ("French Armed Forces", "niger", "withdrawn")},
        ),
        (
            "Nigerian-led West African troops known as ECOMOG landed in Monrovia in August 1990.",
            {("ECOWAS Monitoring Group", "liberia", "reported")},
        ),
    ],
)
def test_deployments_are_read(text: str, expected: set[tuple[str, str | None, str]]) -> None:
    assert deployments(text) == expected


def test_a_force_sent_to_a_country_the_sentence_leaves_unnamed_goes_to_the_story_country() -> None:
    text = (
        "Fighting in Mozambique has displaced thousands.\n\n"
        "Mozambique asked its neighbours for help.\n\n"
        "Rwanda last year sent hundreds of troops to the troubled country."
    )
    assert ("Rwandan Armed Forces", "mozambique", "reported") in deployments(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a force on this side of a border with a neighbour is at home
        (
            "French soldiers train officers in Abidjan, Côte d'Ivoire.\n\nThe dispute has moved north, to the "
            "borders with Burkina Faso and Mali, where the Ivorian army has reinforced its posts since 2020.",
            {("French Armed Forces", "cote-d-ivoire", "reported")},
        ),
        # a negated verb of leaving says the force is still there
        ("French troops have not left Chad, officials said.", {("French Armed Forces", "chad", "reported")}),
        (
            "France's military presence in Mali did not so much end as shrink.",
            {("French Armed Forces", "mali", "reported")},
        ),
        # the forces a foreign force joins are the host's, the first named
        (
            "Chinese police boats have joined Lao, Myanmar and Thai units in joint patrols of the river.",
            {("Chinese police", "laos", "reported")},
        ),
        # a mission named in apposition is that operation, and "its peacekeepers" are its own
        (
            "The United Nations mission in the Democratic Republic of Congo, MONUSCO, pulled its peacekeepers "
            "out of South Kivu province in June.",
            {
                (
                    "United Nations Organization Stabilization Mission in the Democratic Republic of the Congo",
                    "democratic-republic-of-the-congo",
                    "withdrawn",
                )
            },
        ),
        (
            "Bangladeshi troops came home from Mali after the UN mission there, MINUSMA, closed in 2023.",
            {
                ("Bangladeshi Armed Forces", "mali", "withdrawn"),
                ("United Nations Multidimensional Integrated Stabilization Mission in Mali", "mali", "withdrawn"),
            },
        ),
        # a force taking part in an exercise is where the exercise is (CAMEO 062); "service members" a force
        (
            "Thailand hosts Cobra Gold every year. About 4,500 American service members will join the exercise "
            "in Thailand.",
            {("United States Armed Forces", "thailand", "planned")},
        ),
        ("Indian warships took part in naval drills off Oman.", {("Indian Armed Forces", "oman", "reported")}),
        # a state accused of keeping forces somewhere is an actor, not a place, even second in a list
        (
            "In Yemen's Mahra province, a tribal leader accused Washington and London of keeping special forces at "
            "the airport.",
            {("United States Armed Forces", "yemen", "alleged"), ("British Armed Forces", "yemen", "alleged")},
        ),
        # foreign troops of no nationality the text gives, where the sentence places them
        (
            "Thousands of foreign troops are in Thailand this week for the exercise.",
            {("foreign troops", "thailand", "reported")},
        ),
        (
            "French troops are based in the north of Mali, officials said.",
            {("French Armed Forces", "mali", "reported")},
        ),
        # "its army": the state the sentence before was about
        (
            "Ethiopia has the most to lose. Its army first entered Somalia in 2006 to drive out the Islamic Courts.",
            {("Ethiopian Armed Forces", "somalia", "reported")},
        ),
        # a force in or serving with a peace operation is where the operation serves
        ("Ghana has about 870 troops in UNIFIL.", {("Ghanaian Armed Forces", "lebanon", "reported")}),
        ("Fiji has about 150 peacekeepers serving with UNDOF.", {("Fijian Armed Forces", "syria", "reported")}),
        (
            "The UN mission, MINUSMA, closed at the end of 2023.",
            {("United Nations Multidimensional Integrated Stabilization Mission in Mali", "mali", "withdrawn")},
        ),
        # an operation serving as others' frame is no record of its own
        (
            "Fiji will bring home about 150 of its peacekeepers serving with the United Nations Mission in South "
            "Sudan (UNMISS) by the end of the year.",
            {("Fijian Armed Forces", "south-sudan", "planned")},
        ),
    ],
)
def test_whose_force_and_where_from_its_phrase(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert deployments(text) == expected


def test_troops_that_move_at_home_are_a_deployment_named_as_the_text_names_them() -> None:
    text = (
        "Bolivia's president condemned the army.\n\n"
        "The rebel commander led soldiers and armoured vehicles into the main square of La Paz on Wednesday."
    )
    assert deployments(text) == {("soldiers", "bolivia", "reported")}


@pytest.mark.parametrize(
    "text",
    [
        "The Malian army said the soldiers were loyal to the president.",
        "Soldiers from Guatemala said in a statement that the elections were fair.",
        "The question of which foreign forces Spain hosts has never gone away.",
        "The presence of foreign troops in the region is a sensitive issue.",
    ],
)
def test_no_deployment_is_read(text: str) -> None:
    assert deployments(text) == set()


@pytest.mark.parametrize(
    ("text", "force"),
    [
        ("In August 2014, 45 Fijian peacekeepers serving with UNDOF in Syria were seized.", "Fijian Armed Forces"),
        ("Ghana has about 870 troops in UNIFIL in southern Lebanon.", "Ghanaian Armed Forces"),
        (
            "African Union troops have been in Somalia since 2007, first as AMISOM and, from 2022, as ATMIS.",
            "African Union forces",
        ),
        (
            "Kenya sent troops to Somalia in 2011 and placed them under the African Union mission, then called AMISOM.",
            "Kenyan Armed Forces",
        ),
    ],
)
def test_the_operation_another_force_serves_in_is_no_record_of_its_own(text: str, force: str) -> None:
    assert {label for label, _, _ in deployments(text)} == {force}


def test_a_state_that_fights_somewhere_has_its_forces_there() -> None:
    text = "Libya's government asked for help. Turkey helped to retake the port of Misrata in 2015."
    assert deployments(text) == {("Turkish Armed Forces", "libya", "reported")}


def test_one_claim_per_host_a_sentence_names() -> None:
    assert deployments("France has about 5,000 troops in Chad, Niger and Mali.") == {
        ("French Armed Forces", "chad", "reported"),
        ("French Armed Forces", "niger", "reported"),
        ("French Armed Forces", "mali", "reported"),
    }


def test_people_held_are_no_presence() -> None:
    """Regression: "American mercenaries had been arrested" was read as a deployment."""
    assert deployments("The army said that American mercenaries had been arrested in Kinshasa.") == set()


def test_the_guard_of_a_state_the_article_never_names_is_not_deployed() -> None:
    """Regression: "the Republican Guard" in a Congolese story was Gabon's guard deployed in Congo."""
    text = "Gunmen attacked the palace in Kinshasa.\n\nThe Republican Guard was deployed around the palace."
    assert all(force != "Republican Guard (Gabon)" for force, _, _ in deployments(text))


def test_the_subject_of_the_clause_owns_the_troops_of_a_deployment_noun() -> None:
    text = (
        "Libya's government asked for help. "
        "Turkey's parliament approved a bill allowing the deployment of troops to Libya."
    )
    assert deployments(text) == {("Turkish Armed Forces", "libya", "planned")}


@pytest.mark.parametrize(
    "text",
    [
        "Lavrov said that if there are Russian mercenaries in Mali, they came on their own.",
        # "were to", an inverted condition, and the consequence of a condition
        '"If Egypt were to send troops to Sudan, it would be stepping into a war," said Karim Ezzat, a researcher.',
        "Should Moscow pull its instructors out of the Central African Republic, the army would struggle.",
        "If the deal goes ahead, Chinese guards would be stationed in Myanmar, said Aye Moe, a researcher.",
    ],
)
def test_a_force_in_a_condition_is_not_claimed(text: str) -> None:
    assert deployments(text) == set()


def test_a_count_of_the_same_force_elsewhere_is_a_claim_of_its_own() -> None:
    assert deployments("France keeps about 1,500 troops in Niger and roughly 1,000 in Chad.") == {
        ("French Armed Forces", "niger", "reported"),
        ("French Armed Forces", "chad", "reported"),
    }


def test_soldiers_of_a_unit_are_the_force_its_modifiers_name() -> None:
    assert deployments("About 400 soldiers of the French Sabre task force were stationed in Burkina Faso.") == {
        ("French Armed Forces", "burkina-faso", "reported")
    }


def test_a_group_of_soldiers_from_a_state_that_arrived_came_from_elsewhere() -> None:
    text = "Haiti's police chief welcomed them.\nA second group of soldiers from Guatemala arrived here on Saturday."
    assert deployments(text) == {("Guatemalan Armed Forces", "haiti", "reported")}


def test_foreign_fighters_backing_a_side_are_there_and_their_backer_is_no_place() -> None:
    text = (
        "Libya's government asked for help. "
        "The government is backed by Turkey, which has deployed troops and Syrian fighters."
    )
    assert deployments(text) == {
        ("Turkish Armed Forces", "libya", "reported"),
        ("Syrian Armed Forces", "libya", "reported"),
    }


def test_a_force_in_a_description_of_the_speaker_is_the_narrators() -> None:
    text = (
        "Niger's army seized power. "
        "The U.S., which has two drone bases and some 800 troops in the country, condemned the coup."
    )
    reading = extract(article(text, date(2023, 7, 28))).reading
    assert [(d.force, d.host, d.status, d.claimed_by) for d in reading.deployments] == [
        ("united-states-armed-forces", "niger", "reported", ())
    ]


def test_contingents_listed_by_number_and_origin() -> None:
    text = (
        "Haiti's police asked for help. "
        "The mission has 400 soldiers from Kenya, 24 from Jamaica, two from Belize and eight from the Bahamas."
    )
    reading = extract(article(text, date(2024, 1, 15))).reading
    found = {(d.force, d.host, d.size.text if d.size else None) for d in reading.deployments}
    assert found == {
        ("armed-forces-of-kenya", "haiti", "400"),
        ("armed-forces-of-jamaica", "haiti", "24"),
        ("armed-forces-of-belize", "haiti", "two"),
        ("armed-forces-of-the-bahamas", "haiti", "eight"),
    }


def test_joint_senders_each_send_their_own_force_and_police_stay_police() -> None:
    text = (
        "Haiti's police asked for help. "
        "Kenya has sent 400 police officers, while Jamaica and Belize have sent smaller contingents."
    )
    assert deployments(text) == {
        ("Kenyan police", "haiti", "reported"),
        ("Jamaican Armed Forces", "haiti", "reported"),
        ("Belizean Armed Forces", "haiti", "reported"),
    }


def test_the_country_points_back_to_the_state_named_before_it() -> None:
    text = (
        "Mozambique asked for help. "
        "Rwanda trains soldiers in Chad and last year sent hundreds of troops to the country."
    )
    assert ("Rwandan Armed Forces", "chad", "reported") in deployments(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a province, a "city of", a possessor's region, a strip: the place's state hosts the force
        (
            "About 1,000 Rwandan soldiers arrived in Cabo Delgado province on Friday.",
            {("Rwandan Armed Forces", "mozambique", "reported")},
        ),
        ("Russian troops entered the city of Kherson in March.", {("Russian Armed Forces", "ukraine", "reported")}),
        (
            "Ukraine's forces pushed into Russia's Kursk region in August.",
            {("Armed Forces of Ukraine", "russia", "reported")},
        ),
        (
            "Israel withdrew its forces from the Gaza Strip in 2005.",
            {("Israel Defense Forces", "palestine", "withdrawn")},
        ),
        # a withdrawal told as a noun; a force contributed; troops promised
        (
            "The French army completed its withdrawal from Niger in December.",
            {("French Armed Forces", "niger", "withdrawn")},
        ),
        (
            "Nigeria contributed 1,200 troops to the regional standby force in The Gambia.",
            {("Nigerian Armed Forces", "gambia", "reported")},
        ),
        # guards and aircraft are forces; posted, served
        ("Russian border guards are posted in Armenia.", {("Russian Armed Forces", "armenia", "reported")}),
        (
            "Fijian soldiers have served in South Sudan since 2013.",
            {("Republic of Fiji Military Forces", "south-sudan", "reported")},
        ),
        (
            "Australia has stationed two P-8 surveillance aircraft at Clark air base in the Philippines.",
            {("Australian Defence Force", "philippines", "reported")},
        ),
        # a future withdrawal is planned
        (
            "Russia will withdraw its border guards from Armenia's southern frontier by March.",
            {("Russian Armed Forces", "armenia", "planned")},
        ),
        # "Mocímboa da Praia" is a town of Mozambique, not Praia (Cabo Verde)
        (
            "Rwandan soldiers clashed with insurgents near Mocímboa da Praia in Mozambique.",
            {("Rwandan Armed Forces", "mozambique", "reported")},
        ),
        # a military presence stands for the force; a future of staying is a presence now
        (
            "France will maintain a military presence in Niger and Chad, the president said.",
            {("French Armed Forces", "niger", "reported"), ("French Armed Forces", "chad", "reported")},
        ),
        ("Britain has a military presence in Kenya.", {("British Armed Forces", "kenya", "reported")}),
        # a withdrawal is a claim that the force was there, whatever the force is called
        (
            "Tanzania pulled out its last company from Mozambique in April.",
            {("Tanzania People's Defence Force", "mozambique", "withdrawn")},
        ),
    ],
)
def test_places_below_the_state_and_more_words_of_deployment(
    text: str, expected: set[tuple[str, str | None, str]]
) -> None:
    found = deployments(text)
    assert {(host, status) for _, host, status in found} == {(host, status) for _, host, status in expected}
    assert len(found) == len(expected)


def test_troops_promised_are_planned() -> None:
    text = "Haiti asked for help. El Salvador has pledged to send personnel, while Chad and Benin have promised troops."
    assert {(host, status) for _, host, status in deployments(text)} == {("haiti", "planned")}
    assert len(deployments(text)) == 3


def test_the_partner_army_is_the_host_at_home() -> None:
    text = "Burundian troops have been fighting alongside the Congolese army against the rebels."
    found = extract(article(text, date(2024, 1, 15))).reading.deployments
    assert {(d.force, d.host) for d in found} == {("armed-forces-of-burundi", "democratic-republic-of-the-congo")}


def test_a_state_and_a_number_alone_are_a_name_not_a_contingent() -> None:
    """ "Guatemala 150" is a contingent after another number ("400 officers, Guatemala 150"); alone, a state's
    name and a number are an outlet's name ("a report by France 24 said"), and send no troops."""
    assert deployments("Russian mercenaries have arrived in Mali, a report by France 24 said on Monday.") == {
        ("Russian mercenaries", "mali", "reported")
    }
    listed = deployments("Gangs control most of Haiti's capital. Kenya has contributed 400 officers and Guatemala 150.")
    assert listed == {("Kenyan Armed Forces", "haiti", "reported"), ("Guatemalan Armed Forces", "haiti", "reported")}


@pytest.mark.parametrize(
    "text",
    [
        "Kenya has contributed 400 officers, Guatemala 150, Jamaica 24 and Belize eight.",
        "The contingents come from Kenya (400), Guatemala (150), Jamaica (24) and Belize (8).",
        "There are now 400 Kenyans, 150 Guatemalans, 24 Jamaicans and eight Belizeans in the mission.",
        "The mission includes 400 soldiers from Kenya, 150 from Guatemala, 24 from Jamaica and eight from Belize.",
        "The officers from Kenya were joined by 150 soldiers from Guatemala, 24 from Jamaica and 8 from Belize.",
    ],
)
def test_contingents_listed_in_the_shapes_news_gives_them(text: str) -> None:
    reading = extract(article("Gangs control most of Haiti's capital. " + text, date(2024, 1, 15))).reading
    sizes = {d.force: d.size.min if d.size else None for d in reading.deployments}
    assert {d.host for d in reading.deployments} == {"haiti"}
    assert {k: v for k, v in sizes.items() if k != "armed-forces-of-kenya"} == {
        "armed-forces-of-guatemala": 150,
        "armed-forces-of-jamaica": 24,
        "armed-forces-of-belize": 8,
    }
    assert "armed-forces-of-kenya" in sizes


@pytest.mark.parametrize(
    "text",
    [
        "Wagner was sanctioned by the European Union for abuses including torture.",
        "The delegation includes the ministers of Kenya and Jamaica.",
        "Prices rose 24 percent from January, and 12 percent from Kenya's last report.",
    ],
)
def test_composition_verbs_need_a_counted_force(text: str) -> None:
    assert deployments(text) == set()


def test_a_lede_restated_by_a_quote_is_one_claim_and_a_state_fighting_nowhere_named_is_no_deployment() -> None:
    text = (
        (
            "Ruritania said on Friday it will send a thousand troops to Mozambique.\n\n"
            "Mozambique has fought insurgents since 2017.\n\n"
            "\u201cRuritania will today start the deployment of a contingent of its army "
            "to Cabo Delgado Province,\u201d "
            "the Ruritanian government said in a statement."
        )
        .replace("Ruritania", "Rwanda")
        .replace("Ruritanian", "Rwandan")
    )
    found = extract(article(text, date(2024, 1, 12))).reading.deployments  # a Friday
    assert [(d.force, len(d.more)) for d in found] == [("armed-forces-of-rwanda", 1)]


def test_a_claim_restated_in_the_body_stays_two_claims() -> None:
    text = (
        "Freedonia has long relied on foreign help.\n\n"
        "Russian advisers have since arrived in Timbuktu, according to one of the Malian officers.\n\n"
        "However, one of the Malian officers insisted that only Russian military advisers had been deployed in Mali."
    )
    found = extract(article(text, date(2024, 1, 12))).reading.deployments
    assert len([d for d in found if d.force == "russian-armed-forces"]) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the object of "accused … of" sends, and the accuser's claim is an allegation
            "The opposition accused Turkey of deploying troops in Libya.",
            {("Turkish Armed Forces", "libya", "alleged")},
        ),
        (  # "its soldiers" in a clause reported by a subject: the subject's
            "Russia denied that its soldiers were fighting in Ukraine.",
            {("Russian Armed Forces", "ukraine", "denied")},
        ),
        (  # a force helping a government, in its capital
            "Turkish military advisers are helping the government in Tripoli, the spokesman said.",
            {("Turkish Armed Forces", "libya", "reported")},
        ),
        (  # intent is a plan
            "France wants to significantly reduce its military contingent in Mali, the minister said.",
            {("French Armed Forces", "mali", "planned")},
        ),
        (  # an organisation's force, and a decision that is no presence yet
            "Rwanda's deployment follows last month's decision by regional bloc the Southern African "
            "Development Community to send forces to Mozambique.",
            {("Southern African Development Community forces", "mozambique", "planned")},
        ),
        ("NATO has deployed 3,000 troops in Kosovo.", {("NATO forces", "kosovo", "reported")}),
        (  # a request for forces is planned
            "Authorities in Mali asked a private Russian military company to help them fight terrorists.",
            {("private Russian military company", "mali", "planned")},
        ),
    ],
)
def test_accusations_possessors_organisations_and_intent(text: str, expected: set[tuple[str, str | None, str]]) -> None:
    assert deployments(text) == expected


def test_what_a_force_is_says_nothing_of_where_it_is() -> None:
    text = "Freedonia's authorities estimated that their forces were not enough, the minister told reporters in Moscow."
    assert deployments(text) == set()


def test_a_presence_one_party_asserts_and_another_denies_is_alleged() -> None:
    text = (
        "Ruritania denied any deployment of Russian mercenaries in Mali.\n\n"
        "A Western diplomat told reporters that Russian mercenaries were in Mali.\n\n"
        "Russian military advisers have arrived in Mali, the army said."
    )
    found = deployments(text.replace("Ruritania", "Guinea"))
    statuses = {status for _, host, status in found if host == "mali"}
    assert "denied" in statuses and "alleged" in statuses
    assert ("Russian Armed Forces", "mali", "reported") in found  # the advisers nobody denies


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # "no" troops: a denial
            "A defence spokesman said no South African troops had crossed into Lesotho.",
            {("South African Armed Forces", "lesotho", "denied")},
        ),
        (
            "South African and Botswana troops intervened in Lesotho in 1998.",
            {("South African Armed Forces", "lesotho", "reported"), ("Botswanan Armed Forces", "lesotho", "reported")},
        ),
        (  # "South Kivu" is ISO 3166-2's "Sud-Kivu"
            "About 10,000 Burundian troops are deployed in neighbouring South Kivu province.",
            {("Burundian Armed Forces", "democratic-republic-of-the-congo", "reported")},
        ),
        (  # a force of an organisation, and contingents with it, from either apostrophe
            "A stabilisation force of the Economic Community of West African States, based in Bissau since 2022 "
            "with soldiers from Senegal and Côte d'Ivoire, secured the airport.",
            {
                ("Economic Community of West African States forces", "guinea-bissau", "reported"),
                ("Senegalese Armed Forces", "guinea-bissau", "reported"),
                ("Ivorian Armed Forces", "guinea-bissau", "reported"),
            },
        ),
        (  # a company of no nationality, under consideration
            "Ecuador's government is considering hiring a private military company.",
            {("private military company", "ecuador", "considered")},
        ),
        (  # modals and permission are plans
            "Up to 300 US military advisers could be stationed in Guayaquil, the ministry said.",
            {("United States Armed Forces", "ecuador", "planned")},
        ),
        (
            "The assembly voted to allow US troops to operate in Ecuador.",
            {("United States Armed Forces", "ecuador", "planned")},
        ),
        (  # police contingents of officers: one police force per state, not an army as well
            "Fiji and Papua New Guinea are sending police contingents of around 30 officers each to Honiara.",
            {
                ("Fijian police", "solomon-islands", "reported"),
                ("Papua New Guinean police", "solomon-islands", "reported"),
            },
        ),
    ],
)
def test_negation_intervention_provinces_blocs_companies_and_plans(
    text: str, expected: set[tuple[str, str | None, str]]
) -> None:
    assert deployments(text) == expected


def test_a_place_matched_inside_a_longer_name_is_not_that_place() -> None:
    text = (
        "Burundi has pulled its last troops out of Somalia.\n\nEthiopian and Kenyan contingents remain in Lower Juba."
    )
    found = deployments(text)
    assert {(f, h) for f, h, _ in found if "Burundi" not in f} == {
        ("Ethiopian Armed Forces", "somalia"),
        ("Kenyan Armed Forces", "somalia"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a group's name with a force word in it is no force; its enemy's presence is
            "Ugandan soldiers have fought the Allied Democratic Forces in Ituri since 2021.",
            {("Ugandan Armed Forces", "democratic-republic-of-the-congo", "reported")},
        ),
        (  # a panel of experts and a group's fighters are no organisation's force
            "About 10,000 Burundian troops are deployed in South Kivu, according to a report by UN experts.",
            {("Burundian Armed Forces", "democratic-republic-of-the-congo", "reported")},
        ),
        (  # gone home: withdrawn; the mission they served with is no second force
            "Malawi's defence ministry said the last of its 850 peacekeepers with the UN mission in Congo's "
            "North Kivu province had returned home.",
            {("Malawian Armed Forces", "democratic-republic-of-the-congo", "withdrawn")},
        ),
        (  # where police were trained is not where they are
            "Solomon Islands police officers, many of them trained in Brisbane, were on duty in Honiara.",
            set(),
        ),
        ("France will send a frigate to Djibouti.", {("French Armed Forces", "djibouti", "planned")}),  # warships
        (  # "US" as printed, and rotating in
            "About 400 US Marines have rotated into Balabac island in the Philippines' Palawan province.",
            {("United States Armed Forces", "philippines", "reported")},
        ),
    ],
)
def test_named_groups_panels_homecomings_training_and_rotations(
    text: str, expected: set[tuple[str, str | None, str]]
) -> None:
    assert deployments(text) == expected


def test_a_relative_clause_after_a_list_is_about_its_last_member() -> None:
    text = "Niger is a key ally for Europe and the U.S., which has two drone bases and some 800 troops in the country."
    assert deployments(text) == {("United States Armed Forces", "niger", "reported")}


def test_the_neighbour_across_a_border_is_not_where_the_force_is() -> None:
    text = (
        "Russia keeps troops in Armenia.\n\n"
        "About 600 Russian border guards are posted along the frontier with Iran, the ministry said."
    )
    assert {host for _, host, _ in deployments(text)} == {"armenia"}


def test_the_mission_a_force_serves_in_is_no_force_of_its_own() -> None:
    text = "Ethiopia has thousands of soldiers in Somalia, both in the outgoing AU mission and under bilateral deals."
    assert deployments(text) == {("Ethiopian Armed Forces", "somalia", "reported")}


def test_a_force_in_a_place_is_there_whatever_the_sentence_says_of_it() -> None:
    text = "Russian peacekeepers in Moldova are a guarantee of stability."
    assert {(host, status) for _, host, status in deployments(text)} == {("moldova", "reported")}


def test_a_withdrawal_that_dates_another_event_is_no_claim_of_its_own() -> None:
    text = "Russian advisers have arrived in Timbuktu in Mali since the French left on December 14."
    assert {label for label, _, _ in deployments(text)} == {"Russian Armed Forces"}


def test_the_trainers_of_a_force_are_where_they_train_it() -> None:
    text = "Uganda sent troops to Mozambique. Mozambican recruits have been trained by Ugandan instructors in Uganda."
    assert {(host, status) for _, host, status in deployments(text)} == {("mozambique", "reported")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "our" soldiers are the speaker's state's; military trades are a force
        (
            '"Our soldiers have served with honour in South Sudan since 2013," the Fijian army chief said.',
            {("Republic of Fiji Military Forces", "south-sudan", "reported")},
        ),
        (
            "Fiji's cabinet approved sending up to 60 military engineers to Vanuatu.",
            {("Republic of Fiji Military Forces", "vanuatu", "planned")},
        ),
        # a place named as a state's region is in that state
        (
            "Fijian troops also serve with the observer force in Egypt's Sinai peninsula.",
            {("Republic of Fiji Military Forces", "egypt", "reported")},
        ),
    ],
)
def test_owners_trades_and_regions(text: str, expected: set[tuple[str, str | None, str]]) -> None:
    assert {(host, status) for _, host, status in deployments(text)} == {(host, status) for _, host, status in expected}


def test_a_service_with_no_name_is_no_organisation_with_a_force() -> None:
    text = "Fiji has troops in Iraq. Fiji's military says overseas service keeps soldiers professional and busy."
    assert {label for label, _, _ in deployments(text)} <= {"Republic of Fiji Military Forces", "Fijian Armed Forces"}


def test_the_bloc_is_the_organisation_named_last() -> None:
    text = (
        "The Southern African Development Community kept a standby force in Lesotho until 2018.\n\n"
        "Diplomats said the bloc could consider sending the force back."
    )
    reading = extract(article(text, date(2024, 1, 15))).reading
    labels = {a.key: a.label for a in reading.actors}
    assert "bloc" not in {label.lower() for label in labels.values()}


def test_a_base_closed_is_its_force_withdrawn() -> None:
    assert deployments("France will close its last base in Chad by January.") == {
        ("French Armed Forces", "chad", "planned")
    }
    assert deployments("The shop in Chad was closed by French soldiers.") == set()
    assert deployments("Washington closed its air base at Manta in Ecuador in 2009.") == {
        ("United States Armed Forces", "ecuador", "withdrawn")
    }


def test_craft_of_war_are_a_force_and_cargo_ships_are_not() -> None:
    assert deployments("Portugal sent a navy patrol vessel to Guinea-Bissau on Monday.") == {
        ("Portuguese Armed Forces", "guinea-bissau", "reported")
    }
    assert deployments("A Greek cargo ship arrived in Libya.") == set()


def test_tanks_and_military_vehicles_of_a_named_state_are_a_force() -> None:
    assert deployments("In 1970 Syrian tanks crossed into northern Jordan.") == {
        ("Syrian Armed Forces", "jordan", "reported")
    }
    assert deployments("Residents of Baturaja in Indonesia said American military trucks rolled through the town.") == {
        ("United States Armed Forces", "indonesia", "reported")
    }
    assert deployments("In April 1992 the president of Peru sent tanks into the streets of Lima.") == set()
    assert deployments("A Brazilian think tank said Chinese investment in Uruguay had grown.") == set()


def test_a_state_moves_its_own_troops_from_one_place_to_another_and_a_count_of_them_is_that_force() -> None:
    assert deployments("Russia has moved troops from Syria to Libya. Several hundred of them arrived last month.") == {
        ("Russian Armed Forces", "libya", "reported")
    }
    # a count set off by commas describes the force, it moves nothing of its own
    assert deployments("Several hundred ECOWAS soldiers, most of them Senegalese, remain in The Gambia.") == {
        ("ECOWAS forces", "gambia", "reported")
    }


def test_a_state_made_to_invade_the_story_s_island_is_there() -> None:
    assert deployments(
        "Cyprus was divided in 1974. Cyprus has a history. A Greek-backed coup prompted Turkey to invade the island."
    ) == {("Turkish Armed Forces", "cyprus", "reported")}


def test_a_force_placed_in_a_named_place_is_there_whatever_it_does() -> None:
    assert deployments("Italian paratroopers were dropping onto the Alentejo plains in Portugal.") == {
        ("Italian Armed Forces", "portugal", "reported")
    }


def test_teams_crews_and_trades_of_a_service_and_the_noun_that_points_back_to_them() -> None:
    assert deployments(
        "Argentina is calm. A team of about 30 U.S. Navy construction engineers arrived in Ushuaia."
    ) == {("United States Armed Forces", "argentina", "reported")}
    assert deployments("Angola is calm. A U.S. Navy training team has been working in Lobito since September.") == {
        ("United States Armed Forces", "angola", "reported")
    }
    assert deployments(
        "Portugal is calm. Four U.S. Air Force tanker aircraft landed at Lajes on Monday. The tankers would leave "
        "in early November."
    ) == {("United States Armed Forces", "portugal", "reported"), ("United States Armed Forces", "portugal", "planned")}


def test_a_force_a_parliament_lets_in_is_planned() -> None:
    assert deployments(
        "Uruguay's Senate approved a bill allowing some 420 foreign military personnel into the country."
    ) == {("foreign military personnel", "uruguay", "planned")}


def test_a_leaving_demanded_is_planned() -> None:
    assert deployments("Armenia said Russian troops must leave the country by August 1.") == {
        ("Russian Armed Forces", "armenia", "planned")
    }
    assert deployments("Armenia demanded that Russian troops leave Armenia.") == {
        ("Russian Armed Forces", "armenia", "planned")
    }


def test_a_force_that_staffs_a_post_is_there() -> None:
    assert deployments("Russian border guards have staffed the checkpoint at the airport in Armenia since 1992.") == {
        ("Russian Armed Forces", "armenia", "reported")
    }


def test_the_contingent_that_returns_home_is_the_story_s_last_force() -> None:
    text = (
        "About 150 Australian soldiers arrived in Fiji on Sunday.\n\n"
        "A defence spokesman said the contingent would begin returning home within two weeks."
    )
    assert deployments(text) == {
        ("Australian Armed Forces", "fiji", "reported"),
        ("Australian Armed Forces", "fiji", "planned"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Congo" is the Congo the article names in full elsewhere
        (
            "Rwanda has 3,000 soldiers in eastern Congo. The Democratic Republic of Congo denies it.",
            {("Rwandan Armed Forces", "democratic-republic-of-the-congo", "reported")},
        ),
        (
            "Chad has 300 soldiers in Congo, whose capital Brazzaville hosts the talks.",
            {("Chadian Armed Forces", "republic-of-the-congo", "reported")},
        ),
        # one force per state of a list of demonyms, whichever of them the gazetteer names as an army
        (
            "South African, Malawian and Tanzanian troops began pulling out of Mozambique in April.",
            {
                ("South African Armed Forces", "mozambique", "withdrawn"),
                ("Malawian Armed Forces", "mozambique", "withdrawn"),
                ("Tanzanian Armed Forces", "mozambique", "withdrawn"),
            },
        ),
        # a force named as the one that is not there
        (
            "Moscow has sent military instructors to Mali through the Africa Corps rather than the Wagner Group.",
            {("Russian Armed Forces", "mali", "reported"), ("Africa Corps", "mali", "reported")},
        ),
        # flown in, aircraft of war
        (
            "In March 2019, Moscow flew about 100 military personnel into Venezuela on two air force planes.",
            {("Russian Armed Forces", "venezuela", "reported")},
        ),
    ],
)
def test_congo_lists_of_demonyms_forces_set_aside_and_flown_in(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert deployments(text) == expected


def test_a_congo_the_article_does_not_settle_is_no_state() -> None:
    assert deployments("Rwanda has 3,000 soldiers in Congo.") == set()


def test_a_counted_part_of_the_story_s_force_that_rotates_home_is_a_planned_withdrawal() -> None:
    text = (
        "Burundi has 6,000 troops in the Democratic Republic of Congo.\n\n"
        "A Burundian colonel said two battalions would rotate home by the end of the year."
    )
    assert ("Burundian Armed Forces", "democratic-republic-of-the-congo", "planned") in deployments(text)


def test_a_force_the_gazetteer_does_not_know_may_be_where_troops_are_moved() -> None:
    text = (
        "Ghana and Lebanon.\n\nThe army dismissed as baseless claims that the battalion would be moved to the U.N. "
        "force on the Golan Heights once the Lebanon mission ends."
    )
    reading = extract(article(text, date(2025, 11, 11))).reading  # read without failing
    assert all(d.host != d.sending_state for d in reading.deployments if d.host)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a state's base stands for its force; "there is no … base" denies it
        (
            '"There will be no American base in Thailand," the spokesman said.',
            {("United States Armed Forces", "thailand", "denied")},
        ),
        (
            "Tajikistan already hosts Russia's 201st military base, with some 7,000 troops.",
            {("Russian Armed Forces", "tajikistan", "reported")},
        ),
        # "not a single" soldier is a denial
        (
            '"There is not a single Hungarian soldier in Chad today," the minister said.',
            {("Hungarian Armed Forces", "chad", "denied")},
        ),
        # the subject of "host" is where the force is
        (
            "Australia, which hosts up to 2,500 US Marines each year on rotation, declined to comment.",
            {("United States Armed Forces", "australia", "reported")},
        ),
        # a force denied with no state named is a force of its own, named as the text names it
        (
            '"No foreign security personnel are deployed on Pakistani soil," the spokesman said.',
            {("foreign security personnel", "pakistan", "denied")},
        ),
        # a state's presence of no civil kind is its force
        ("Paris also retains a reduced presence in Gabon.", {("French Armed Forces", "gabon", "reported")}),
        # a plural demonym said to be somewhere is that state's force
        (
            "Mozambique's army retook Palma. More than 2,000 Rwandans were deployed in Cabo Delgado province.",
            {("Rwandan Armed Forces", "mozambique", "reported")},
        ),
    ],
)
def test_bases_denials_hosts_presences_and_nationals(text: str, expected: set[tuple[str, str | None, str]]) -> None:
    assert {(host, status) for _, host, status in deployments(text)} == {(host, status) for _, host, status in expected}
    assert {label.split()[0] for label, _, _ in deployments(text)} == {label.split()[0] for label, _, _ in expected}


@pytest.mark.parametrize(
    "text",
    [
        "Police said the suspect took refuge at the French base.",  # a base no sentence places
        "China's economic presence in Africa has grown.",  # a presence of a civil kind
        "Russians voted in large numbers in Armenia, the commission said.",  # nationals doing no military thing
        "Foreign investors have returned to Mali.",  # a foreign noun that is no force
        "At a ceremony in Abidjan, the camp was handed to the Ivorian armed forces.",  # the recipient of a handover
        "In Caracas, the Cubans offered the president a loyalty he could check.",  # nationals doing no military thing
        # indirect questions claim nothing
        "The government of Equatorial Guinea did not say how many Russians were in the country.",
        "Russia's Defence Ministry did not say where the troops withdrawn from Armenia had been sent.",
    ],
)
def test_no_deployment_in_bases_presences_and_nationals_of_another_kind(text: str) -> None:
    assert deployments(text) == set()


def test_the_rest_of_the_story_s_force_follows_and_leaving_for_a_place_is_going_there() -> None:
    text = (
        "A first group of 200 Ghanaian soldiers left for southern Lebanon on Monday.\n\n"
        "The rest of the 870-strong battalion will follow before the end of the month, the army said."
    )
    assert deployments(text) == {
        ("Ghanaian Armed Forces", "lebanon", "reported"),
        ("Ghanaian Armed Forces", "lebanon", "planned"),
    }


def test_a_state_a_force_leaves_is_where_it_was() -> None:
    text = (
        "French forces left Chad at the end of January, and France is negotiating the closure of its bases in Senegal."
    )
    assert ("French Armed Forces", "chad", "withdrawn") in deployments(text)


def test_warships_that_call_at_a_port_are_there() -> None:
    text = (
        "The Seychelles coast guard patrols the islands. Indian and French warships still call at Victoria, "
        "Seychelles, several times a year."
    )
    assert {(host, status) for _, host, status in deployments(text)} == {("seychelles", "reported")}
    assert len(deployments(text)) == 2
    assert deployments("The Seychelles minister called at the embassy of India on Monday.") == set()


def test_a_force_in_a_speaker_s_title_is_no_presence() -> None:
    text = (
        "The Seychelles and India signed a pact. “Our cooperation is about the sea,” said Major Ali Kane, "
        "a spokesman for the Indian Navy."
    )
    assert deployments(text) == set()
    # a place in the title's phrase makes it a presence again
    assert ("Indian Armed Forces", "seychelles", "reported") in deployments(
        "“We patrol every day,” said Major Ali Kane, commander of the Indian troops in Seychelles."
    )


def test_where_a_force_sails_next_is_not_where_a_later_sentence_s_force_is() -> None:
    text = (
        "Two Indian warships arrived in Seychelles on Monday before sailing on Friday for Mauritius. "
        "Every time an Indian warship comes in, people ask questions, a lawyer said."
    )
    assert ("Indian Armed Forces", "mauritius", "reported") not in deployments(text)
    assert ("Indian Armed Forces", "seychelles", "reported") in deployments(text)


def test_a_force_operating_from_a_place_is_there() -> None:
    assert deployments("Honduras spoke. About 200 U.S. Marines flew counter-narcotics missions from Guatemala.") == {
        ("United States Armed Forces", "guatemala", "reported")
    }
    # soldiers from a state still come from it
    assert deployments("Chad spoke. French soldiers from Chad arrived in Niger on Monday.") == {
        ("French Armed Forces", "niger", "reported")
    }


def test_a_state_that_lands_troops_sends_them() -> None:
    assert deployments(
        "Cyprus marked the anniversary. Five days later Turkey landed troops on the northern coast."
    ) == {("Turkish Armed Forces", "cyprus", "reported")}


@pytest.mark.parametrize(
    "text",
    [
        "Cyprus marked the anniversary. Will the Turkish bases and the garrison in the north still be there in "
        "fifty years?",
        "Vanuatu marked the anniversary. The Papua New Guineans came as friends and went home.",
    ],
)
def test_questions_claim_nothing_and_a_demonym_of_several_words_is_one_state(text: str) -> None:
    assert deployments(text) == set()


def test_the_instructors_point_back_to_the_last_force_so_named() -> None:
    text = (
        "About 40 U.S. Army instructors arrived at the Poptún base in Guatemala on Thursday, days before a "
        "Guatemalan contingent is due to leave for Haiti. He said the instructors would leave in September."
    )
    assert ("United States Armed Forces", "guatemala", "planned") in deployments(text)
    assert not any(
        status == "planned" and host == "guatemala" and "Guatemalan" in force
        for force, host, status in deployments(text)
    )


def test_a_decision_not_yet_taken_is_considered_and_a_topic_is_no_claim() -> None:
    assert deployments("Chad spoke. France is weighing whether to send 300 troops to Chad.") == {
        ("French Armed Forces", "chad", "considered")
    }
    text = "Paraguay spoke. The airbase has been at the centre of every argument about American soldiers in Paraguay."
    assert deployments(text) == set()


def test_drones_are_a_force_and_a_drone_strike_is_none() -> None:
    text = "Guatemala spoke. Protesters claimed that U.S. surveillance drones had been flying over Guatemala since May."
    assert deployments(text) == {("United States Armed Forces", "guatemala", "alleged")}
    assert deployments("Syria spoke. A Turkish drone strike killed three fighters near Qamishli, Syria.") == set()


def test_a_state_of_the_past_has_its_own_force_and_not_leaving_until_a_date_is_leaving() -> None:
    found = deployments(
        "British and Soviet troops invaded Iran in August 1941. Soviet forces did not leave the north until May 1946."
    )
    assert {("Soviet Armed Forces", "iran", "reported"), ("Soviet Armed Forces", "iran", "withdrawn")} <= found
    assert not any(force.startswith("Russian") or status == "denied" for force, _, status in found)


def test_a_service_named_alone_or_owning_its_ships_is_its_state_s_force() -> None:
    assert deployments("Uruguay spoke. Two Royal Air Force planes had landed at Montevideo this year.") == {
        ("British Armed Forces", "uruguay", "reported")
    }
    text = "Spain spoke. The US Navy's destroyers at Rota, near Cádiz, are part of NATO's missile defence."
    assert deployments(text) == {("United States Armed Forces", "spain", "reported")}


def test_a_force_named_again_as_the_doer_of_another_event_is_a_record_of_its_own() -> None:
    text = (
        "South Sudan spoke. Uganda's army said on Monday that its troops would stay in South Sudan, nine months "
        "after Ugandan special forces flew into Juba in March."
    )
    found = extract(article(text, date(2024, 1, 15))).reading.deployments
    assert len([d for d in found if d.force == "armed-forces-of-uganda"]) == 2
    # a pronoun or a bare noun restating the force adds nothing
    text = "Mali spoke. French troops arrived in Gao in 2013, and the troops stayed until 2022."
    found = extract(article(text, date(2024, 1, 15))).reading.deployments
    assert len([d for d in found if d.force == "french-armed-forces" and d.status == "reported"]) == 1


def test_a_place_s_own_phrase_names_its_state_and_a_span_of_time_counts_no_troops() -> None:
    text = (
        "About 750 Italian soldiers have completed their deployment to the Novo Selo training area in eastern Bulgaria."
    )
    assert deployments(text) == {("Italian Armed Forces", "bulgaria", "reported")}
    found = extract(
        article("Bulgaria spoke. 300 Greek troops will serve for six months at Novo Selo.", date(2024, 1, 15))
    )
    assert [d.size.text for d in found.reading.deployments if d.size is not None] == ["300"]


def test_the_state_that_modifies_a_force_s_compound_owns_the_force() -> None:
    text = (
        "Trinidad and Tobago spoke. Opposition lawmakers claimed that hundreds of American special forces "
        "soldiers were already stationed on the island."
    )
    assert deployments(text) == {("United States Armed Forces", "trinidad-and-tobago", "alleged")}


def test_a_state_s_base_placed_in_a_named_place_is_its_force_there() -> None:
    text = (
        "Somalia spoke. Turkey opened its largest overseas military training facility, known as TURKSOM, "
        "in Mogadishu in 2017."
    )
    assert ("Turkish Armed Forces", "somalia", "reported") in deployments(text)
    assert deployments("Somalia spoke. The soldiers took refuge at the Kenyan base.") == set()


def test_they_who_leave_or_go_home_are_the_story_s_last_force() -> None:
    found = deployments("Egypt sent 300 troops to Sudan in April 2023. They were flown home within a week.")
    assert ("Egyptian Armed Forces", "sudan", "withdrawn") in found
    text = 'Egypt sent 300 troops to Sudan in April 2023. "They came for the gold," a farmer said.'
    assert deployments(text) == {("Egyptian Armed Forces", "sudan", "reported")}


def test_a_contingent_whose_state_a_relative_names_and_a_force_that_is_to_leave() -> None:
    text = "Lebanon spoke. Italy, whose contingent of about 1,000 soldiers is among the largest, wants it to stay."
    assert {force for force, _, _ in deployments(text)} == {"Italian Armed Forces"}
    text = "UNIFIL has served since 1978. UNIFIL's 10,000 peacekeepers are to withdraw from Lebanon within a year."
    assert ("United Nations Interim Force in Lebanon", "lebanon", "planned") in deployments(text)


def test_an_operation_s_acronym_in_apposition_is_part_of_how_the_text_names_it() -> None:
    text = "South Sudan spoke. The U.N. mission, UNMISS, has about 13,000 troops in South Sudan."
    found = extract(article(text, date(2024, 1, 15))).reading.deployments
    assert [d.named for d in found if d.force == "unmiss"] == ["U.N. mission UNMISS"]


def _named_forces(text: str) -> set[tuple[str, str | None, str, str]]:
    reading = extract(article(text, date(2024, 1, 15))).reading
    labels = {a.key: a.label for a in reading.actors}
    return {(labels.get(d.force, d.force), d.host, d.status, d.named) for d in reading.deployments}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a formation a number names is the force of the state its name gives, else of the story's last force
        (
            "The U.S. Navy's Sixth Fleet is based in Naples, Italy.",
            {("United States Armed Forces", "italy", "reported", "Sixth Fleet")},
        ),
        (
            "Some 12,000 US service members serve in Italy. The 31st Fighter Wing flies F-16s at Aviano air base.",
            {
                ("United States Armed Forces", "italy", "reported", "12,000 US service members"),
                ("United States Armed Forces", "italy", "reported", "31st Fighter Wing"),
            },
        ),
        # not a formation that only names a speaker
        (
            "Some 9,000 American military personnel are based in Bahrain. British sailors arrived in Manama last "
            "week, a Fifth Fleet spokeswoman said.",
            {
                ("United States Armed Forces", "bahrain", "reported", "9,000 American military personnel"),
                ("British Armed Forces", "bahrain", "reported", "British sailors"),
            },
        ),
        # nor a wing or a division that no number names
        (
            "Some 12,000 US service members serve in Italy. The armed wing of the party is based in Naples.",
            {
                ("United States Armed Forces", "italy", "reported", "12,000 US service members"),
            },
        ),
    ],
)
def test_a_numbered_formation_is_a_force(text: str, expected: set[tuple[str, str | None, str, str]]) -> None:
    assert _named_forces(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "American personnel travel to Albania regularly for training and exercises.",
            {("United States Armed Forces", "albania", "reported")},
        ),
        ("The minister will travel to Paris next week.", set()),
        # "allied", like "foreign", makes a force of no state the text names
        ("There are no allied combat units in Narva, Estonia.", {("allied combat units", "estonia", "denied")}),
    ],
)
def test_forces_that_travel_and_allied_forces(text: str, expected: set[tuple[str, str | None, str]]) -> None:
    assert deployments(text) == expected


def test_they_leaving_in_a_clause_coordinated_with_forces_arriving_are_those_forces_withdrawn() -> None:
    text = "Senegalese and Guinean troops entered Guinea-Bissau in June 1998, and they pulled out early the next year."
    assert deployments(text) == {
        ("Senegalese Armed Forces", "guinea-bissau", "reported"),
        ("Guinean Armed Forces", "guinea-bissau", "reported"),
        ("Senegalese Armed Forces", "guinea-bissau", "withdrawn"),
        ("Guinean Armed Forces", "guinea-bissau", "withdrawn"),
    }
    assert deployments("French troops arrived in Mali in 2013, and they say the army is weak.") == {
        ("French Armed Forces", "mali", "reported")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the service may modify the kind's word, as the parse hangs it
        (
            "Mexico's Senate on Thursday authorised 18 US Army special forces soldiers to enter the country.",
            {("United States Armed Forces", "mexico", "planned")},
        ),
        # a formation a state's people name
        (
            "Finland hosts allies. In April 1918, the German Baltic Sea Division landed in Finland.",
            {("German Armed Forces", "finland", "reported")},
        ),
        # the men of a navy, taking a port
        (
            "In April 1914, US sailors occupied the port of Veracruz.",
            {("United States Armed Forces", "mexico", "reported")},
        ),
        # armed boats of a lake
        (
            "Tanzanian gunboats have been seen on Lake Malawi near Karonga, Malawi.",
            {("Tanzanian Armed Forces", "malawi", "reported")},
        ),
        # a force that joins another for an exercise
        (
            "In July 2024, Chinese soldiers joined Belarusian special forces for a counter-terrorism exercise near "
            "Brest.",
            {("Chinese Armed Forces", "belarus", "reported")},
        ),
        # a base a state keeps
        (
            "After the Second World War, the Soviet Union kept a naval base in Finland.",
            {("Soviet Armed Forces", "finland", "reported")},
        ),
    ],
)
def test_forces_of_services_formations_and_bases_a_state_keeps(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert deployments(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a ship a navy's prefix names is that state's force
        (
            "Tonga welcomed help. The grey hull of HMNZS Canterbury was still tying up at Vuna Wharf in Nuku'alofa.",
            {("New Zealand Armed Forces", "tonga", "reported")},
        ),
        ("HMAS Adelaide docked at Nuku'alofa in January.", {("Australian Armed Forces", "tonga", "reported")}),
        # a place's name the tagger took for something else, after "at"
        ("Russian submarines call at Tromsø for supplies.", {("Russian Armed Forces", "norway", "reported")}),
        # the story's own state's army is not where another's force was last told
        (
            "Eswatini hosts Taiwanese instructors in Mbabane. For a small kingdom that has never sent its army to "
            "war, Eswatini has seen a surprising number of foreign soldiers come and go.",
            {("Taiwanese Armed Forces", "eswatini", "reported")},
        ),
    ],
)
def test_ships_by_their_prefix_and_places_the_tagger_missed(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert deployments(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # batteries of missiles or guns are a force; a battery of no weapon is none
        (
            "A fresh U.S. Army Patriot missile battery has arrived at an air base south of Riyadh.",
            {("United States Armed Forces", "saudi-arabia", "reported")},
        ),
        ("Tonga opened a battery factory in Nuku'alofa in March.", set()),
        # contingents joined are other foreign forces, not the host's army; a relation is no place
        (
            "Slovakia hosts the battlegroup. About 400 Czech soldiers arrived over the weekend, joining smaller "
            "German, Slovenian and American contingents.",
            {
                ("Czech Armed Forces", "slovakia", "reported"),
                ("German Armed Forces", "slovakia", "reported"),
                ("Slovenian Armed Forces", "slovakia", "reported"),
                ("United States Armed Forces", "slovakia", "reported"),
            },
        ),
        # "the kingdom" is the kingdom the story names, however often it names a republic
        (
            "The United States and Saudi Arabia signed a pact. The United States will sell jets, and the United "
            "States will train pilots. More than half a million American troops poured into the kingdom after Iraq "
            "invaded Kuwait in August 1990. U.S. troops returned to the base in 2019 amid tensions with Iran.",
            {
                ("United States Armed Forces", "saudi-arabia", "reported"),
                ("Iraqi Armed Forces", "kuwait", "reported"),
            },
        ),
        # a force ruled out is denied; "set up" plans nothing
        (
            "The government of Slovakia has ruled out sending Slovak troops to Ukraine.",
            {("Slovak Armed Forces", "ukraine", "denied")},
        ),
        # a denial and a claim of the same force in one sentence are two records
        (
            "Pakistan's army said no Pakistani unit had been sent to the frontier and that Pakistani "
            "personnel in Saudi Arabia were there purely for training.",
            {
                ("Pakistani Armed Forces", "saudi-arabia", "denied"),
                ("Pakistani Armed Forces", "saudi-arabia", "reported"),
            },
        ),
        # a participle on the force places it, whatever the parse makes the sentence's verb
        (
            "Botswana keeps a small army. Nearly 300 Botswana soldiers deployed to Mozambique's Cabo "
            "Delgado province in July 2021.",
            {("Botswanan Armed Forces", "mozambique", "reported")},
        ),
        # a people leaving is their force leaving, once the story has told it abroad
        (
            "US aircraft operated from the airbase at Jacobabad in Pakistan. The Americans left Jacobabad in 2011.",
            {
                ("United States Armed Forces", "pakistan", "reported"),
                ("United States Armed Forces", "pakistan", "withdrawn"),
            },
        ),
        ("Thousands of Russians left Kazakhstan in 2022.", set()),
        # weapons fired are no force; forces that bound a zone are not where another is
        (
            "Israel is tense. In April, American warplanes helped shoot down Iranian drones and missiles fired at "
            "Israel.",
            {("United States Armed Forces", "israel", "reported")},
        ),
        (
            "Israel is tense. Austrian peacekeepers have patrolled the buffer zone between Israeli and Syrian "
            "forces since 1974.",
            {("Austrian Armed Forces", "israel", "reported")},
        ),
        # peacekeepers of no nationality serve with the operation their verb names
        (
            "Lebanon is tense. Some 10,000 peacekeepers serve with UNIFIL in southern Lebanon.",
            {("United Nations Interim Force in Lebanon", "lebanon", "reported")},
        ),
        # soldiers and police: the army and the police
        (
            "Mozambique is tense. Rwanda deployed 1,000 soldiers and police to Cabo Delgado in July 2021.",
            {("Rwandan Armed Forces", "mozambique", "reported"), ("Rwandan police", "mozambique", "reported")},
        ),
        # a force rotated into a state
        (
            "Poland is tense. Washington will rotate an armoured brigade to Poland next year.",
            {("United States Armed Forces", "poland", "planned")},
        ),
        # a unit named by its turn
        (
            "Malaysia is calm. A new Australian rotation arrived at Butterworth in late September.",
            {("Australian Armed Forces", "malaysia", "reported")},
        ),
    ],
)
def test_batteries_contingents_kingdoms_and_forces_ruled_out(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert deployments(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "it" opening a sentence: the state the sentence before was about, as a subject of one of its clauses
        (
            "The spat comes as Denmark stretches a small military thin. It keeps a battalion of roughly 700 soldiers "
            "in Latvia.",
            {("Danish Armed Forces", "latvia", "reported")},
        ),
        # an operation a state's name owns is its force
        (
            "Rwanda is calm. France's roughly 2,500-strong Opération Turquoise entered southwestern Rwanda in June "
            "1994.",
            {("French Armed Forces", "rwanda", "reported")},
        ),
        # a force brought home (its "from" is where it was, not whose it is); platoons; a state's airfield abroad
        (
            "Lebanon is tense. Ireland will bring home 130 troops from Lebanon.",
            {("Irish Armed Forces", "lebanon", "planned")},
        ),
        (
            "Suriname is tense. Guyana sent two platoons to Camp Jaguar in Suriname.",
            {("Guyanese Armed Forces", "suriname", "reported")},
        ),
        (
            "Kiribati is calm. Kiribati hosted an American airfield during the war.",
            {("United States Armed Forces", "kiribati", "reported")},
        ),
        # "we" in a quote: the state of the unnamed speaker's description
        (
            'Lebanon is calm. "We have 330 soldiers in south Lebanon," Ireland\'s defence minister said.',
            {("Irish Armed Forces", "lebanon", "reported")},
        ),
    ],
)
def test_it_for_the_state_before_operations_brought_home_platoons_and_airfields(
    text: str, expected: set[tuple[str, str, str]]
) -> None:
    assert deployments(text) == expected
