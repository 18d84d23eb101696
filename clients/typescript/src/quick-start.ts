import { randomUUID } from "node:crypto";
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

type Order = components["schemas"]["OrderResponse"];

/** A token for a machine-to-machine client. `/connect/token` is OAuth 2.0, not part of the OpenAPI document. */
export async function clientCredentialsToken(baseUrl: string, clientId: string, clientSecret: string): Promise<string> {
  const response = await fetch(`${baseUrl}/connect/token`, {
    method: "POST",
    headers: { Authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}` },
    body: new URLSearchParams({ grant_type: "client_credentials" }),
  });
  if (!response.ok) {
    throw new Error(`token request: ${response.status} ${await response.text()}`);
  }
  const token = (await response.json()) as { access_token: string };
  return token.access_token;
}

/** Creates a product and a customer, then places, pays, ships and delivers an order of two. */
export async function placePayShipAndDeliver(baseUrl: string, accessToken: string): Promise<Order> {
  const ordo = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${accessToken}` } });

  const product = ok(await ordo.POST("/api/v1/products", {
    body: { sku: `MUG-${randomUUID().slice(0, 8)}`, name: "Blue mug", unitPrice: { amount: 1999, currency: "EUR" }, initialStock: 10 },
  }));
  const customer = ok(await ordo.POST("/api/v1/customers", {
    body: { name: "Ada Lovelace", email: `ada-${randomUUID()}@example.com` },
  }));

  // A retry with the same Idempotency-Key and body gets the first answer back instead of a second order.
  let order = ok(await ordo.POST("/api/v1/orders", {
    params: { header: { "Idempotency-Key": randomUUID() } },
    body: { customerId: customer.id, lines: [{ productId: product.id, quantity: 2 }] },
  }));

  // If-Match: pay for the order as it was read, or get 412 if it changed since. Payments require an Idempotency-Key.
  const read = await ordo.GET("/api/v1/orders/{id}", { params: { path: { id: order.id } } });
  const etag = read.response.headers.get("ETag");
  order = ok(await ordo.POST("/api/v1/orders/{id}/payment", {
    params: { path: { id: order.id }, header: { "Idempotency-Key": randomUUID(), ...(etag ? { "If-Match": etag } : {}) } },
    body: { amount: order.total, externalReference: `psp_${randomUUID()}` },
  }));

  order = ok(await ordo.POST("/api/v1/orders/{id}/shipments", {
    params: { path: { id: order.id } },
    body: {
      carrier: "DHL",
      trackingNumber: "00340434161094042557",
      lines: order.lines.map((line) => ({ orderLineId: line.id, quantity: line.quantity - line.shippedQuantity })),
    },
  }));

  for (const shipment of order.shipments) {
    order = ok(await ordo.POST("/api/v1/orders/{id}/shipments/{shipmentId}/deliver", {
      params: { path: { id: order.id, shipmentId: shipment.id } },
    }));
  }

  // The states are enums in the document: a misspelt state ("complete") does not type-check.
  if (order.status !== "completed" || order.fulfilmentStatus !== "delivered") {
    throw new Error(`expected a completed, delivered order, got ${order.status}/${order.fulfilmentStatus}`);
  }
  return order;
}

/** The body of a 2xx, or an error carrying the problem+json Ordo answered with. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(`${result.response.status} ${result.response.url}: ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

const { ORDO = "http://localhost:5080", ORDO_CLIENT_ID, ORDO_CLIENT_SECRET } = process.env;
if (ORDO_CLIENT_ID && ORDO_CLIENT_SECRET) {
  const order = await placePayShipAndDeliver(ORDO, await clientCredentialsToken(ORDO, ORDO_CLIENT_ID, ORDO_CLIENT_SECRET));
  console.log(`${order.number}: ${order.status}/${order.paymentStatus}/${order.fulfilmentStatus}`);
}
