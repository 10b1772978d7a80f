"""hallmark/form.html, the one template every form is drawn with: a text field is a label and
its input; a group of radio buttons or checkboxes is a fieldset named by its legend (WCAG
1.3.1); the error summary links each error to its field, a group's to its first choice."""

import re

from django import forms
from django.template.loader import render_to_string


class ApplicationForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As on your identity document.")
    route = forms.ChoiceField(
        label="Eligibility route",
        choices=[("degree", "Degree"), ("experience", "Experience")],
        widget=forms.RadioSelect,
        help_text="The route your evidence shows.",
    )
    settings = forms.MultipleChoiceField(
        label="Settings you work in",
        choices=[("school", "School"), ("employer", "Employer")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def drawn(form: forms.Form) -> str:
    return render_to_string("hallmark/form.html", {"form": form})


def opening(html: str, tag: str, id_: str) -> str:
    """The opening tag of the element with this id."""
    found = re.search(rf'<{tag}\b[^>]*\bid="{id_}"[^>]*>', html)
    assert found, f"no <{tag} id={id_!r}> in {html}"
    return found.group(0)


def test_a_group_of_choices_is_a_fieldset_named_by_its_legend() -> None:
    html = drawn(ApplicationForm())
    route = opening(html, "fieldset", "id_route-group")
    assert 'aria-describedby="id_route_helptext"' in route
    assert '<p class="hint" id="id_route_helptext">The route your evidence shows.</p>' in html
    assert '<legend>Eligibility route <span class="required">(required)</span></legend>' in html
    assert '<label for="id_route_0" class="inline-label">Degree</label>' in html
    opening(html, "fieldset", "id_settings-group")
    assert "<legend>Settings you work in</legend>" in html
    assert html.count("<fieldset") == 2 and html.count("<legend>") == 2
    assert '<label for="">' not in html  # a group is never one label's control


def test_a_text_field_is_a_label_and_its_input() -> None:
    html = drawn(ApplicationForm())
    assert '<label for="id_name">Full name <span class="required">(required)</span></label>' in html
    assert 'aria-describedby="id_name_helptext"' in opening(html, "input", "id_name")
    assert "Full name</legend>" not in html


def test_the_error_summary_links_a_group_to_its_first_choice() -> None:
    html = drawn(ApplicationForm(data={"name": "", "route": "neither"}))
    summary = html.split('<div class="error-summary"', 1)[1].split("</div>", 1)[0]
    links = re.findall(r'<a href="#([^"]*)">([^:<]*):', summary)
    assert links == [("id_name", "Full name"), ("id_route_0", "Eligibility route")]
    assert "field-error" in opening(html, "fieldset", "id_route-group")
    # each field's errors are what its input (or its group) is described by
    assert '<div id="id_route_error">' in html and '<div id="id_name_error">' in html
    route = opening(html, "fieldset", "id_route-group")
    assert 'aria-describedby="id_route_helptext id_route_error"' in route
    assert 'aria-describedby="id_name_helptext id_name_error"' in opening(html, "input", "id_name")
    assert "field-error" not in opening(html, "fieldset", "id_settings-group")
