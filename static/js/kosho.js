// Progressive enhancement only: every page works without this file.
// On a phone the search and filter panel starts folded, so the results come first, unless
// the panel has a message about a filter that could not be read.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.matchMedia("(max-width: 760px)").matches) return;
  for (const panel of document.querySelectorAll("details.refine")) {
    if (!panel.querySelector(".errorlist, .notice")) panel.open = false;
  }
});

// An id field with `data-autocomplete` (the agent filter) suggests records as one types a name:
// the API's own search fills a <datalist> whose values are ids. Without this script the field
// still takes an id.
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[data-autocomplete]")) {
    const list = document.createElement("datalist");
    list.id = `${input.id}-choices`;
    input.after(list);
    input.setAttribute("list", list.id);
    let timer;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const words = input.value.trim();
      if (!words || /^\d+$/.test(words)) return;
      timer = setTimeout(async () => {
        const url = `${input.dataset.autocomplete}?${new URLSearchParams({ q: words, page_size: 10 })}`;
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const { results } = await response.json();
        list.replaceChildren(
          ...results.map((record) => {
            const option = document.createElement("option");
            option.value = record.id;
            option.label = record.name;
            return option;
          }),
        );
      }, 200);
    });
  }
});

// A filter form sends only the fields that hold something: `?q=treaty`, not `?q=treaty&series=
// &kind=&…`. Without this script the server redirects such a request to the same clean URL.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.filters[method=get]")) {
    form.addEventListener("formdata", (event) => {
      const entries = [...event.formData.entries()];
      for (const name of new Set(entries.map(([name]) => name))) event.formData.delete(name);
      for (const [name, value] of entries) {
        if (typeof value !== "string" || value.trim() !== "") event.formData.append(name, value);
      }
    });
  }
});
