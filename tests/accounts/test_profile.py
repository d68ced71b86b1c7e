import pytest
from django.urls import reverse

from accounts.markdown import render_markdown
from accounts.models import Event, ProfileSection


def edit_url(customer, key="goals"):
    return reverse("accounts:profile-section-edit", args=[customer.pk, key])


# Markdown: pure


def test_markdown_renders_the_safe_subset():
    html = render_markdown(
        "# Goals\n\n**Grow** in *Sweden*:\n- two new sites\n- [report](https://example.com/r)"
    )
    assert "<h3>Goals</h3>" in html
    assert "<strong>Grow</strong>" in html and "<em>Sweden</em>" in html
    assert "<li>two new sites</li>" in html
    assert '<a href="https://example.com/r" rel="noopener noreferrer">report</a>' in html


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x" onerror="alert(1)">', "<img"),
        ("<div onclick=alert(1)>hi</div>", "<div"),
        ('<a href="javascript:alert(1)">x</a>', "<a href"),
        ("[click](javascript:alert(1))", "javascript:"),
        ("[click](JaVaScRiPt:alert(1))", "javascript:"),
        ("[data](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
        ("![pixel](https://tracker.example/p.png)", "<img"),
    ],
)
def test_markdown_makes_raw_html_and_dangerous_links_inert(source, forbidden):
    html = render_markdown(source)
    assert forbidden not in html.lower()


def test_raw_html_in_the_source_shows_as_text():
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in render_markdown("<script>alert(1)</script>")


def test_empty_text_renders_nothing():
    assert render_markdown("") == "" and render_markdown("  \n ") == ""


# Through the client


def test_the_profile_tab_lists_the_seven_sections_with_hints_for_empty_ones(client, viewer, customer):
    ProfileSection.objects.create(customer=customer, key="business", body="Hydropower and grid.")
    client.force_login(viewer)
    page = client.get(reverse("accounts:customer-profile", args=[customer.pk])).content.decode()
    for title in ProfileSection.Key.labels:
        assert str(title) in page
    assert "Hydropower and grid." in page
    assert page.count("Not written yet.") == 6
    assert edit_url(customer) not in page  # a viewer gets no edit buttons


def test_owner_writes_a_section_without_javascript_and_returns_to_the_profile(client, owner, customer):
    client.force_login(owner)
    response = client.post(edit_url(customer), {"body": "Grow in **Sweden** by 2027.", "version": "0"})
    assert response["Location"] == reverse("accounts:customer-profile", args=[customer.pk]) + "#profile-goals"
    section = ProfileSection.objects.get(customer=customer, key="goals")
    assert (section.body, section.version, section.updated_by) == ("Grow in **Sweden** by 2027.", 1, owner)
    page = client.get(response["Location"]).content.decode()
    assert "Grow in <strong>Sweden</strong> by 2027." in page
    assert "by Ingrid Solberg" in page
    timeline = client.get(reverse("accounts:customer-timeline", args=[customer.pk])).content.decode()
    assert "updated the profile section “Goals for the next 1–3 years”" in timeline


