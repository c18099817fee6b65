import { formatBytes, percent, type UploadProgressEvent } from './upload';

interface UploadProgressProps {
  fileName: string;
  progress: UploadProgressEvent;
  onCancel: () => void;
}

/**
 * A real progress bar: the native <progress> named "Upload progress" (its value read out by screen readers), the
 * file and bytes in words next to it, and Cancel. Without a known total it is indeterminate, not a fake 0 %.
 */
export function UploadProgress({ fileName, progress, onCancel }: UploadProgressProps) {
  const done = percent(progress);
  const total = progress.total;
  return (
    <div className="upload-progress">
      <span className="upload-progress-label">Uploading {fileName}</span>
      {total === null ? (
        <progress aria-label="Upload progress" />
      ) : (
        <progress aria-label="Upload progress" max={total} value={progress.loaded}>
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
