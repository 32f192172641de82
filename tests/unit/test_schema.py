from hub.errors import Problems
from hub.schema import Field, validate, validate_list
from hub.yamlfile import load_yaml

FIELDS = [
    Field("title", "text", help="the title"),
    Field("count", "whole number", help="how many"),
    Field("when", "date", required=False, help="the day"),
    Field("link", "https address", required=False, help="an address"),
    Field("live", "yes/no", required=False, default=False, help="published?"),
]


def check(text, fields=FIELDS):
    problems = Problems()
    values = validate(load_yaml(text), fields, "f.yaml", problems)
    return values, [str(p) for p in problems.sorted()]


def test_valid_values_pass_and_defaults_fill_in():
    values, problems = check("title: Hello\ncount: 3\n")
    assert problems == []
    assert values == {"title": "Hello", "count": 3, "when": None, "link": None, "live": False}


def test_each_wrong_value_is_reported_on_its_line_and_replaced_by_the_default():
    values, problems = check(
        'title: ""\ncount: -1\nwhen: tomorrow\nlink: http://x.org\nlive: yes please\n'
    )
    assert problems == [
        'f.yaml:1: title must be some text, got ""',
        'f.yaml:2: count must be a whole number (0 or more), got "-1"',
        'f.yaml:3: when must be a date written as YYYY-MM-DD, got "tomorrow"',
        'f.yaml:4: link must be a full address starting https://, got "http://x.org"',
        'f.yaml:5: live must be true or false, got "yes please"',
    ]
    assert values["count"] is None and values["live"] is False


def test_booleans_are_not_whole_numbers():
    _, problems = check("title: A\ncount: true\n")
    assert problems == ['f.yaml:2: count must be a whole number (0 or more), got "True"']


def test_missing_and_unknown_fields():
    _, problems = check("titel: A\n")
    assert problems == [
        'f.yaml:1: missing field "count": how many',
        'f.yaml:1: missing field "title": the title',
        'f.yaml:1: unknown field "titel"; did you mean "title"?',
    ]


def test_unknown_field_with_no_near_match_lists_the_allowed_ones():
    _, problems = check("title: A\ncount: 1\nzzz: 1\n")
    assert problems == [
        'f.yaml:3: unknown field "zzz"; the fields allowed here are: count, link, live, title, when'
    ]


def test_a_list_of_mappings_names_each_item():
    problems = Problems()
    data = load_yaml("items:\n  - title: A\n    count: 1\n  - title: B\n    count: x\n")
    validate_list(data["items"], FIELDS, "f.yaml", problems, "items", 1)
    assert [str(p) for p in problems.sorted()] == [
        'f.yaml:5: items[2].count must be a whole number (0 or more), got "x"'
    ]


def test_a_scalar_where_a_mapping_belongs():
    problems = Problems()
    validate(load_yaml("just text\n"), FIELDS, "f.yaml", problems)
    assert [str(p) for p in problems.sorted()] == [
        'f.yaml:1: this file must be a list of `name: value` lines, got "just text"'
    ]


def test_a_value_outside_the_choices_is_reported_with_the_nearest():
    fields = [Field("qualifier", "text", choices=("exact", "more than", "about"), help="how")]
    values, problems = check("qualifier: more then\n", fields)
    assert problems == [
        'f.yaml:1: qualifier must be one of "exact", "more than", "about", got "more then": '
        'did you mean "more than"?'
    ]
    assert values["qualifier"] is None
    assert check("qualifier: about\n", fields) == ({"qualifier": "about"}, [])
