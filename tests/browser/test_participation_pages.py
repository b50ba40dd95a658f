"""Participation in a real browser: a city's proposal becomes a published summary, and the
forms pass axe-core."""

import importlib
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from playwright.sync_api import expect

from initiatives.models import Initiative, Proposal, ProposalState, Status
from tests.browser.admin_pages import log_in, staff
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = {
    "context": "Residents of the old harbour complained of noise after midnight.",
    "objectives": "Halve the complaints within two years.",
    "activities": "A night mayor, trained stewards and a charter signed by the bars.",
    "budget": "€80,000 a year from the city.",
    "evaluation": "Complaints counted by the city's mediation service.",
}


@pytest.fixture
def moderators(editorial_groups):
    """Editors and publishers with the participation permissions of migration 0020."""
    migration = ("initiatives", "0020_participation")
    state = MigrationExecutor(connection).loader.project_state(migration, at_end=True)
    module = importlib.import_module(f"initiatives.migrations.{migration[1]}")
    module.grant(state.apps, None)


@pytest.fixture
def instant_forms(settings):
    # A person reads a form for seconds before sending it; the test's robot hand does not, and
    # tests never sleep. The minimum is the guard's own test (tests/test_proposals.py).
    settings.PARTICIPATION_MIN_SECONDS = 0


def test_a_proposal_becomes_a_draft_then_a_published_summary(
    live_demo, new_page, moderators, instant_forms
):
    editor = staff("edith", "Editors")
    publisher = staff("paul", "Publishers")

    visitor = new_page(PHONE)
    visitor.goto(live_demo + "/en/")
    visitor.get_by_role("link", name="Propose an initiative").click()
    visitor.get_by_label("Title").fill("A night mayor for the old harbour")
    visitor.get_by_label("Summary in one to three sentences").fill(
        "A night mayor mediates between residents and bars of the old harbour."
    )
    visitor.locator("#id_city_name").fill("Antwerp")
    visitor.get_by_label("Country").select_option("BE")
    visitor.get_by_label("Start year").fill("2023")
    visitor.get_by_label("Other themes").fill("Night-time economy")
    for section, text in SECTIONS.items():
        visitor.locator(f"#id_{section}").fill(text)
    visitor.get_by_label("Your name").fill("Nadia Night")
    visitor.locator("#id_organisation").fill("City of Antwerp")
    visitor.get_by_label("Your e-mail address").fill("nadia@example.org")
    visitor.get_by_label("I have read the privacy notice").check()
    visitor.get_by_role("button", name="Send the proposal").click()
    expect(visitor.locator("h1")).to_contain_text("your proposal is received")
    assert [message.to for message in mail.outbox] == [["nadia@example.org"]]
    proposal = Proposal.objects.get()
    assert proposal.contact.organisation == "City of Antwerp"

    admin = new_page(DESKTOP)
    log_in(admin, live_demo, *editor)
    admin.get_by_role("link", name="1 proposal from the public awaits moderation").click()
    admin.get_by_role("link", name="A night mayor for the old harbour").click()
    admin.get_by_role("button", name="Create a draft initiative").click()
    expect(admin.locator(".messagelist")).to_contain_text("was created")
    expect(admin).to_have_url(re.compile(r"/admin/initiatives/initiative/\d+/change/"))
    initiative = Initiative.objects.get(title="A night mayor for the old harbour")
    assert initiative.status == Status.DRAFT
    response = visitor.goto(live_demo + initiative.get_absolute_url())
    assert response.status == 404

    reviewer = new_page(DESKTOP)
    log_in(reviewer, live_demo, *publisher)
    reviewer.goto(live_demo + f"/admin/initiatives/initiative/{initiative.pk}/change/")
    reviewer.locator("input[name=_transition_publish]").first.click()
    expect(reviewer.locator(".messagelist")).to_contain_text("was published")

    call_command("send_participation_mail", stdout=StringIO())
    published = mail.outbox[-1]
    assert published.to == ["nadia@example.org"]
    link = re.search(r"https?://\S+/initiatives/\S+/", published.body)[0]
    visitor.goto(live_demo + link.split("127.0.0.1:8000", 1)[1])
    expect(visitor.locator("h1")).to_contain_text("A night mayor for the old harbour")
    expect(visitor.locator("#activities")).to_contain_text("charter signed by the bars")
    assert Proposal.objects.get().state == ProposalState.PUBLISHED


def test_a_reader_suggests_a_correction_from_a_summary(live_demo, page, instant_forms):
    initiative = Initiative.objects.published().order_by("slug").first()
    page.goto(live_demo + initiative.get_absolute_url())
    page.get_by_role("link", name="Suggest a correction").click()
    page.get_by_label("Which part is wrong?").select_option("budget")
    page.get_by_label("What is wrong").fill("The budget doubled in 2024 (council minutes).")
    page.get_by_role("button", name="Send the correction").click()
    expect(page.locator("h1")).to_contain_text("the editors will check it")
    assert initiative.corrections.get().section == "budget"


def test_the_forms_have_no_axe_violations(live_demo, new_page, axe, instant_forms):
    initiative = Initiative.objects.published().order_by("slug").first()
    forms = {
        "propose": "/en/propose/",
        "propose in French": "/fr/propose/",
        "correct": f"/en/initiatives/{initiative.slug}/correct/",
        "follow": "/en/follow/?q=drones&theme=drones",
        "follow a refused search": "/en/follow/?theme=nope",
        "a bad link": "/en/follow/confirm/nope/",
    }
    problems = {}
    for viewport in (DESKTOP, PHONE):
        page = new_page(viewport)
        # On a phone the markup is the same: the longest form's layout stands for the rest.
        checked = forms if viewport == DESKTOP else {"propose": forms["propose"]}
        for name, path in checked.items():
            page.goto(live_demo + path)
            problems[f"{name} {viewport['width']}"] = axe(page)
        # With every error showing.
        page.goto(live_demo + "/en/propose/")
        page.get_by_role("button", name="Send the proposal").click()
        expect(page.locator("#form-problems")).to_be_visible()
        problems[f"propose with errors {viewport['width']}"] = axe(page)
    assert {name: found for name, found in problems.items() if found} == {}
