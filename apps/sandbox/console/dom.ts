type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** `h("button", { class: "x", onclick }, "text")`: an element with attributes, listeners and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, ""), value);
    else if (value === true) element.setAttribute(name, "");
    else if (value !== undefined && value !== false) element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

export function byId(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element;
}

/** Announces a message in the status line (a polite live region). */
export function say(message: string): void {
  byId("status").textContent = message;
}

/**
 * A labelled `<select>` whose first option is "any" (the empty value): the filters' one shape.
 * `options` are `[value, text]` pairs; `onChange` gets the chosen value.
 */
export function selectField(
  id: string,
  label: string,
  options: readonly (readonly [value: string, text: string])[],
  onChange: (value: string) => void,
): HTMLLabelElement {
  return h(
    "label",
    { for: id },
    `${label} `,
    h(
      "select",
      { id, onchange: (event: Event) => onChange((event.target as HTMLSelectElement).value) },
      [["", "any"] as const, ...options].map(([value, text]) => h("option", { value }, text)),
    ),
  );
}
