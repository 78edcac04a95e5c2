import { base, de, en, Faker } from "@faker-js/faker";
import type {
  Address,
  FulfillmentOrder,
  FulfillmentOrderTransactionType,
  FulfillmentStatus,
  FulfillmentType,
} from "@fulfillkit/core";
import {
  allowedActions,
  checkCustomerDeliveryRequest,
  nextStatus,
  OUTBOUND_TRANSACTION_TYPES,
} from "@fulfillkit/transitions";
import type { Provider, StoredOrder } from "./store";

export const PROVIDERS: readonly Provider[] = [
  { providerId: 1, providerName: "Nordlicht IT Services GmbH", apiKey: "sandbox-key-provider-1" },
  { providerId: 2, providerName: "Alpenblick Devices AG", apiKey: "sandbox-key-provider-2" },
];

// A catalogue of what providers on Equipme rent out, with realistic prices (EUR).
const SERVICES = [
  { name: "MacBook Pro 14 M4 Rental", category: "Laptops", part: "MX2H3D/A", recurring: 89, purchase: 0 },
  { name: "Dell Latitude 7450 Leasing", category: "Laptops", part: "N012L745014EMEA", recurring: 54, purchase: 0 },
  { name: "iPhone 16 Pro Subscription", category: "Smartphones", part: "MYNF3ZD/A", recurring: 49, purchase: 0 },
  { name: "Samsung Galaxy S25 Rental", category: "Smartphones", part: "SM-S931BZKDEUB", recurring: 39, purchase: 0 },
  { name: 'Dell UltraSharp 27" Monitor', category: "Monitors", part: "U2724D", recurring: 12, purchase: 49 },
  { name: "Logitech MX Keys Combo", category: "Peripherals", part: "920-011023", recurring: 4, purchase: 19 },
  { name: "Microsoft 365 Business Premium", category: "Software", part: "CFQ7TTC0LCHC", recurring: 20.6, purchase: 0 },
  { name: "Jabra Evolve2 65 Headset", category: "Audio", part: "26599-989-989", recurring: 6, purchase: 0 },
] as const;

const TRANSACTION_WEIGHTS: ReadonlyArray<{ weight: number; value: FulfillmentOrderTransactionType }> = [
  { weight: 50, value: "order" },
  { weight: 15, value: "swap" },
  { weight: 10, value: "change" },
  { weight: 15, value: "return" },
  { weight: 10, value: "cancellation" },
];

export interface SeedOptions {
  seed: number;
  orders: number;
  /** Orders are created between this date and 120 days before it (deterministic). */
  now?: Date;
}

const link = (href: string) => ({ href });

export class OrderFactory {
  private readonly faker: Faker;
  private readonly now: Date;

  constructor(seed: number, now = new Date("2026-11-20T09:00:00Z")) {
    this.faker = new Faker({ locale: [de, en, base] });
    this.faker.seed(seed);
    this.now = now;
  }

  private address(id: number): Address {
    const f = this.faker;
    return {
      id,
      line1: f.company.name().slice(0, 100),
      street: f.location.street().slice(0, 100),
      number: f.location.buildingNumber().slice(0, 30),
      city: f.location.city().slice(0, 100),
      postalCode: f.location.zipCode("#####"),
      countryCode: "DE",
      phoneNumber: f.phone.number().slice(0, 50),
      self: link(`/v1/addresses/${id}`),
    };
  }

