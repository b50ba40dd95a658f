import pytest

from initiatives import markdown
from initiatives.markdown import render_markdown
from initiatives.models import Initiative
from initiatives.models.catalogue import SECTIONS
from tests.factories import InitiativeFactory


def test_markdown_is_rendered():
    html = render_markdown("Some **bold** text\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert "<li>one</li>" in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="#" onclick="steal()">link</a>',
        "<iframe src='https://example.org'></iframe>",
        "<style>body{display:none}</style>",
    ],
)
def test_editor_markup_cannot_run_code(hostile):
    html = render_markdown(f"Before {hostile} after")
    lowered = html.lower()
    for forbidden in ("<script", "onerror", "javascript:", "onclick", "<iframe", "<style"):
        assert forbidden not in lowered


@pytest.mark.parametrize(
    "link",
    [
        "[a](JaVaScRiPt:alert(1))",
        "[a](&#106;avascript:alert(1))",
        "[a][1]\n\n[1]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "[a](data:text/html,<script>x</script>)",
        "[a](vbscript:msgbox(1))",
        "[a](file:///etc/passwd)",
        "[a](ftp://example.org/)",
    ],
)
def test_links_in_sections_are_web_mail_or_relative_only(link):
    html = render_markdown(f"See {link}.")
    assert 'href="' not in html, html


@pytest.mark.parametrize(
    "link, href",
    [
        ("[a](https://efus.eu/)", "https://efus.eu/"),
        ("[a](http://efus.eu/)", "http://efus.eu/"),
        ("<https://efus.eu/>", "https://efus.eu/"),
        ("[a](mailto:contact@efus.eu)", "mailto:contact@efus.eu"),
        ("[a](/initiatives/)", "/initiatives/"),
        ("[a](#context)", "#context"),
    ],
)
def test_web_mail_and_relative_links_are_kept(link, href):
    assert f'href="{href}"' in render_markdown(f"See {link}.")


def test_headings_start_below_the_section_heading():
    assert render_markdown("# Title").startswith("<h3>")


@pytest.mark.django_db
def test_detail_page_escapes_hostile_sections(client):
    initiative = InitiativeFactory(
        context="Intro <script>alert('pwned')</script> and <img src=x onerror=alert(1)>",
        lead="<b onmouseover=alert(1)>lead</b>",
    )
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "alert('pwned')" not in page
    assert "onerror" not in page
    assert "<b onmouseover" not in page
    assert "Intro" in page


def test_one_rendering_does_not_leak_into_the_next():
    """The converter is reused between texts: heading ids and footnotes start afresh."""
    first = render_markdown("### Results\n\nOne.[^1]\n\n[^1]: Counted by the city.")
    second = render_markdown("### Results\n\nTwo.[^1]\n\n[^1]: Counted by the police.")
    assert "One." in first and "Counted by the city." in first
    assert first.replace("One", "Two").replace("city", "police") == second


@pytest.mark.django_db
def test_an_edited_section_shows_at_once(client):
    initiative = InitiativeFactory(context="The **first** version.")
    assert "<strong>first</strong>" in client.get(initiative.get_absolute_url()).content.decode()
    initiative.context = "The **second** version."
    initiative.save()
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "<strong>second</strong>" in page and "first" not in page


def refuse_to_render(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("rendered while the page was read")

    monkeypatch.setattr("initiatives.markdown.converter", refuse)
    monkeypatch.setattr("initiatives.markdown.cache.get", lambda *args, **kwargs: None)


@pytest.mark.django_db
def test_a_summary_page_shows_the_html_kept_when_it_was_saved(client, monkeypatch):
    initiative = InitiativeFactory(
        context="Flights over **crowds**.", lessons="Ask the *residents* first."
    )
    assert set(initiative.sections_html) == {*SECTIONS, "lessons"}
    refuse_to_render(monkeypatch)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Flights over <strong>crowds</strong>." in page
    assert "Ask the <em>residents</em> first." in page


@pytest.mark.django_db
def test_a_text_written_without_save_is_rendered_when_read_never_shown_stale(client):
    initiative = InitiativeFactory(context="The **first** version.")
    Initiative.objects.filter(pk=initiative.pk).update(context="The **second** version.")
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "<strong>second</strong>" in page and "first" not in page


@pytest.mark.django_db
def test_saving_some_fields_renders_the_sections_among_them_only(monkeypatch):
    initiative = InitiativeFactory(context="Before.", objectives="Kept.")
    kept = initiative.sections_html["objectives"]
    initiative.context, initiative.title = "After **this**.", "Renamed"
    initiative.save(update_fields=iter(["context"]))  # any iterable, as Django allows
    initiative.refresh_from_db()
    assert initiative.context == "After **this**." and initiative.title != "Renamed"
    assert "After <strong>this</strong>." in initiative.sections_html["context"][1]
    assert initiative.sections_html["objectives"] == kept
    refuse_to_render(monkeypatch)
    initiative.title = "Renamed again"
    initiative.save(update_fields=["title"])  # no section: nothing rendered
    initiative.refresh_from_db()
    assert initiative.title == "Renamed again"
    assert "After <strong>this</strong>." in initiative.sections_html["context"][1]


@pytest.mark.django_db
def test_after_the_rendering_changes_pages_show_the_new_rendering(client, monkeypatch):
    """Another version of Markdown or nh3, or other sanitising rules, change RENDERER: HTML kept
    from before is not shown (it could hold what an older sanitiser let through)."""
    initiative = InitiativeFactory(context="Flights over **crowds**.")
    monkeypatch.setattr("initiatives.markdown.RENDERER", "an-upgrade")
    monkeypatch.setattr("initiatives.markdown.sanitised", lambda html: f"{html}<!-- anew -->")
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Flights over <strong>crowds</strong>.</p><!-- anew -->" in page


def test_the_rendering_fingerprint_follows_the_sanitising_rules(monkeypatch):
    before = markdown.rendering_fingerprint()
    monkeypatch.setattr("initiatives.markdown.ALLOWED_TAGS", markdown.ALLOWED_TAGS | {"img"})
    assert markdown.rendering_fingerprint() != before


@pytest.mark.django_db
def test_hostile_markup_is_sanitised_before_it_is_kept():
    initiative = InitiativeFactory(evaluation="Counted <script>alert(1)</script> [x](javascript:y)")
    kept = initiative.sections_html["evaluation"][1].lower()
    assert "<script" not in kept and "javascript:" not in kept and "counted" in kept


@pytest.mark.django_db
def test_a_section_changed_in_memory_is_rendered_from_its_text():
    """A revision's preview puts the proposed text on the summary without saving it."""
    initiative = InitiativeFactory(context="The published text.")
    initiative.context = "The **proposed** text."
    html = {anchor: html for anchor, _label, html in initiative.sections_as_html()}
    assert html["context"] == "<p>The <strong>proposed</strong> text.</p>"
