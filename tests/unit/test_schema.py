from hub.core.errors import Problems
from hub.core.fields import Field, validate, validate_list
from hub.core.yamlfile import load_yaml

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


NESTED = [
    Field("name", "text", help="a name"),
    Field(
        "where",
        "mapping",
        fields=(Field("town", "text", help="the town"), Field("code", "slug", help="a code")),
        help="a place",
    ),
    Field(
        "people",
        "list",
        required=False,
        default=[],
        fields=(Field("age", "whole number", help="how old"),),
        help="who",
    ),
]


def test_fields_of_a_mapping_and_of_list_items_are_checked_inside():
    values, problems = check(
        "name: A\nwhere:\n  town: Derby\n  code: Not A Slug\npeople:\n  - age: 3\n  - age: old\n",
        NESTED,
    )
    assert problems == [
        "f.yaml:4: where.code must use only lower-case letters, digits and single hyphens, "
        'got "Not A Slug"',
        'f.yaml:7: people[2].age must be a whole number (0 or more), got "old"',
    ]
    assert values["where"] == {"town": "Derby", "code": None}
    assert values["people"] == [{"age": 3}, {"age": None}]


def test_a_missing_key_inside_a_mapping_is_named_with_its_path():
    _, problems = check("name: A\nwhere:\n  town: Derby\n  cod: x\n", NESTED)
    assert problems == [
        'f.yaml:3: missing field "where.code": a code',
        'f.yaml:4: unknown field "where.cod"; did you mean "where.code"?',
    ]


def test_each_item_of_a_list_with_choices_must_be_one_of_them():
    fields = [Field("keys", "list", choices=("Escape", "ShiftShiftShift"), help="keys")]
    values, problems = check("keys: [Escape, Escpe, Tab]\n", fields)
    assert problems == [
        'f.yaml:1: keys[2] must be one of "Escape", "ShiftShiftShift", got "Escpe": '
        'did you mean "Escape"?',
        'f.yaml:1: keys[3] must be one of "Escape", "ShiftShiftShift", got "Tab"',
    ]
    assert values["keys"] is None
    assert check("keys: [ShiftShiftShift]\n", fields) == ({"keys": ["ShiftShiftShift"]}, [])


def test_choices_kept_elsewhere_say_where():
    fields = [Field("owner", "slug", choices=("a", "b"), choices_from="owners in x.yaml", help="")]
    assert check("owner: c\n", fields)[1] == [
        'f.yaml:1: owner must be one of "a", "b" (listed under owners in x.yaml), got "c"'
    ]


def test_an_empty_optional_value_counts_as_not_given_but_a_required_one_is_refused():
    # A browser form writes a box it cleared as "".
    values, problems = check('title: A\ncount: 1\nlink: ""\n')
    assert problems == [] and values["link"] is None
    assert check('title: ""\ncount: 1\n')[1] == ['f.yaml:1: title must be some text, got ""']


def test_text_longer_than_its_limit_is_refused_with_its_length():
    fields = [Field("summary", "text", max_length=10, help="short")]
    assert check("summary: Exactly 10\n", fields)[1] == []
    assert check("summary: Eleven long\n", fields)[1] == [
        "f.yaml:1: summary is 11 characters long: keep it to 10 or fewer"
    ]


def test_months_and_slugs_must_match_the_whole_value():
    fields = [Field("month", "month", help="m"), Field("code", "slug", help="c")]
    assert check('month: "2025-08"\ncode: a-b\n', fields)[1] == []
    _, problems = check('month: "2025-13"\ncode: "a-b\\n"\n', fields)
    assert problems == [
        'f.yaml:1: month must be a month written as YYYY-MM, for example 2025-08, got "2025-13"',
        'f.yaml:2: code must use only lower-case letters, digits and single hyphens, got "a-b\n"',
    ]


def test_a_label_defaults_to_the_name_in_words_and_the_note_says_what_is_needed():
    field = Field("stated_total", "whole number", required=False, help="the total")
    assert field.title == "Stated total"
    assert Field("x", "text", label="Plain words").title == "Plain words"
    assert field.note == "the total (whole number, optional)"
