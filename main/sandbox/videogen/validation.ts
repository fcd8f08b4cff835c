// Request-body validation for VideoGen: a zod schema mirroring the spec's request schema, with
// failures answered as 400 `invalid_parameters` naming every offending field.
import type { z } from 'zod';
import { VideoGenError, invalidParameters } from '../errors';

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === undefined) throw invalidParameters('', 'Request body is required and must be a JSON object.');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidParameters('', 'Request body must be a JSON object.');
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(issue, body));
  return fail(problems);
}

function fail(problems: string[]): never {
  throw new VideoGenError(400, `Invalid parameters. ${problems.join('; ')}`, 'invalid_parameters');
}

export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || 'body';
}

function valueAt(body: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = body;
  for (const part of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[part];
  }
  return v;
}

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, body: unknown): string {
  const field = fieldPath(issue.path);
  const value = valueAt(body, issue.path);
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return `${field} is required`;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`;
      return `${field} must be ${expected}, got ${describeValue(value)}`;
    }
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map((v) => String(v)).join(', ')}, got ${describeValue(value)}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `${field} must have at most ${String(issue.maximum)} items`
        : issue.origin === 'string'
          ? `${field} must be at most ${String(issue.maximum)} characters`
          : `${field} must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}, got ${describeValue(value)}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `${field} must have at least ${String(issue.minimum)} item${Number(issue.minimum) === 1 ? '' : 's'}`
        : issue.origin === 'string'
          ? `${field} must be at least ${String(issue.minimum)} character${Number(issue.minimum) === 1 ? '' : 's'}`
          : `${field} must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${String(issue.minimum)}, got ${describeValue(value)}`;
    case 'invalid_format':
      return `${field} must be a valid ${issue.format}`;
    case 'invalid_union': {
      // A discriminated union (remix actions): the path already ends at the discriminator.
      const options = (issue as { options?: unknown[] }).options;
      if (Array.isArray(options) && options.length > 0) {
        return value === undefined ? `${field} is required` : `${field} must be one of ${options.map(String).join(', ')}, got ${describeValue(value)}`;
      }
      return `${field} does not match any allowed shape`;
    }
    default:
      return `${field}: ${issue.message}`;
  }
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}
