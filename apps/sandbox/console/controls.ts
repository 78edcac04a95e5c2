import { consoleApi } from "./api";
import { byId, h, say } from "./dom";
import { state } from "./state";

/** Rates are 0–1; every other fault setting is a non-negative number. */
const isRate = (name: string) => name.startsWith("rate");

/** Tenant switch, the fault settings (whatever `/_sandbox/faults` holds), reset with a seed. */
export async function renderControls(onTenant: (providerId: number) => void, onReset: () => void): Promise<void> {
  const faults = await consoleApi.faults();
  const faultInputs = Object.entries(faults)
    .filter(([, value]) => typeof value === "number")
    .map(([name, value]) =>
      h(
        "label",
        { for: `fault-${name}` },
        `${name} `,
        h("input", {
          id: `fault-${name}`,
          name,
          type: "number",
          min: 0,
          ...(isRate(name) ? { max: 1, step: 0.05 } : { step: 1 }),
          value,
        }),
      ),
    );
  const faultForm = h(
    "form",
    {
      class: "faults",
      "aria-label": "Fault injection",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const settings: Record<string, number> = {};
        for (const input of (event.target as HTMLFormElement).querySelectorAll("input")) {
          settings[input.name] = Number(input.value);
        }
        try {
          await consoleApi.setFaults(settings);
          say("Fault settings applied.");
        } catch (error) {
          say((error as Error).message);
        }
      },
    },
    faultInputs,
    h("button", { type: "submit", id: "apply-faults" }, "Apply faults"),
  );
  const resetForm = h(
    "form",
    {
      class: "reset",
      "aria-label": "Reset",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const seed = Number((byId("reset-seed") as HTMLInputElement).value);
        const result = await consoleApi.reset(seed);
        say(`Reset: ${result.orders} orders from seed ${result.seed}; faults off.`);
        onReset();
      },
    },
    h("label", { for: "reset-seed" }, "Seed "),
    h("input", { id: "reset-seed", type: "number", min: 0, step: 1, value: 1 }),
    h("button", { type: "submit", id: "reset" }, "Reset"),
  );
  const tenant = h(
    "label",
    { for: "tenant" },
    "Tenant ",
    h(
      "select",
      { id: "tenant", onchange: (event: Event) => onTenant(Number((event.target as HTMLSelectElement).value)) },
      state.tenants.map((t) =>
        h("option", { value: t.providerId, selected: t.providerId === state.tenant?.providerId }, t.providerName),
      ),
    ),
  );
  byId("controls").replaceChildren(tenant, faultForm, resetForm);
}