def test_editing_in_place_swaps_fragments(client, contributor, customer):
    client.force_login(contributor)
    form = client.get(edit_url(customer), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in form and "<textarea" in form and 'name="version" value="0"' in form
    saved = client.post(edit_url(customer), {"body": "- one\n- two", "version": "0"}, HTTP_HX_REQUEST="true")
    body = saved.content.decode()
    assert saved.status_code == 200 and "<html" not in body
    assert 'id="profile-goals"' in body and "<li>one</li>" in body and "<textarea" not in body
    cancel = client.get(
        reverse("accounts:profile-section", args=[customer.pk, "goals"]), HTTP_HX_REQUEST="true"
    )
    assert "<li>one</li>" in cancel.content.decode() and "<html" not in cancel.content.decode()


def test_without_javascript_the_edit_link_opens_a_whole_page(client, owner, customer):
    client.force_login(owner)
    page = client.get(edit_url(customer)).content.decode()
    assert "<html" in page and "<textarea" in page and 'aria-current="page">Profile' in page


def test_a_script_in_a_section_is_inert_on_the_page(client, owner, customer):
    client.force_login(owner)
    client.post(
        edit_url(customer), {"body": "<script>alert(1)</script> <img src=x onerror=alert(1)>", "version": "0"}
    )
    page = client.get(reverse("accounts:customer-profile", args=[customer.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_two_saves_from_the_same_version_keep_the_first_and_show_both(client, owner, contributor, customer):
    client.force_login(owner)
    client.post(edit_url(customer), {"body": "Owner's goals: **export**.", "version": "0"})
    client.force_login(contributor)
    response = client.post(edit_url(customer), {"body": "Contributor's goals: growth.", "version": "0"})
    body = response.content.decode()
    assert response.status_code == 409
    assert "Ingrid Solberg saved this section while you were editing" in body
    assert "Owner's goals: <strong>export</strong>." in body  # theirs, as it reads
    assert "Contributor&#x27;s goals: growth.</textarea>" in body  # yours, still in the box
    assert 'name="version" value="1"' in body
    section = ProfileSection.objects.get(customer=customer, key="goals")
    assert (section.body, section.version) == ("Owner's goals: **export**.", 1)
    assert Event.objects.filter(kind="profile.updated").count() == 1


def test_after_seeing_the_conflict_the_editor_can_save_on_top_of_the_other_version(
    client, owner, contributor, customer
):
    client.force_login(owner)
    client.post(edit_url(customer), {"body": "First.", "version": "0"})
    client.force_login(contributor)
    client.post(edit_url(customer), {"body": "Second.", "version": "0"}, HTTP_HX_REQUEST="true")
    client.post(edit_url(customer), {"body": "First. Second.", "version": "1"})
    section = ProfileSection.objects.get(customer=customer, key="goals")
    assert (section.body, section.version, section.updated_by) == ("First. Second.", 2, contributor)


def test_a_text_over_20000_characters_is_refused_and_nothing_is_written(client, owner, customer):
    client.force_login(owner)
    response = client.post(edit_url(customer), {"body": "x" * 20_001, "version": "0"})
    assert response.status_code == 400
    assert "The text is 20001 characters long; the limit is 20000." in response.content.decode().replace(
        ",", ""
    ).replace("\u00a0", "")
    assert not ProfileSection.objects.exists()


def test_line_breaks_count_once_towards_the_limit(client, owner, customer):
    client.force_login(owner)
    text = ("y" * 99 + "\r\n") * 199 + "y" * 99
    response = client.post(edit_url(customer), {"body": text, "version": "0"})
    assert response.status_code == 302
    assert len(ProfileSection.objects.get().body) == 19_999


def test_a_missing_version_is_refused_with_a_message(client, owner, customer):
    client.force_login(owner)
    response = client.post(edit_url(customer), {"body": "Text"})
    assert response.status_code == 400
    assert "Reload the page and try again" in response.content.decode()
    assert not ProfileSection.objects.exists()


def test_viewer_and_leader_cannot_edit_and_other_teams_leader_gets_404(
    client, viewer, leader, other_leader, customer
):
    for person, status in ((viewer, 403), (leader, 403), (other_leader, 404)):
        client.force_login(person)
        assert client.get(edit_url(customer)).status_code == status
        assert client.post(edit_url(customer), {"body": "Mine", "version": "0"}).status_code == status
    assert not ProfileSection.objects.exists()


def test_an_unknown_section_is_not_found(client, owner, customer):
    client.force_login(owner)
    assert client.get(edit_url(customer, "secrets")).status_code == 404
    assert client.get(reverse("accounts:profile-section", args=[customer.pk, "secrets"])).status_code == 404