  /** A new order (status `new`), fully populated. */
  create(
    id: number,
    providerId: number,
    overrides: {
      transactionType?: FulfillmentOrderTransactionType;
      isPreorder?: boolean;
      fulfillmentType?: FulfillmentType;
    } = {},
  ): StoredOrder {
    const f = this.faker;
    const transactionType = overrides.transactionType ?? f.helpers.weightedArrayElement([...TRANSACTION_WEIGHTS]);
    const outbound = OUTBOUND_TRANSACTION_TYPES.includes(transactionType);
    const service = f.helpers.arrayElement(SERVICES);
    const customerId = providerId * 100 + f.number.int({ min: 1, max: 12 });
    const created = f.date.between({ from: new Date(this.now.getTime() - 120 * 86_400_000), to: this.now });
    const firstName = f.person.firstName();
    const lastName = f.person.lastName();
    const company = f.company.name();
    const order: FulfillmentOrder = {
      id,
      transactionType,
      status: "new",
      fulfillmentType: overrides.fulfillmentType ?? (f.datatype.boolean(0.7) ? "in-house" : "dropshipping"),
      isPreorder: overrides.isPreorder ?? (outbound && f.datatype.boolean(0.15)),
      offer: {
        id: 5000 + SERVICES.indexOf(service),
        type: service.purchase > 0 ? "purchase" : "rental",
        purchasePrice: service.purchase,
        recurringPrice: service.recurring,
        currency: "EUR",
        subscriptionPeriod: f.helpers.arrayElement([12, 24, 36]),
        name: `${service.name} – ${service.purchase > 0 ? "purchase" : "monthly"}`,
        isDefault: true,
        self: link(`/v1/offers/${5000 + SERVICES.indexOf(service)}`),
      },
      service: {
        id: 300 + SERVICES.indexOf(service),
        name: service.name,
        category: service.category,
        supplierName: PROVIDERS.find((p) => p.providerId === providerId)?.providerName ?? null,
        type: "service",
        self: link(`/v1/services/${300 + SERVICES.indexOf(service)}`),
      },
      order: {
        id: 100_000 + id,
        orderNumber: `SO-${created.getUTCFullYear()}-${String(100_000 + id).padStart(6, "0")}`,
        customerOrderNumber: f.datatype.boolean(0.5) ? `PO-${f.string.numeric(6)}` : null,
        created: created.toISOString(),
        self: link(`/v1/sales-orders/${100_000 + id}`),
      },
      customer: {
        id: customerId,
        name: company.slice(0, 100),
        customerNumber: `K-${customerId}`,
        self: link(`/v1/customers/${customerId}`),
      },
      orderedBy: {
        id: 700 + f.number.int({ max: 299 }),
        firstName,
        lastName,
        email: f.internet.email({ firstName, lastName, provider: "example.com" }).toLowerCase().slice(0, 100),
        phoneBusiness: f.phone.number().slice(0, 50),
        self: link("/v1/employees/700"),
      },
      deliveryAddress: this.address(900_000 + id * 2),
      billingAddress: this.address(900_001 + id * 2),
      preferredProvisionDate: new Date(created.getTime() + 14 * 86_400_000).toISOString(),
      bomItems: outbound
        ? [
            {
              quantity: 1,
              product: {
                id: 40_000 + SERVICES.indexOf(service),
                name: service.name,
                partNumber: service.part,
                self: link("/v1/products/1"),
              },
            },
          ]
        : [],
      totalRecurringPrice: service.recurring,
      totalPurchasePrice: service.purchase,
      externalId: null,
      self: link(`/v1/fulfillment/orders/${id}`),
    };
    return { providerId, order };
  }

  /**
   * Walks an order forward by allowed provider actions (and, for preorders, the customer's
   * request), so that seeded statuses are ones the flow can really produce.
   */
  advance(stored: StoredOrder): void {
    const f = this.faker;
    const steps = f.helpers.weightedArrayElement([
      { weight: 35, value: 0 },
      { weight: 20, value: 1 },
      { weight: 15, value: 2 },
      { weight: 15, value: 3 },
      { weight: 15, value: 5 },
    ]);
    for (let step = 0; step < steps; step++) {
      const order = stored.order;
      const requested = checkCustomerDeliveryRequest(order);
      if (requested.ok && f.datatype.boolean(0.5)) {
        order.status = requested.to;
        continue;
      }
      // Cancelling is rare; the other actions move the order along the flow.
      const actions = allowedActions(order).filter((action) => action !== "cancel" || f.datatype.boolean(0.05));
      const action = actions.length > 0 ? f.helpers.arrayElement(actions) : undefined;
      const to: FulfillmentStatus | undefined = action && nextStatus(order, action);
      if (!to) return;
      order.status = to;
    }
  }
}

/** Deterministic seed data: the same `seed` and `orders` give the same orders. */
export function seedOrders({ seed, orders }: SeedOptions): StoredOrder[] {
  const factory = new OrderFactory(seed);
  const result: StoredOrder[] = [];
  for (let id = 1; id <= orders; id++) {
    // Every fifth order belongs to the second provider.
    const stored = factory.create(id, id % 5 === 0 ? 2 : 1);
    factory.advance(stored);
    result.push(stored);
  }
  return result;
}
