/**
 * Bearer tokens for the admin API: a full token, and optionally a read-only one for viewers.
 * Tokens are compared in constant time: both sides are hashed to 32 bytes first, so
 * `timingSafeEqual` always sees equal lengths and neither the content nor the length of the
 * expected token leaks through response times.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { invalidType, outOfRange } from '../errors.js';
import { HttpError } from './http-errors.js';

/** What a request may do: everything, or only read. */
export type Access = 'full' | 'read';

/** Shortest token accepted: shorter ones are guessable. */
const MIN_TOKEN_LENGTH = 16;

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** True when `given` equals the token whose digest is `expected`, in constant time. */
export function tokenMatches(given: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(given), expected);
}

/** A fresh random token (URL-safe), for a server started without one. */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

export function checkToken(token: unknown, option: string): string {
  if (typeof token !== 'string') throw invalidType(option, `a string of at least ${MIN_TOKEN_LENGTH} characters`, token);
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) throw outOfRange(option, `a string of at least ${MIN_TOKEN_LENGTH} characters without spaces`, token.length < MIN_TOKEN_LENGTH ? `${token.length} characters` : token);
  return token;
}

export class Authenticator {
  readonly #full: Buffer;
  readonly #read: Buffer | null;

  constructor(token: string, readOnlyToken: string | undefined) {
    this.#full = digest(token);
    this.#read = readOnlyToken === undefined ? null : digest(readOnlyToken);
  }

  /** The access the request's `Authorization: Bearer <token>` grants, or a 401. */
  access(request: IncomingMessage): Access {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header) : null;
    if (match === null) throw new HttpError(401, 'unauthorized', 'Send the token as `Authorization: Bearer <token>`');
    const given = match[1]!;
    // Both comparisons always run, so which token matched does not show in the timing either.
    const full = tokenMatches(given, this.#full);
    const read = this.#read !== null && tokenMatches(given, this.#read);
    if (full) return 'full';
    if (read) return 'read';
    throw new HttpError(401, 'unauthorized', 'The token is not valid');
  }
}
