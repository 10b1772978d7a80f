from hallmark.itembank import markup


def test_it_keeps_the_allowed_tags_and_drops_everything_else() -> None:
    stem = (
        '<p onclick="steal()">Which is <strong>best</strong>?<script>alert(1)</script></p>'
        '<iframe src="https://example.org"></iframe>'
        '<table><tr><th scope="col">Hours</th></tr></table>'
    )
    clean = markup.sanitize(stem)
    assert "<script" not in clean and "alert" not in clean
    assert "onclick" not in clean and "<iframe" not in clean
    assert "<strong>best</strong>" in clean and '<th scope="col">' in clean


def test_it_names_each_kind_of_problem() -> None:
    found = markup.problems('<p onmouseover="x">Hi<script>1</script><img src="a.png"></p>')
    kinds = [kind for kind, _ in found]
    reasons = " ".join(reason for _, reason in found)
    assert kinds.count("bad markup") == 2 and "image without alt text" in kinds
    assert "onmouseover" in reasons and "<script>" in reasons


def test_images_come_only_from_attachments() -> None:
    found = markup.problems('<img src="https://tracker.example/x.png" alt="chart">')
    assert found == [
        (
            "bad markup",
            'image source "https://tracker.example/x.png" must be the name of an attached image',
        )
    ]
    assert "tracker" not in markup.sanitize('<img src="https://tracker.example/x.png" alt="c">')
    assert markup.render('<img src="chart.png" alt="c">', lambda n: f"/img/{n}") == (
        '<img src="/img/chart.png" alt="c">'
    )


def test_sanitizing_twice_changes_nothing() -> None:
    stem = "<p>A &amp; B<br/>  <em>c</em></p>text <ul><li>one</li></ul>"
    once = markup.sanitize(stem)
    assert markup.sanitize(once) == once


def test_plain_text_is_the_words_only() -> None:
    assert markup.plain_text("<p>One <em>two</em></p><script>x</script>") == "One two"
