import { randomBytes } from 'node:crypto';

/** A random opaque id with a type prefix, e.g. `pay_3f9c…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}
