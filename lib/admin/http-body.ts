/**
 * Request bodies and query strings: read with a size limit (413 past it), parsed as JSON (400
 * when malformed), and checked key by key (400 naming the first unknown or bad field).
 */
import type { IncomingMessage } from 'node:http';
import { HttpError, badField } from './http-errors.js';
import { describeValue } from '../errors.js';

/** A parsed JSON object body (never an array or a scalar). */
export type JsonObject = Record<string, unknown>;

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'payload-too-large', `The body is larger than the limit of ${limit} bytes`);
}

/**
 * Reads the body up to `limit` bytes. A declared Content-Length over the limit is refused
 * before reading; a body that grows past it is refused as soon as it does. The rest is read
 * and dropped (not destroyed: that would close the socket before the 413 is sent).
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    request.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    request.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks = [];
        reject(tooLarge(limit));
      } else chunks.push(chunk);
    });
    request.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    request.on('error', reject);
  });
}

/** Parses a JSON object body; an empty body is `{}`. */
export function parseObject(raw: Buffer): JsonObject {
  const text = raw.toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'bad-json', `The body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'bad-json', `The body must be a JSON object, got ${describeValue(value)}`);
  }
  return value as JsonObject;
}

/** Throws a 400 naming the first key of `object` that is not in `allowed`. */
export function rejectUnknown(object: JsonObject, allowed: ReadonlySet<string> | readonly string[], where = 'body'): void {
  const known = allowed instanceof Set ? allowed : new Set(allowed as readonly string[]);
  for (const key of Object.keys(object)) {
    if (!known.has(key)) throw badField(key, `Unknown ${where === 'query' ? 'query parameter' : 'field'} \`${key}\`; expected one of: ${[...known].join(', ') || '(none)'}`);
  }
}

/** An optional integer field in [min, max]. */
export function optionalInteger(object: JsonObject, key: string, min: number, max: number): number | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw badField(key, `Expected \`${key}\` to be an integer from ${min} to ${max}, got ${describeValue(value)}`);
  }
  return value;
}

export function optionalBoolean(object: JsonObject, key: string): boolean | undefined {
  const value = object[key];
  if (value === undefined || typeof value === 'boolean') return value;
  throw badField(key, `Expected \`${key}\` to be true or false, got ${describeValue(value)}`);
}

/** The query string as an object of strings; a repeated parameter is a 400. */
export function queryOf(url: URL, allowed: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (key in out) throw badField(key, `The query parameter \`${key}\` is given twice`);
    out[key] = value;
  }
  rejectUnknown(out, allowed, 'query');
  return out;
}

/** An optional integer query parameter in [min, max], or `fallback`. */
export function queryInteger(query: Record<string, string>, key: string, min: number, max: number, fallback: number): number {
  const text = query[key];
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw badField(key, `Expected \`${key}\` to be an integer from ${min} to ${max}, got ${describeValue(text)}`);
  }
  return value;
}
