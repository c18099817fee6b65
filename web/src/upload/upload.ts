import { requestHeaders, signInOnce } from '../api/client';
import { ApiError, NETWORK_FAILURE, problemToError, unauthenticatedError } from '../api/problem';

/**
 * Uploads with XMLHttpRequest, not fetch: only XHR reports upload progress (`xhr.upload.onprogress`) in every
 * browser we support, and `abort()` cancels the transfer mid-way. Same rules as the API client: same origin,
 * session cookie, CSRF header.
 */
export interface UploadProgressEvent {
  loaded: number;
  /** null while the browser does not know the total (it usually does for a File). */
  total: number | null;
}

export class UploadCancelled extends Error {
  constructor() {
    super('Upload cancelled.');
    this.name = 'UploadCancelled';
  }
}

export interface UploadRequest {
  url: string;
  body: Blob | FormData;
  method?: 'POST' | 'PUT';
  onProgress?: (progress: UploadProgressEvent) => void;
  /** Injected in tests; the real XMLHttpRequest otherwise. */
  createXhr?: () => XMLHttpRequest;
  onUnauthenticated?: () => boolean;
}

export interface UploadHandle<T> {
  /** Resolves with the parsed JSON answer; rejects with ApiError or UploadCancelled. */
  result: Promise<T>;
  cancel: () => void;
}

export function upload<T = unknown>(request: UploadRequest): UploadHandle<T> {
  const xhr = (request.createXhr ?? (() => new XMLHttpRequest()))();
  const onUnauthenticated = request.onUnauthenticated ?? signInOnce;
  const method = request.method ?? 'POST';
  if (!request.url.startsWith('/api/')) {
    throw new Error(`Uploads go to /api/** only, not ${request.url}`);
  }

  const result = new Promise<T>((resolve, reject) => {
    xhr.open(method, request.url, true);
    for (const [name, value] of Object.entries(requestHeaders(method))) {
      xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event: ProgressEvent) => {
      request.onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : null });
    };
    xhr.onload = () => {
      if (xhr.status === 401) {
        reject(unauthenticatedError(onUnauthenticated()));
        return;
      }
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(problemToError(xhr.status, xhr.getResponseHeader('Content-Type'), xhr.responseText));
        return;
      }
      try {
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
      } catch {
        reject(new ApiError(xhr.status, 'The upload finished, but Parley’s answer could not be read. Reload to check it.'));
      }
    };
    xhr.onerror = () => reject(problemToError(NETWORK_FAILURE, null, ''));
    xhr.ontimeout = () => reject(problemToError(NETWORK_FAILURE, null, ''));
    xhr.onabort = () => reject(new UploadCancelled());
    xhr.send(request.body);
  });

  return { result, cancel: () => xhr.abort() };
}

/** "4.2 MB": decimal units, as operating systems show file sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) {
    return `${bytes} B`;
  }
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function percent(progress: UploadProgressEvent): number | null {
  if (progress.total === null || progress.total === 0) {
    return null;
  }
  return Math.min(100, Math.floor((progress.loaded / progress.total) * 100));
}
