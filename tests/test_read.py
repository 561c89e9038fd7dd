"""kg.read: article files → Article, and a clear refusal for every kind of bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.errors import ArticleError
from kg.read import article_id, looks_like_headline, read_article

from .conftest import SEED_TXT


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_seed_article_reads_with_its_sidecar() -> None:
    article = read_article(SEED_TXT)
    meta = json.loads(SEED_TXT.with_suffix(".json").read_text(encoding="utf-8"))
    assert article.title == meta["title"]
    assert article.url == meta["url"]
    assert article.publisher == "Axadle Times"
    assert article.agency == "Agence France-Presse (AFP)"
    assert article.published == date(2022, 1, 7)
    assert article.text.startswith("Russian military advisers have arrived in Mali in recent weeks")
    assert not article.text.startswith(meta["title"]), "the title line must not be part of the story text"
    assert article.id == article_id(meta["url"], article.text) == "0857b560a55040cf"


def test_id_is_stable_for_a_new_version_of_the_same_url(tmp_path: Path) -> None:
    sidecar = {"title": "T", "url": "https://example.com/a"}
    write(tmp_path / "a.json", json.dumps(sidecar))
    first = read_article(write(tmp_path / "a.txt", "T\n\nFirst version."))
    second = read_article(write(tmp_path / "a.txt", "T\n\nSecond version, corrected."))
    assert first.id == second.id
    assert first.text != second.text


def test_sidecar_with_null_title_keeps_the_first_line_as_story(tmp_path: Path) -> None:
    write(tmp_path / "a.json", json.dumps({"title": None, "published": "2022-01-24"}))
    article = read_article(
        write(tmp_path / "a.txt", "LOME, March 3. /KGA/. Soldiers surrounded the palace.\n\nMore.\n")
    )
    assert article.title is None
    assert article.text.startswith("LOME, March 3.")


def test_txt_without_sidecar_takes_the_first_line_as_title(tmp_path: Path) -> None:
    article = read_article(write(tmp_path / "a.txt", "The headline\r\n\r\nThe story.\r\n"))
    assert article.title == "The headline"
    assert article.text == "The story."
    assert article.url is None and article.published is None
    assert article.id == article_id(None, "The story.")


def test_json_article(tmp_path: Path) -> None:
    doc = {"title": "T", "text": "Body one.\n\nBody two.", "published": "2023-08-31", "language": "en"}
    article = read_article(write(tmp_path / "a.json", json.dumps(doc)))
    assert (article.title, article.text, article.published) == ("T", "Body one.\n\nBody two.", date(2023, 8, 31))


def test_html_article_drops_site_chrome(tmp_path: Path) -> None:
    story = " ".join(["Soldiers seized power in the capital on Wednesday, state television said."] * 4)
    page = f"""<html><head><title>Coup in Gabon</title></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a> Subscribe now</nav>
    <article><h1>Coup in Gabon</h1><p>{story}</p><p>The African Union condemned the takeover.</p></article>
    <footer>Cookie policy. All rights reserved.</footer></body></html>"""
    article = read_article(write(tmp_path / "a.html", page))
    assert "Soldiers seized power" in article.text
    assert "African Union condemned" in article.text
    assert "Cookie policy" not in article.text and "Subscribe now" not in article.text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", "", "is empty"),
        ("blank.txt", "  \n\n ", "is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("latin1.txt", "Title\n\nCaf\xe9 in Bamako.".encode("latin-1"), "not UTF-8"),
        ("nostory.html", "<html><body><nav>Home</nav></body></html>", "no story text"),
        ("list.json", "[1, 2]", "JSON object"),
        ("broken.json", '{"text": "a",', "not valid JSON"),
        ("notext.json", '{"title": "T"}', "'text'"),
        ("file.pdf", "x", "not an article file"),
    ],
)
def test_bad_article_files_are_refused_with_a_reason(
    tmp_path: Path, name: str, content: str | bytes, reason: str
) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(ArticleError) as caught:
        read_article(path)
    message = str(caught.value)
    assert str(path) in message, f"the message must name the file: {message}"
    assert reason in message, f"expected {reason!r} in {message!r}"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "nowhere.txt")


def test_oversized_file(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "Title\n\n" + "Word " * 400)
    with pytest.raises(ArticleError, match="over the"):
        read_article(path, max_bytes=1000)


@pytest.mark.parametrize(
    ("sidecar", "field", "reason"),
    [
        ('{"published": "2022-02-30"}', "published", "real date"),
        ('{"published": 20220107}', "published", "string or null"),
        ('{"url": "not a url"}', "url", "absolute http"),
        ('{"url": "ftp://example.com/x"}', "url", "absolute http"),
        ('{"language": "English language"}', "language", "language tag"),
        ('{"title": ["a"]}', "title", "string or null"),
        ("{not json", None, "not valid JSON"),
        ('"a string"', None, "JSON object"),
    ],
)
def test_malformed_sidecar_names_the_sidecar_and_field(
    tmp_path: Path, sidecar: str, field: str | None, reason: str
) -> None:
    write(tmp_path / "a.txt", "Title\n\nStory.")
    write(tmp_path / "a.json", sidecar)
    with pytest.raises(ArticleError) as caught:
        read_article(tmp_path / "a.txt")
    assert caught.value.path == tmp_path / "a.json"
    assert caught.value.field == field
    assert reason in str(caught.value)


def test_a_lede_on_line_one_is_story_even_without_a_sidecar(tmp_path: Path) -> None:
    """Regression: line 1 was always taken as a title, so a text with none lost its lede."""
    article = read_article(
        write(tmp_path / "a.txt", "Ruritania said on Friday it will send troops to Freedonia.\n\nMore follows.\n")
    )
    assert article.title is None
    assert article.text.startswith("Ruritania said on Friday")


def test_a_lede_on_line_one_is_story_whatever_the_sidecar_title(tmp_path: Path) -> None:
    write(tmp_path / "a.json", json.dumps({"title": "Ruritania sends troops"}))
    article = read_article(write(tmp_path / "a.txt", "Ruritania said on Friday it will send troops.\n\nMore.\n"))
    assert article.title == "Ruritania sends troops"
    assert article.text.startswith("Ruritania said on Friday")


def test_a_headline_line_that_differs_from_the_sidecar_title_is_not_story(tmp_path: Path) -> None:
    write(tmp_path / "a.json", json.dumps({"title": "Ruritania sends troops to Freedonia"}))
    article = read_article(write(tmp_path / "a.txt", "Ruritania Sends 1,000 Troops\n\nThe story.\n"))
    assert article.title == "Ruritania sends troops to Freedonia"
    assert article.text == "The story."


@pytest.mark.parametrize(
    ("line", "headline"),
    [
        ("Freedonia denies reports of foreign fighters", True),
        ("Army chief arrested after failed coup bid: what we know", True),
        ("Freedonia denied reports of foreign fighters on Monday.", False),
        ("“We will not leave,” the minister said.", False),
        ("Is a coup under way?", False),
        ("", False),
    ],
)
def test_looks_like_headline(line: str, headline: bool) -> None:
    assert looks_like_headline(line) is headline
