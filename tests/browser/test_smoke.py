def test_home_page_loads_under_netlify_headers(page, base_url):
    response = page.goto(base_url + "/")
    assert response.status == 200
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert page.locator("h1").count() == 1
