import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { fieldProblems, type FieldProblems } from '../api/fieldProblems';
import type { Me, WorkspaceSummary, WorkspaceView } from '../api/types';
import { useAction, useApi } from '../api/useApi';
import { SelectField, TextAreaField, TextField } from '../components/fields';
import { memberOrganisations } from '../components/format';
import { Loading, Problem } from '../components/Problem';
import { href, navigate } from '../router';
import { choiceFields, initialChoice, LabelPicker, labelProblem, type LabelChoice } from '../workspace/LabelPicker';
import { PlanEditor } from './PlanEditor';
import { DEFAULT_POLICY, planProblems, ringsBody, startingPlan, type RingDraft } from './plan';
import { RolloutTabs } from './RolloutTabs';
import { RELEASE_KINDS, type Release, type RolloutPolicy } from './types';
import { formatDuration, kindText } from './words';

/** Who may declare in a workspace: its owners and contributors (the service checks again, with the label). */
export function mayDeclareIn(workspace: Pick<WorkspaceSummary, 'myRole'>): boolean {
  return workspace.myRole === 'OWNER' || workspace.myRole === 'CONTRIBUTOR';
}

/** Government organisations read rollouts and never change them. */
export function mayDeclare(me: Me): boolean {
  return me.organisationType !== null && me.organisationType !== 'GOVERNMENT';
}

export function DeclareReleasePage({ me }: { me: Me }) {
  const workspaces = useApi<WorkspaceSummary[]>('/api/workspaces');
  const policy = useApi<RolloutPolicy>('/api/rollouts/policy');
  const usable = workspaces.state === 'ok' ? workspaces.data.filter(mayDeclareIn) : [];
  return (
    <>
      <RolloutTabs current={null} />
      <h1 id="page-heading" tabIndex={-1}>
        Declare a release
      </h1>
      {!mayDeclare(me) && <p className="message">People of government organisations follow rollouts; they do not declare releases.</p>}
      {mayDeclare(me) && workspaces.state === 'loading' && <Loading what="Loading your workspaces…" />}
      {mayDeclare(me) && workspaces.state === 'error' && (
        <Problem error={workspaces.error} what="Your workspaces could not be loaded." onRetry={workspaces.reload} />
      )}
      {mayDeclare(me) && workspaces.state === 'ok' && usable.length === 0 && (
        <div className="empty">
          <p>You can declare a release in a workspace where you are an owner or a contributor, and you are in none.</p>
        </div>
      )}
      {mayDeclare(me) && usable.length > 0 && (
        <DeclareForm me={me} workspaces={usable} policy={policy.state === 'ok' ? policy.data : DEFAULT_POLICY} />
      )}
    </>
  );
}

interface DeclareFormProps {
  me: Me;
  workspaces: WorkspaceSummary[];
  policy: RolloutPolicy;
}

