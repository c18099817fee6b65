import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { ApiError } from '../api/problem';
import { UploadProgress } from './UploadProgress';
import { upload, UploadCancelled, type UploadHandle, type UploadProgressEvent } from './upload';

type UploadState =
  | { state: 'idle' }
  | { state: 'uploading'; fileName: string; progress: UploadProgressEvent }
  | { state: 'done'; fileName: string }
  | { state: 'cancelled'; fileName: string }
  | { state: 'refused'; message: string }
  | { state: 'failed'; fileName: string; message: string };

export type UploadFields = Record<string, string | readonly string[]>;

interface UploaderProps<T> {
  /** Where the file goes (multipart, one part named `fieldName`). */
  url: string;
  /** Names the drop zone and the file input. */
  label: string;
  /** The button that opens the file chooser. */
  buttonLabel?: string;
  fieldName?: string;
  /** More multipart fields (e.g. the label), sent before the file so the service can check them first. */
  fields?: UploadFields;
  /** Checked before anything is sent: a sentence saying what is missing, or null to go ahead. */
  validate?: () => string | null;
  onUploaded?: (result: T) => void;
  createXhr?: () => XMLHttpRequest;
}

/** Choose a file or drop one; one upload at a time, with progress, cancel and a readable outcome. */
export function Uploader<T = unknown>({
  url,
  label,
  buttonLabel = 'Upload document',
  fieldName = 'file',
  fields = {},
  validate,
  onUploaded,
  createXhr,
}: UploaderProps<T>) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<UploadState>({ state: 'idle' });
  const [dragging, setDragging] = useState(false);
  const handle = useRef<UploadHandle<T> | null>(null);

  // leaving the page cancels a transfer nobody would see finish
  useEffect(() => () => handle.current?.cancel(), []);

  function start(file: File) {
    if (handle.current) {
      return;
    }
    const refusal = validate?.() ?? null;
    if (refusal) {
      setStatus({ state: 'refused', message: refusal });
      return;
    }
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) {
      for (const one of typeof value === 'string' ? [value] : value) {
        body.append(name, one);
      }
    }
    body.append(fieldName, file, file.name);
    setStatus({ state: 'uploading', fileName: file.name, progress: { loaded: 0, total: file.size || null } });
    const current = upload<T>({
      url,
      body,
      createXhr,
      onProgress: (progress) => setStatus({ state: 'uploading', fileName: file.name, progress }),
    });
    handle.current = current;
    current.result.then(
      (result) => {
        handle.current = null;
        setStatus({ state: 'done', fileName: file.name });
        onUploaded?.(result);
      },
      (error: unknown) => {
        handle.current = null;
        if (error instanceof UploadCancelled) {
          setStatus({ state: 'cancelled', fileName: file.name });
        } else {
          const message = error instanceof ApiError ? error.message : 'The upload did not succeed. Try again.';
          setStatus({ state: 'failed', fileName: file.name, message });
        }
      },
    );
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) {
      start(file);
    }
  }

  const busy = status.state === 'uploading';
  return (
    <div
      className={dragging ? 'uploader uploader-dragging' : 'uploader'}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label htmlFor={inputId} className="uploader-label">
        {label}
      </label>
      <p className="uploader-hint">Choose a file, or drop it here.</p>
      {/* the button is the keyboard's way in; the input stays for the file chooser and for drops on it */}
      <input
        ref={input}
        id={inputId}
        className="visually-hidden"
        type="file"
        tabIndex={-1}
        disabled={busy}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) {
            start(file);
          }
        }}
      />
      <button type="button" disabled={busy} onClick={() => input.current?.click()}>
        {buttonLabel}
      </button>
      {status.state === 'uploading' && (
        <UploadProgress fileName={status.fileName} progress={status.progress} onCancel={() => handle.current?.cancel()} />
      )}
      <p className="uploader-outcome" role="status">
        {status.state === 'done' && `Uploaded ${status.fileName}.`}
        {status.state === 'cancelled' && `Upload of ${status.fileName} cancelled.`}
      </p>
      {status.state === 'failed' && (
        <p className="message message-error" role="alert">
          {status.fileName} was not uploaded: {status.message}
        </p>
      )}
      {status.state === 'refused' && (
        <p className="message message-error" role="alert">
          Nothing was uploaded: {status.message}
        </p>
      )}
    </div>
  );
}
