"""Formulas in stems and options: MathML Core kept, everything else in a <math> removed."""

from hallmark.itembank import markup

FRACTION = '<math display="block"><mfrac><mn>3</mn><mn>4</mn></mfrac></math>'


def test_mathml_core_is_kept_and_allowed() -> None:
    stem = f"<p>Sam works {FRACTION} of full time.</p>"
    assert markup.problems(stem) == []
    assert markup.sanitize(stem) == stem
    assert markup.render(stem, lambda name: name) == stem
    assert markup.plain_text(stem) == "Sam works 3 4 of full time."


def test_scripts_links_actions_and_html_inside_math_are_removed() -> None:
    hostile = (
        '<p><math href="javascript:alert(1)"><mi onclick="alert(1)">x</mi>'
        "<script>alert(1)</script><maction actiontype='toggle'><mi>y</mi></maction>"
        '<semantics><mn>1</mn><annotation-xml encoding="text/html"><img src=x onerror=alert(1)>'
        "</annotation-xml></semantics></math></p>"
    )
    for cleaned in (markup.sanitize(hostile), markup.math_core(hostile)):
        assert (
            cleaned == "<p><math><mi>x</mi><mi>y</mi><semantics><mn>1</mn></semantics></math></p>"
        )


def test_the_strict_check_names_what_a_stem_may_not_hold_in_math() -> None:
    found = markup.problems('<p><math><mi href="x">x</mi><script>1</script></math><mi>y</mi></p>')
    assert found == [
        ("bad markup", "the attribute href is not allowed on <mi>"),
        ("bad markup", "<script> is not allowed in a stem"),
        ("bad markup", "<mi> is allowed only inside <math>"),
    ]


def test_html_smuggled_through_mathml_text_is_dropped() -> None:
    smuggled = "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"
    assert "img" not in markup.sanitize(smuggled) and "onerror" not in markup.sanitize(smuggled)


def test_an_option_is_escaped_text_with_its_formulas_kept() -> None:
    option = "x < 3 and <math><msup><mi>x</mi><mn>2</mn></msup><script>1</script></math>"
    assert markup.option_html(option) == (
        "x &lt; 3 and <math><msup><mi>x</mi><mn>2</mn></msup></math>"
    )
    assert markup.option_html("<b>bold</b>") == "&lt;b&gt;bold&lt;/b&gt;"
    assert markup.option_text(option) == "x < 3 and x 2"
