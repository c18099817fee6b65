import { useId } from 'react';
import { formatBytes, percent, type UploadProgressEvent } from './upload';

interface UploadProgressProps {
  fileName: string;
  progress: UploadProgressEvent;
  onCancel: () => void;
}

/**
 * A real progress bar: the native <progress> (its accessible name from the label, its value read out by screen
 * readers), bytes in words next to it, and Cancel. Without a known total it is indeterminate, not a fake 0 %.
 */
export function UploadProgress({ fileName, progress, onCancel }: UploadProgressProps) {
  const id = useId();
  const done = percent(progress);
  const total = progress.total;
  return (
    <div className="upload-progress">
      <label htmlFor={id} className="upload-progress-label">
        Uploading {fileName}
      </label>
      {total === null ? (
        <progress id={id} />
      ) : (
        <progress id={id} max={total} value={progress.loaded}>
          {done} %
        </progress>
      )}
      <span className="upload-progress-text">
        {done === null
          ? `${formatBytes(progress.loaded)} sent`
          : `${done} % (${formatBytes(progress.loaded)} of ${formatBytes(total ?? 0)})`}
      </span>
      <button type="button" className="button-secondary" onClick={onCancel}>
        Cancel upload
      </button>
    </div>
  );
}
