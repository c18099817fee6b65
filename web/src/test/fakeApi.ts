import { act } from '@testing-library/react';

export function json(body: unknown, status = 200, contentType = 'application/json'): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}

export interface Call {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

type Responder = (call: Call) => Response;

/**
 * A fake `/api/**`: routes keyed `"METHOD /path"` (the query string is matched only when the key has one).
 * Anything else answers 404 problem+json, so a test notices a call it did not expect.
 */
export function fakeApi(routes: Record<string, Responder | unknown>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    const method = (init?.method ?? 'GET').toUpperCase();
    const call: Call = { method, path, body: init?.body ? JSON.parse(String(init.body)) : undefined, headers: { ...(init?.headers as Record<string, string> | undefined) } };
    calls.push(call);
    const key =
      Object.keys(routes).find((candidate) => candidate === `${method} ${path}`) ??
      Object.keys(routes).find((candidate) => !candidate.includes('?') && candidate === `${method} ${path.split('?')[0]}`);
    if (key === undefined) {
      return json({ title: 'Not Found', status: 404, detail: `No fake for ${method} ${path}` }, 404, 'application/problem+json');
    }
    const route = routes[key];
    return typeof route === 'function' ? (route as Responder)(call) : json(route);
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, calls, sent: (method: string, path: string) => calls.filter((call) => call.method === method && call.path === path) };
}

/** Lets pending fetches and the renders they cause finish. */
export async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}
