// The admin API from the page: the token is read from the URL fragment (`#token=...`, which
// the browser never sends to the server) or asked for, kept in sessionStorage for this tab
// only, and sent as a bearer token with every call.
const KEY = 'kronos.token';

/** Thrown for a 401: the page asks for the token again. */
export class Unauthorized extends Error {}

/** Takes `token=` out of the fragment into sessionStorage; the rest of the fragment stays. */
export function adoptFragmentToken() {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  if (token === null) return;
  params.delete('token');
  if (token !== '') sessionStorage.setItem(KEY, token);
  const rest = params.toString();
  history.replaceState(null, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
}

export function getToken() {
  return sessionStorage.getItem(KEY);
}

export function setToken(token) {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
}

/** Calls the API; resolves to the JSON answer, rejects with the API's error message. */
export async function api(method, path, body) {
  const token = getToken();
  if (token === null) throw new Unauthorized('No token');
  const init = { method, headers: { authorization: `Bearer ${token}` }, cache: 'no-store' };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  let json = null;
  try {
    json = await response.json();
  } catch {
    // A non-JSON answer keeps json null; the status says what happened.
  }
  if (response.status === 401) throw new Unauthorized(json?.error?.message ?? 'The token was refused');
  if (!response.ok) {
    const error = new Error(json?.error?.message ?? `${method} ${path}: HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return json;
}

export const jobPath = (name) => `/api/jobs/${encodeURIComponent(name)}`;
