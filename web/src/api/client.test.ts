import { api, readCookie, requestHeaders } from './client';
import { ApiError, describeStatus, problemToError } from './problem';

function response(status: number, body: unknown, contentType = 'application/json'): Response {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': contentType } });
}

function deps(answer: Response | Error, redirects = true) {
  const fetch = vi.fn(async () => {
    if (answer instanceof Error) {
      throw answer;
    }
    return answer;
  });
  const onUnauthenticated = vi.fn(() => redirects);
  return { fetch: fetch as unknown as typeof window.fetch, onUnauthenticated, calls: fetch.mock.calls as unknown as [string, RequestInit][] };
}

describe('readCookie', () => {
  it('finds the named cookie among others and decodes it', () => {
    expect(readCookie('XSRF-TOKEN', 'a=1; XSRF-TOKEN=ab%2Bc; b=2')).toBe('ab+c');
  });

  it('does not match a cookie whose name only ends the same way', () => {
    expect(readCookie('XSRF-TOKEN', 'NOT-XSRF-TOKEN=x')).toBeNull();
  });
});

describe('requestHeaders', () => {
  it('echoes the CSRF cookie on state-changing calls only', () => {
    expect(requestHeaders('POST', 'XSRF-TOKEN=t0k3n')['X-XSRF-TOKEN']).toBe('t0k3n');
    expect(requestHeaders('delete', 'XSRF-TOKEN=t0k3n')['X-XSRF-TOKEN']).toBe('t0k3n');
    expect(requestHeaders('GET', 'XSRF-TOKEN=t0k3n')['X-XSRF-TOKEN']).toBeUndefined();
  });

  it('marks every call as XHR so the gateway answers 401 instead of redirecting to the login page', () => {
    expect(requestHeaders('GET', '')['X-Requested-With']).toBe('XMLHttpRequest');
  });
});

describe('api', () => {
  beforeEach(() => {
    document.cookie = 'XSRF-TOKEN=cookie-token';
  });

  it('sends same-origin credentials and returns the parsed body', async () => {
    const d = deps(response(200, [{ id: 'w1' }]));
    await expect(api('/api/workspaces', {}, d)).resolves.toEqual([{ id: 'w1' }]);
    const [path, init] = d.calls[0];
    expect(path).toBe('/api/workspaces');
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['X-XSRF-TOKEN']).toBeUndefined();
  });

  it('sends the CSRF header and a JSON body on POST', async () => {
    const d = deps(response(201, { id: 'n1' }));
    await api('/api/workspaces', { method: 'POST', body: { name: 'Safer updates' } }, d);
    const init = d.calls[0][1];
    const headers = init.headers as Record<string, string>;
    expect(headers['X-XSRF-TOKEN']).toBe('cookie-token');
    expect(headers['Content-Type']).toBe('application/json');
    expect(init.body).toBe('{"name":"Safer updates"}');
  });

  it('refuses to call anything outside /api/', async () => {
    const d = deps(response(200, {}));
    await expect(api('https://elsewhere.example/api/x', {}, d)).rejects.toThrow(/api/);
    expect(d.fetch).not.toHaveBeenCalled();
  });

  it('on 401 sends the person to sign in and reports a calm "signing in" error', async () => {
    const d = deps(response(401, { type: 'urn:parley:problem:unauthenticated', title: 'Unauthorized' }, 'application/problem+json'));
    const error = await api('/api/identity/me', {}, d).catch((e: unknown) => e);
    expect(d.onUnauthenticated).toHaveBeenCalledTimes(1);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).signingIn).toBe(true);
  });

  it('on 401 when sign-in keeps failing says so instead of looping', async () => {
    const d = deps(response(401, ''), false);
    const error = (await api('/api/identity/me', {}, d).catch((e: unknown) => e)) as ApiError;
    expect(error.signingIn).toBe(false);
    expect(error.message).toMatch(/Signing in did not succeed/);
  });

  it("turns a problem's detail into the error message", async () => {
    const d = deps(
      response(403, { type: 'urn:parley:problem:not-a-member', title: 'Forbidden', status: 403, detail: 'You are not a member of this workspace.' }, 'application/problem+json'),
    );
    await expect(api('/api/workspaces/w1', {}, d)).rejects.toThrow('You are not a member of this workspace.');
  });

  it('says in words that nothing answered when the network fails', async () => {
    const d = deps(new TypeError('Failed to fetch'));
    await expect(api('/api/workspaces', {}, d)).rejects.toThrow(/cannot be reached/);
  });

  it('returns nothing for 204', async () => {
    const d = deps(response(204, undefined));
    await expect(api('/api/notifications/1/read', { method: 'POST' }, d)).resolves.toBeUndefined();
  });
});

describe('problemToError', () => {
  it('uses the title when there is no detail', () => {
    expect(problemToError(409, 'application/problem+json', '{"title":"The name is taken"}').message).toBe('The name is taken');
  });

  it("prefers our words over a server error's generic title", () => {
    const error = problemToError(500, 'application/problem+json', '{"title":"Internal Server Error"}');
    expect(error.message).toBe(describeStatus(500));
  });

  it('explains a rejected CSRF token as a stale page', () => {
    const error = problemToError(403, 'application/problem+json', '{"type":"urn:parley:problem:csrf-rejected","title":"Forbidden"}');
    expect(error.message).toMatch(/Reload the page/);
  });

  it('survives an HTML error page from a proxy', () => {
    const error = problemToError(502, 'text/html', '<html>Bad gateway</html>');
    expect(error.message).toMatch(/not available right now/);
    expect(error.problem).toBeNull();
  });

  it('survives a body that claims JSON but is not', () => {
    expect(problemToError(404, 'application/json', '<oops>').message).toBe(describeStatus(404));
  });
});
