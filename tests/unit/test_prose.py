from hub.prose import make_markdown, render_markdown, sanitise


def render(text):
    return render_markdown(make_markdown(), text)


def test_headings_get_ids_and_contents_entries():
    html, toc = render("## Who to call\n\n### In an emergency\n\n## What happens next\n")
    assert '<h2 id="who-to-call">Who to call</h2>' in html
    assert [entry["id"] for entry in toc] == ["who-to-call", "what-happens-next"]


def test_callouts_become_inset_and_warning_text():
    html, _ = render("!!! inset\n    Set apart.\n\n!!! warning\n    Do not miss this.\n")
    html = html.replace("\n", "")
    assert '<div class="inset-text"><p>Set apart.</p></div>' in html
    assert (
        '<div class="warning-text"><span aria-hidden="true" class="warning-text__icon">!'
        '</span><div class="warning-text__text"><span class="visually-hidden">Warning: '
        "</span><p>Do not miss this.</p></div></div>"
    ) in html
    assert "admonition" not in html


def test_tables_have_column_headers_and_no_inline_style():
    html, _ = render("| Who | When |\n|:---|---:|\n| Police | Now |\n")
    assert '<th scope="col">Who</th>' in html
    assert "style=" not in html and "align=" not in html


def test_sanitiser_keeps_the_allow_list_only():
    dirty = (
        '<p class="x" onmouseover="a()">Hi <a href="javascript:a()">x</a> '
        '<a href="/ok/">ok</a><img src="x" onerror="a()"></p><script>a()</script>'
        '<div class="inset-text evil">k</div><span class="visually-hidden">v</span>'
    )
    assert sanitise(dirty) == (
        '<p>Hi <a>x</a> <a href="/ok/">ok</a></p>'
        '<div class="inset-text">k</div>'
        '<span class="visually-hidden">v</span>'
    )
