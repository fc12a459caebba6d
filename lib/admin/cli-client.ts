/**
 * The management commands' view of a scheduler: the admin API (DESIGN §8), either of a running
 * `kronos run --http` or served in this process over a store opened directly (cli-direct.ts),
 * so both paths answer through the same routes and the same JSON.
 */
import { CliFailure, EXIT } from './cli-output.js';

export interface Api {
  /** Calls a route; resolves with the JSON answer, throws CliFailure on an error status. */
  call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

interface ErrorJson {
  error?: { code?: string; message?: string; field?: string };
}

/** The admin API at `url` with the bearer `token`. */
export function httpApi(url: string, token: string, close: () => Promise<void> = async () => {}): Api {
  const base = url.replace(/\/+$/, '');
  return {
    close,
    async call(method, path, body) {
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new CliFailure(`Cannot reach kronos at ${base} (${cause?.code ?? cause?.message ?? (error as Error).message}); is \`kronos run --http\` running there?`);
      }
      const text = await response.text();
      let answer: unknown;
      try {
        answer = text === '' ? {} : JSON.parse(text);
      } catch {
        throw new CliFailure(`${base}${path} answered ${response.status} with a body that is not JSON; is it a kronos admin API?`);
      }
      if (response.ok) return answer as Record<string, unknown>;
      const error = (answer as ErrorJson).error;
      const message = error?.message ?? `HTTP ${response.status}`;
      if (response.status === 404) throw new CliFailure(message, EXIT.notFound);
      if (response.status === 401) throw new CliFailure(`${message}: the token was refused (give it with --token-file FILE or KRONOS_TOKEN)`);
      throw new CliFailure(error?.field === undefined ? message : `${message} (${error.field})`);
    },
  };
}
