import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Comment, ParleyDocument, WorkspaceView } from '../api/types';
import { useAction, useApi } from '../api/useApi';
import { formatWhen, personName } from '../components/format';
import { Loading, Problem } from '../components/Problem';
import { MentionInput } from './MentionInput';
import { mentionedIds } from './mentions';

export function Comments({ workspace, document }: { workspace: WorkspaceView; document: ParleyDocument }) {
  const path = `/api/workspaces/${workspace.id}/documents/${document.id}/comments`;
  const comments = useApi<Comment[]>(path);
  const [text, setText] = useState('');
  const post = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) {
      return;
    }
    const body = { text: text.trim(), mentions: mentionedIds(text, workspace.members) };
    if (await post.run(() => api<Comment>(path, { method: 'POST', body }))) {
      setText('');
      comments.reload();
    }
  }

  return (
    <section className="panel" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      {comments.state === 'loading' && <Loading what="Loading comments…" />}
      {comments.state === 'error' && <Problem error={comments.error} what="The comments could not be loaded." onRetry={comments.reload} />}
      {comments.state === 'ok' && comments.data.length === 0 && <p className="hint">No comments yet.</p>}
      {comments.state === 'ok' && comments.data.length > 0 && (
        <ol className="comments">
          {comments.data.map((comment) => (
            <li key={comment.id} className="comment">
              <p className="comment-meta">
                <strong>{comment.authorName ?? personName(workspace.members, comment.authorId)}</strong>{' '}
                <time dateTime={comment.createdAt}>{formatWhen(comment.createdAt)}</time>
              </p>
              <p className="comment-text">{comment.text}</p>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={submit} className="form">
        <MentionInput label="Your comment" value={text} onChange={setText} members={workspace.members} disabled={post.busy} />
        {post.error && <Problem error={post.error} what="The comment was not posted." />}
        <button type="submit" disabled={post.busy || !text.trim()}>
          Post comment
        </button>
      </form>
    </section>
  );
}
