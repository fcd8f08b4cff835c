/**
 * Small zod building blocks for tolerant response parsing: absent ≡ null, and URLs that
 * must be http(s) before anything fetches or shows them.
 */
import { z } from 'zod';

/** Absent, `null` → `null`; otherwise the value must match. Output is always `T | null`. */
export function nullish<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((v): z.output<T> | null => (v === undefined ? null : (v as z.output<T> | null)));
}

/** An absolute http(s) URL. Anything else (`javascript:`, `file:`, garbage) makes the body unsafe. */
export const httpUrl = z.string().refine(isHttpUrl, { message: 'Expected an http(s) URL' });

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** A signed URL field: `""` means absent (spec examples send it); otherwise it must be http(s). */
export const optionalUrl = z
  .string()
  .nullish()
  .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v))
  .refine((v) => v === null || isHttpUrl(v), { message: 'Expected an http(s) URL' });

/** A number the API sometimes sends as a numeric string. */
export const looseNumber = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

/** Read an optional string that some servers send as a number (e.g. ids, versions). */
export const looseString = z.union([z.string(), z.number().transform(String)]);
