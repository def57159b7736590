import { listEnvelope, successEnvelope } from '@waygate/health-core';
import { z } from 'zod';

type One<T extends z.ZodType> = ReturnType<typeof successEnvelope<T>>;
type Many<T extends z.ZodType> = ReturnType<typeof listEnvelope<T>>;

// Envelopes are built on first use and cached, rather than at module load, so a bundle
// that imports a single resource neither builds nor keeps the others' schemas.
const ones = new WeakMap<z.ZodType, z.ZodType>();
const manys = new WeakMap<z.ZodType, z.ZodType>();

/** `{ success: true, data: T }`; methods return `data`. */
export const one = <T extends z.ZodType>(item: T): One<T> => {
  const cached = ones.get(item) as One<T> | undefined;
  if (cached) return cached;
  const schema = successEnvelope(item);
  ones.set(item, schema);
  return schema;
};

/** `{ success: true, data: T[], pagination }`; list methods return `{ data, pagination }`. */
export const many = <T extends z.ZodType>(item: T): Many<T> => {
  const cached = manys.get(item) as Many<T> | undefined;
  if (cached) return cached;
  const schema = listEnvelope(item);
  manys.set(item, schema);
  return schema;
};

let acknowledgement: z.ZodType<unknown> | undefined;

/**
 * What a DELETE may answer: 204 with no body, or a success envelope whose `data` the SDK
 * does not need. Anything else (an error envelope with 200, HTML…) is still rejected.
 */
export const ack = (): z.ZodType<unknown> => {
  acknowledgement ??= z.looseObject({ success: z.literal(true) }).optional();
  return acknowledgement;
};