function DeclareForm({ me, workspaces, policy }: DeclareFormProps) {
  const [workspaceId, setWorkspaceId] = useState(workspaces[0].id);
  const summary = workspaces.find((workspace) => workspace.id === workspaceId) ?? workspaces[0];
  const workspace = useApi<WorkspaceView>(`/api/workspaces/${summary.id}`);
  const ceiling = workspace.state === 'ok' ? workspace.data.labelCeiling : (summary.labelCeiling ?? 'TLP:CLEAR');
  const members = workspace.state === 'ok' ? workspace.data.members : [];
  const organisations = useMemo(() => memberOrganisations(members), [members]);

  const [product, setProduct] = useState('');
  const [version, setVersion] = useState('');
  const [kind, setKind] = useState<string>('SENSOR');
  const [text, setText] = useState('');
  const [choice, setChoice] = useState<LabelChoice>(() => initialChoice(ceiling));
  const [rings, setRings] = useState<RingDraft[]>(startingPlan);
  const [checked, setChecked] = useState<FieldProblems | null>(null);
  const declare = useAction();
  const summaryBox = useRef<HTMLDivElement>(null);

  // another workspace, another ceiling and other members: start the label over rather than keep stale names, and
  // ask no ring for a go from an organisation that is not in this workspace
  useEffect(() => setChoice(initialChoice(ceiling)), [ceiling, summary.id]);
  const loadedOrganisations = workspace.state === 'ok' ? organisations : null;
  useEffect(() => {
    if (loadedOrganisations) {
      setRings((current) =>
        current.map((ring) => ({ ...ring, signOffOrganisations: ring.signOffOrganisations.filter((org) => loadedOrganisations.includes(org)) })),
      );
    }
  }, [loadedOrganisations]);

  const problems: FieldProblems = { ...fieldProblems(declare.error), ...(checked ?? {}) };
  const messages = checked ? Object.values(checked) : [];
  useEffect(() => {
    if ((checked && Object.keys(checked).length > 0) || declare.error) {
      summaryBox.current?.focus();
    }
  }, [checked, declare.error]);

  function localProblems(): FieldProblems {
    const found: FieldProblems = {};
    if (!product.trim()) found.product = 'Give the product the release is for.';
    if (!version.trim()) found.version = 'Give the version being released.';
    if (!text.trim()) found.summary = 'Say in a sentence or two what the release changes.';
    const label = labelProblem(choice, ceiling);
    if (label) found.label = label;
    return { ...found, ...planProblems(rings, policy) };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = localProblems();
    setChecked(found);
    if (Object.keys(found).length > 0) {
      return;
    }
    await declare.run(async () => {
      const release = await api<Release>('/api/rollouts/releases', {
        method: 'POST',
        body: {
          workspaceId: summary.id,
          product: product.trim(),
          version: version.trim(),
          kind,
          summary: text.trim(),
          ...choiceFields(choice),
          rings: ringsBody(rings),
        },
      });
      navigate({ name: 'release', id: release.id });
    });
  }

  const kernelMode = policy.kernelModeKinds.includes(kind);
  return (
    <form className="panel form declare-form" onSubmit={submit} noValidate aria-labelledby="page-heading">
      <div ref={summaryBox} tabIndex={-1} className="error-summary-anchor">
        {messages.length > 0 && (
          <div className="message message-error" role="alert">
            <p>
              <strong>The release was not declared.</strong> Fix {messages.length === 1 ? 'this' : `these ${messages.length} things`} first:
            </p>
            <ul>
              {messages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </div>
        )}
        {declare.error && <Problem error={declare.error} what="The release was not declared." />}
      </div>
      <SelectField
        label="Workspace"
        hint="The workspace whose members follow the release; its label ceiling applies."
        value={summary.id}
        onChange={setWorkspaceId}
        options={workspaces.map((candidate) => ({ value: candidate.id, text: candidate.name }))}
        error={problems.workspaceId}
      />
      <TextField label="Product" maxLength={100} autoComplete="off" value={product} onChange={setProduct} error={problems.product} />
      <TextField label="Version" maxLength={60} autoComplete="off" value={version} onChange={setVersion} error={problems.version} />
      <SelectField
        label="Kind"
        value={kind}
        onChange={setKind}
        options={RELEASE_KINDS.map((value) => ({ value, text: kindText(value) }))}
        hint={kernelMode ? 'Kernel mode: the host must say go before it leaves the first ring.' : undefined}
        error={problems.kind}
      />
      <TextAreaField label="Summary" maxLength={2000} value={text} onChange={setText} error={problems.summary} />
      {workspace.state === 'error' && <Problem error={workspace.error} what="The workspace’s members could not be loaded." onRetry={workspace.reload} />}
      <LabelPicker
        ceiling={ceiling}
        value={choice}
        onChange={setChoice}
        members={members}
        myId={me.id}
        myOrganisation={me.organisation}
        legend="Handling label of the release"
        sharer="declarer"
      />
      {(problems.label || problems.namedPeople || problems.namedOrganisations) && (
        <p className="field-error">{[problems.label, problems.namedPeople, problems.namedOrganisations].filter(Boolean).join(' ')}</p>
      )}
      <PlanEditor
        rings={rings}
        onChange={setRings}
        organisations={organisations}
        problems={problems}
        note={
          kernelMode && policy.hostSignOffBeforeLeavingFirstRing
            ? `${kindText(kind)} is a kernel-mode kind: leaving ring 1 needs a go from the host, even if ring 1 does not list it.`
            : null
        }
      />
      <p className="hint">
        Portal policy: at least {policy.minimumRings} rings, each soaking at least {formatDuration(policy.minimumSoak)}. The release starts as a
        draft: nothing rolls out until it is scheduled and started.
      </p>
      <p className="actions">
        <button type="submit" disabled={declare.busy}>
          Declare release
        </button>
        <a href={href({ name: 'rollouts', workspaceId: null, state: null })}>Back to the rollout board</a>
      </p>
    </form>
  );
}
