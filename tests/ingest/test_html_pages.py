"""Saved web pages from the corpus: article text without boilerplate, with metadata."""

from __future__ import annotations

import socket

import pytest

from db.models.vocab import SourceKind
from desktop.ingest.document import ImportError_, NoTextError, normalise_text
from desktop.ingest.html_page import parse_html
from desktop.ingest.registry import import_file

# (file, a sentence of the article, page furniture that is on the page but not the article)
PAGES = [
    ("wikimediafoundation.org.turkey.html",
     "We will keep this statement updated as further access is restored.",
     ["Cookie", "Subscribe", "Read more", "Skip to", "Donate", "Careers"]),
    ("dw.com.colonial.html",
     "The project, co-organized by the Berlin City Museum and three NGOs, will involve five "
     "years of events and exhibitions across the city",
     ["cookie", "Sign up", "Newsletter", "Advertisement", "Read more", "Facebook"]),
    ("nature.com.telescope.html",
     "The world’s largest single-dish radio observatory is preparing to open to astronomers "
     "around the world",
     ["cookie", "Sign up", "Subscribe", "Skip to", "Reprints", "Careers"]),
    ("reuters.com.parasite.html",
     "was the first film in a foreign language to win the top prize of best cast ensemble",
     ["Cookie", "Newsletter", "Our Standards", "Editing by"]),
    ("scmp.com.playbook.html",
     "Carrie Lam should take the time to review Tsai’s playbook.",
     ["+ FOLLOW", "Why you can trust SCMP", "Link Copied", "READ FULL ARTICLE",
      "fell down the rabbit hole"]),
]


@pytest.fixture
def html_dir(corpus):
    return corpus / "html"


def test_wikimedia_page_gives_title_author_and_article(html_dir):
    doc = import_file(html_dir / "wikimediafoundation.org.turkey.html")
    assert doc.title == "Access to Wikipedia restored in Turkey after more than two and a half years"
    assert doc.author == "Wikimedia Foundation"
    assert "as further access is restored." in doc.text
    assert doc.kind == SourceKind.WEB
    assert doc.published_at == "2020-01-15"
    assert doc.url.startswith("https://wikimediafoundation.org/news/2020/01/15/")
    assert doc.language.startswith("en")


@pytest.mark.parametrize(("name", "sentence", "furniture"), PAGES, ids=[p[0] for p in PAGES])
def test_news_pages_keep_the_article_and_drop_page_furniture(html_dir, name, sentence, furniture):
    raw = (html_dir / name).read_bytes()
    doc = import_file(html_dir / name)
    assert sentence in doc.text
    for label in furniture:
        assert label in raw.decode("utf-8", "replace"), f"{label!r} is not on the page at all"
        assert label not in doc.text, f"{label!r} leaked into the article text"
    assert doc.text == normalise_text(doc.text)
    assert doc.title and doc.publisher and doc.url.startswith("https://")
    assert doc.original_filename == name


def test_page_titles_lose_the_repeated_site_name(html_dir):
    doc = import_file(html_dir / "dw.com.colonial.html")
    assert doc.title == "Berlin confronts Germany's colonial past with new initiative"
    assert (doc.author, doc.publisher, doc.published_at) == ("Deutsche Welle", "DW.COM",
                                                             "2020-01-19")


def test_a_teaser_only_page_falls_back_to_the_structured_article_body(html_dir):
    doc = import_file(html_dir / "scmp.com.playbook.html")
    assert "She capitalised on the political turmoil in Hong Kong" in doc.text
    assert "structured data" in doc.notes
    assert doc.author == "Alice Wu"


def test_reading_pages_never_opens_a_socket(html_dir, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the HTML importer tried to use the network")

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            refuse()

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for name, sentence, _ in PAGES:
        assert sentence in parse_html((html_dir / name).read_bytes(), name).text


def test_a_page_without_an_article_says_so(tmp_path):
    page = tmp_path / "menu.html"
    page.write_text("<html><head><script>var menu = 1;</script></head>"
                    "<body><nav></nav><div class='ad'></div></body></html>")
    with pytest.raises(NoTextError, match=r"menu.html: no article text was found"):
        import_file(page)


def test_an_empty_page_is_refused(tmp_path):
    page = tmp_path / "blank.htm"
    page.write_bytes(b"   ")
    with pytest.raises(ImportError_, match=r"blank.htm: "):
        import_file(page)
