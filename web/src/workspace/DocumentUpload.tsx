import { useId, useState } from 'react';
import type { Me, ParleyDocument, WorkspaceView } from '../api/types';
import { TextField } from '../components/fields';
import { Uploader } from '../upload/Uploader';
import { choiceFields, initialChoice, LabelPicker, labelProblem, type LabelChoice } from './LabelPicker';

interface DocumentUploadProps {
  workspace: WorkspaceView;
  me: Me;
  onUploaded: (document: ParleyDocument) => void;
  createXhr?: () => XMLHttpRequest;
}

/** A new document: title, label (within the ceiling, with the names it needs), then the file. */
export function DocumentUpload({ workspace, me, onUploaded, createXhr }: DocumentUploadProps) {
  const titleId = useId();
  const [title, setTitle] = useState('');
  const [choice, setChoice] = useState<LabelChoice>(() => initialChoice(workspace.labelCeiling));
  const fields = choiceFields(choice);
  return (
    <section className="panel" aria-labelledby={`${titleId}-heading`}>
      <h2 id={`${titleId}-heading`}>Add a document</h2>
      <TextField label="Title (optional; the file name otherwise)" maxLength={200} value={title} onChange={setTitle} />
      <LabelPicker
        ceiling={workspace.labelCeiling}
        value={choice}
        onChange={setChoice}
        members={workspace.members}
        myId={me.id}
        myOrganisation={me.organisation}
      />
      <Uploader<ParleyDocument>
        url={`/api/workspaces/${workspace.id}/documents`}
        label="Document file"
        buttonLabel="Upload document"
        fields={{ ...fields, ...(title.trim() ? { title: title.trim() } : {}) }}
        validate={() => labelProblem(choice, workspace.labelCeiling)}
        onUploaded={(document) => {
          setTitle('');
          onUploaded(document);
        }}
        createXhr={createXhr}
      />
    </section>
  );
}
