import type { z } from 'zod';
import { ack, many, one } from './envelopes';
import type { ExpectedBody, ResponseKey } from './responses';
import type { Transport, TransportRequest } from './transport';

/** Core's schemas by the names resources give (`{ HealthCheck }`): what a client validates with. */
export type SchemaTable = { readonly [K in ResponseKey]?: z.ZodType };

const nullables = new WeakMap<z.ZodType, z.ZodType>();

const nullable = (item: z.ZodType): z.ZodType => {
  let schema = nullables.get(item);
  if (!schema) {
    schema = item.nullable();
    nullables.set(item, schema);
  }
  return schema;
};

const schemaFor = (table: SchemaTable, expected: ExpectedBody): z.ZodType | undefined => {
  if (expected.envelope === 'ack') return ack();
  if (expected.envelope === 'text') return undefined;
  const item = table[expected.item];
  // Every resource of the validating entry registers its schemas: a miss is a bug of this SDK.
  if (!item) throw new Error(`@waygate/health-client: no schema for ${expected.item}`);
  if (expected.envelope === 'many') return many(item);
  return one(expected.nullable ? nullable(item) : item);
};

/**
 * The transport of the main entry: each response is parsed with the core schema its resource
 * names (envelope included), so a 2xx the SDK does not understand throws
 * `ResponseValidationError`. Resources import no schema themselves; a table is given here.
 */
export const validating = (transport: Transport, table: SchemaTable): Transport =>
  ({
    request: (request: TransportRequest) => {
      const schema = request.schema ?? (request.expect && schemaFor(table, request.expect));
      return transport.request(schema ? { ...request, schema } : request);
    },
  }) as Transport;
