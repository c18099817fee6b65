import { useId, useState, type FormEvent } from 'react';
import type { ParleyDocument } from '../api/types';
import { useApi } from '../api/useApi';
import { Loading, Problem } from '../components/Problem';
import { navigate } from '../router';
import { DocumentTable } from '../workspace/DocumentsSection';

/** A search box that leads to `#/search?q=…`; also on "My workspaces". */
export function SearchForm({ initial = '' }: { initial?: string }) {
  const id = useId();
  const [q, setQ] = useState(initial);
  function submit(event: FormEvent) {
    event.preventDefault();
    navigate({ name: 'search', q: q.trim() });
  }
  return (
    <form role="search" className="search" onSubmit={submit}>
      <label htmlFor={id}>Search documents in my workspaces</label>
      <div className="search-row">
        <input id={id} type="search" value={q} onChange={(event) => setQ(event.target.value)} />
        <button type="submit">Search</button>
      </div>
    </form>
  );
}

export function SearchPage({ q }: { q: string }) {
  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        Search documents
      </h1>
      <SearchForm key={q} initial={q} />
      {q ? <Results q={q} /> : <p className="hint">Search by title or file name across the workspaces you belong to.</p>}
    </>
  );
}

function Results({ q }: { q: string }) {
  const results = useApi<ParleyDocument[]>(`/api/documents?q=${encodeURIComponent(q)}`);
  return (
    <section className="panel" aria-labelledby="results-heading">
      <h2 id="results-heading">Results for “{q}”</h2>
      {results.state === 'loading' && <Loading what="Searching…" />}
      {results.state === 'error' && <Problem error={results.error} what="The search did not succeed." onRetry={results.reload} />}
      {results.state === 'ok' && (
        <>
          <p role="status">
            {results.data.length === 0 ? 'No documents found.' : `${results.data.length} document${results.data.length === 1 ? '' : 's'} found.`}
          </p>
          {results.data.length > 0 && <DocumentTable documents={results.data} />}
        </>
      )}
    </section>
  );
}
