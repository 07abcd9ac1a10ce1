"""Fill in an admin form the way a browser would: read the page's controls, then change some."""

from collections import defaultdict

import lxml.html


def form_data(response, form_id: str, **changes) -> dict:
    """The successful controls of form `form_id` in a rendered page, with `changes` applied."""
    page = lxml.html.fromstring(response.content.decode())
    form = page.get_element_by_id(form_id)
    data = defaultdict(list)
    for name, value in form.form_values():
        data[name].append(value)
    data.update({name: value for name, value in changes.items()})
    return dict(data)
