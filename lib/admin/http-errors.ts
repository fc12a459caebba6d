/**
 * The admin API's error answers: every failure is `{ error: { code, message, field? } }` with a
 * fitting status (DESIGN §8). Library errors are mapped here, in one place, so a handler can
 * simply let a scheduler error through.
 */
import { DuplicateTaskError, HandlerNotFoundError, TaskNotFoundError } from '../errors.js';

/** The closed vocabulary of `error.code` in an answer (scripts may switch on it). */
export type HttpErrorCode =
  | 'unauthorized' | 'forbidden' | 'not-found' | 'job-not-found' | 'method-not-allowed' | 'duplicate-name'
  | 'payload-too-large' | 'bad-json' | 'bad-request' | 'conflict' | 'store-unavailable' | 'internal';

/** A failure with its HTTP status; `field` names the body key or query parameter at fault. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(readonly status: number, readonly code: HttpErrorCode, message: string, readonly field?: string) {
    super(message);
  }
}

/** 400 naming the field: what was expected and what was given. */
export function badField(field: string, message: string): HttpError {
  return new HttpError(400, 'bad-request', message, field);
}

export function jobNotFound(name: string): HttpError {
  return new HttpError(404, 'job-not-found', `No job named "${name}"`);
}

/** The field a library TypeError/RangeError names (its messages read ``Expected `x` to be ...``). */
function fieldOf(error: Error): string | undefined {
  return /`([A-Za-z_$][\w$.[\]]*)`/.exec(error.message)?.[1];
}

/**
 * Turns whatever a handler threw into an HttpError. Option errors from the scheduler become
 * 400 naming their field; anything unexpected is a 500 whose message hides internals.
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof TaskNotFoundError) return jobNotFound(error.taskName);
  if (error instanceof DuplicateTaskError) return new HttpError(409, 'duplicate-name', error.message, 'name');
  if (error instanceof HandlerNotFoundError) return badField('handler', error.message);
  if (error instanceof TypeError || error instanceof RangeError) {
    const field = fieldOf(error);
    return new HttpError(400, 'bad-request', error.message, field);
  }
  return new HttpError(500, 'internal', 'Internal error; see the server log');
}

/** The JSON body of an error answer. */
export function errorBody(error: HttpError): { error: { code: HttpErrorCode; message: string; field?: string } } {
  const body: { code: HttpErrorCode; message: string; field?: string } = { code: error.code, message: error.message };
  if (error.field !== undefined) body.field = error.field;
  return { error: body };
}
