import { fireEvent, render, screen } from '@testing-library/react';
import { fakeApi, json, settle } from '../test/fakeApi';
import { useAction, useApi } from './useApi';

function Show({ path }: { path: string }) {
  const result = useApi<{ n: number }>(path);
  return (
    <>
      <p>{result.state === 'ok' ? `n=${result.data.n}` : result.state}</p>
      <button type="button" onClick={result.reload}>
        Reload
      </button>
    </>
  );
}

describe('useApi', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('keeps showing the data while the same path reloads, and starts afresh for another path', async () => {
    let n = 1;
    fakeApi({ 'GET /api/a': () => json({ n: n++ }), 'GET /api/b': () => new Promise<Response>(() => {}) as unknown as Response });
    const { rerender } = render(<Show path="/api/a" />);
    await settle();
    expect(screen.getByText('n=1')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(screen.getByText('n=1')).toBeTruthy();
    await settle();
    expect(screen.getByText('n=2')).toBeTruthy();

    rerender(<Show path="/api/b" />);
    expect(screen.getByText('loading')).toBeTruthy();
  });
});

describe('useAction', () => {
  afterEach(() => vi.unstubAllGlobals());

  function Act() {
    const action = useAction();
    return (
      <>
        <button type="button" onClick={() => action.run(() => Promise.reject(new Error('bug')))}>
          Go
        </button>
        <p>{action.error?.message ?? 'no error'}</p>
      </>
    );
  }

  it('keeps a failure in words, even one that is not an API error', async () => {
    render(<Act />);
    fireEvent.click(screen.getByRole('button', { name: 'Go' }));
    await settle();
    expect(screen.getByText(/Something went wrong/)).toBeTruthy();
  });
});
