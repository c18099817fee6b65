import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { ParleyDocument, WorkspaceSummary } from '../api/types';
import { useAction, useApi } from '../api/useApi';
import { SelectField } from '../components/fields';
import { Loading, Problem } from '../components/Problem';
import { parseTlp, tlpRank } from '../components/TlpBadge';
import { href } from '../router';

/**
 * The workspaces a copy may go to, as far as the SPA can tell: another one, where the person contributes or owns,
 * whose ceiling admits the label. Whether its members fit a RED or AMBER+STRICT audience only workspace knows
 * (ADR 0017); its refusal is shown as it comes.
 */
export function copyTargets(workspaces: WorkspaceSummary[], from: string, label: string): WorkspaceSummary[] {
  const wanted = parseTlp(label);
  return workspaces.filter((workspace) => {
    const ceiling = parseTlp(workspace.labelCeiling);
    return (
      workspace.id !== from &&
      workspace.myRole !== 'READER' &&
      wanted !== null &&
      (ceiling === null || tlpRank(wanted) <= tlpRank(ceiling))
    );
  });
}

interface CopyDocumentProps {
  workspaceId: string;
  document: ParleyDocument;
}

export function CopyDocument({ workspaceId, document }: CopyDocumentProps) {
  const id = useId();
  const workspaces = useApi<WorkspaceSummary[]>('/api/workspaces');
  const [target, setTarget] = useState('');
  const [version, setVersion] = useState(String(document.latestVersion));
  const [copied, setCopied] = useState<{ workspace: WorkspaceSummary; document: ParleyDocument } | null>(null);
  const copy = useAction();

  if (workspaces.state === 'loading') {
    return <Loading what="Loading your workspaces…" />;
  }
  const targets = workspaces.state === 'ok' ? copyTargets(workspaces.data, workspaceId, document.label) : [];
  const chosen = targets.find((workspace) => workspace.id === target) ?? targets[0];

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) {
      return;
    }
    setCopied(null);
    let result: ParleyDocument | undefined;
    const path = `/api/workspaces/${workspaceId}/documents/${document.id}/copies`;
    const ok = await copy.run(async () => {
      result = await api<ParleyDocument>(path, {
        method: 'POST',
        body: { targetWorkspaceId: chosen.id, version: Number(version) },
      });
    });
    if (ok && result) {
      setCopied({ workspace: chosen, document: result });
    }
  }

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Copy to workspace…</h2>
      {workspaces.state === 'error' && (
        <Problem error={workspaces.error} what="Your workspaces could not be loaded." onRetry={workspaces.reload} />
      )}
      {workspaces.state === 'ok' && targets.length === 0 ? (
        <p className="hint">
          None of your other workspaces can take it: you need to be a contributor or owner there, and its label ceiling
          must admit {document.label}.
        </p>
      ) : (
        workspaces.state === 'ok' && (
          <>
            <p className="hint">
              The copy keeps the label {document.label} and who it names. It is refused when the other workspace’s
              members are wider than the label allows.
            </p>
            <SelectField
              label="Workspace"
              value={chosen?.id ?? ''}
              onChange={setTarget}
              options={targets.map((workspace) => ({ value: workspace.id, text: workspace.name }))}
            />
            <SelectField
              label="Version"
              value={version}
              onChange={setVersion}
              options={[...document.versions]
                .sort((a, b) => b.version - a.version)
                .map((entry) => ({
                  value: String(entry.version),
                  text: `Version ${entry.version}${entry.version === document.latestVersion ? ' (latest)' : ''}`,
                }))}
            />
            {copy.error && <Problem error={copy.error} what="The document was not copied." />}
            {copied && (
              <p className="message" role="status">
                Copied to {copied.workspace.name}:{' '}
                <a href={href({ name: 'document', workspaceId: copied.workspace.id, documentId: copied.document.id })}>
                  open the copy
                </a>
                .
              </p>
            )}
            <button type="submit" disabled={copy.busy}>
              Copy
            </button>
          </>
        )
      )}
    </form>
  );
}
