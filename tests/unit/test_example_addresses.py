"""One rule for placeholder addresses (hub.core.addresses.is_example_address) and the label
the build puts after them in page text (hub.read.prose.mark_example_addresses)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.core.addresses import is_example_address, may_hold_example_address
from hub.read.prose import mark_example_addresses

TAG = ' <span class="tag tag--grey">Example address</span>'


@pytest.mark.parametrize(
    "address",
    [
        "https://example.org/report",
        "https://www.example.com/a?b=c",
        "https://council.example.net",
        "mailto:accessibility@example.org",
        "accessibility@Example.ORG",
        "https://hub.test/",
        "https://force.example/x",
    ],
)
def test_an_address_on_a_domain_kept_for_examples_is_an_example(address):
    assert is_example_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "https://www.derbyshire.police.uk/report",
        "https://notexample.org/",
        "https://example.org.uk/",
        "https://www.gov.uk/find-local-council",
        "help@refuge.org.uk",
    ],
)
def test_a_real_address_is_not_an_example(address):
    assert not is_example_address(address)


def test_page_text_labels_each_placeholder_link_and_email_and_nothing_else():
    html = (
        '<p>Call or <a href="https://example.org/report">report it online</a>. '
        '<a href="https://www.gov.uk/">GOV.UK</a>.</p>'
        "<p>Email accessibility@example.org or help@refuge.org.uk.</p>"
        '<p><a href="mailto:a@example.com">a@example.com</a></p>'
    )
    assert mark_example_addresses(html, "Example address") == (
        f'<p>Call or <a href="https://example.org/report">report it online</a>{TAG}. '
        '<a href="https://www.gov.uk/">GOV.UK</a>.</p>'
        f"<p>Email accessibility@example.org{TAG} or help@refuge.org.uk.</p>"
        f'<p><a href="mailto:a@example.com">a@example.com</a>{TAG}</p>'
    )


@given(
    st.sampled_from(["https://", "http://", "mailto:someone@", "", "HTTPS://www."]),
    st.text(alphabet="abcXYZ-.", max_size=8),
    st.sampled_from(
        ["example.org", "EXAMPLE.COM", "Example.Net", "x.TEST", "x.invalid", "x.example", "gov.uk"]
    ),
    st.sampled_from(["", "/", "/path?q=1", ":8080/", "#top", "."]),
)
def test_the_quick_test_never_misses_an_address_the_rule_accepts(scheme, start, domain, rest):
    address = f"{scheme}{start}{domain}{rest}"
    if is_example_address(address):
        assert may_hold_example_address(f"<p>See {address} now.</p>")


def test_text_with_no_placeholder_comes_back_unchanged():
    html = '<p><a href="https://www.gov.uk/">GOV.UK</a> or help@refuge.org.uk.</p>'
    assert not may_hold_example_address(html)
    assert mark_example_addresses(html, "Example address") == html
