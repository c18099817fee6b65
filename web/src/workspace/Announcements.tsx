import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Announcement, WorkspaceView } from '../api/types';
import { useAction, useApi } from '../api/useApi';
import { SelectField, TextAreaField, TextField, type Option } from '../components/fields';
import { formatWhen, personName } from '../components/format';
import { Loading, Problem } from '../components/Problem';
import { labelsWithin, parseTlp, TLP, TlpBadge } from '../components/TlpBadge';

export function Announcements({ workspace }: { workspace: WorkspaceView }) {
  const path = `/api/workspaces/${workspace.id}/announcements`;
  const announcements = useApi<Announcement[]>(path);
  return (
    <>
      {workspace.myRole === 'OWNER' && (
        <AnnouncementForm
          heading="Post an announcement to this workspace"
          labels={labelsWithin(parseTlp(workspace.labelCeiling) ?? 'CLEAR').map((label) => TLP[label].text)}
          send={(body) => api(path, { method: 'POST', body })}
          onPosted={announcements.reload}
        />
      )}
      <section className="panel" aria-labelledby="announcements-heading">
        <h2 id="announcements-heading">Announcements</h2>
        {announcements.state === 'loading' && <Loading what="Loading announcements…" />}
        {announcements.state === 'error' && (
          <Problem error={announcements.error} what="The announcements could not be loaded." onRetry={announcements.reload} />
        )}
        {announcements.state === 'ok' && announcements.data.length === 0 && <p className="hint">No announcements yet.</p>}
        {announcements.state === 'ok' && announcements.data.length > 0 && (
          <ol className="announcements">
            {announcements.data.map((announcement) => (
              <li key={announcement.id} className="announcement">
                <h3>
                  <TlpBadge label={announcement.label} /> {announcement.title}
                </h3>
                <p className="comment-meta">
                  {personName(workspace.members, announcement.postedBy)},{' '}
                  <time dateTime={announcement.postedAt}>{formatWhen(announcement.postedAt)}</time>
                </p>
                <p className="announcement-body">{announcement.body}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

export interface AnnouncementDraft {
  title: string;
  body: string;
  label: string;
  audience?: string;
}

interface AnnouncementFormProps {
  heading: string;
  labels: string[];
  /** Where it goes, for the portal-wide form: value and words. */
  audiences?: Option[];
  send: (draft: AnnouncementDraft) => Promise<unknown>;
  onPosted?: () => void;
}

export function AnnouncementForm({ heading, labels, audiences, send, onPosted }: AnnouncementFormProps) {
  const id = useId();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [label, setLabel] = useState(labels.includes('TLP:GREEN') ? 'TLP:GREEN' : labels[0]);
  const [audience, setAudience] = useState(audiences?.[0]?.value);
  const [posted, setPosted] = useState(false);
  const post = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPosted(false);
    if (await post.run(() => send({ title: title.trim(), body: body.trim(), label, ...(audience ? { audience } : {}) }))) {
      setTitle('');
      setBody('');
      setPosted(true);
      onPosted?.();
    }
  }

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {audiences && audience !== undefined && <SelectField label="Audience" value={audience} onChange={setAudience} options={audiences} />}
      <TextField label="Title" required maxLength={200} value={title} onChange={setTitle} />
      <TextAreaField label="Message" required rows={4} maxLength={5000} value={body} onChange={setBody} />
      <SelectField label="Label" value={label} onChange={setLabel} options={labels.map((option) => ({ value: option, text: option }))} />
      {post.error && <Problem error={post.error} what="The announcement was not posted." />}
      <p role="status">{posted ? 'Announcement posted.' : ''}</p>
      <button type="submit" disabled={post.busy}>
        Post announcement
      </button>
    </form>
  );
}
