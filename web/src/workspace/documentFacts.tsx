import type { DocumentVersion, ParleyDocument, ScanStatus } from '../api/types';

export function scanLabel(scan: ScanStatus | string): string {
  switch (scan) {
    case 'CLEAN':
      return 'Clean';
    case 'PENDING':
      return 'Being scanned';
    case 'QUARANTINED':
      return 'Quarantined: not downloadable';
    case 'UNSCANNED':
      return 'Not scanned';
    default:
      return `Unknown (${scan})`;
  }
}

/** Nobody downloads a version that is not clean (UNSCANNED: no scanner is configured and the service allows it). */
export function downloadable(version: DocumentVersion): boolean {
  return version.scan === 'CLEAN' || version.scan === 'UNSCANNED';
}

export function contentUrl(document: ParleyDocument, version: number): string {
  return `/api/workspaces/${document.workspaceId}/documents/${document.id}/versions/${version}/content`;
}

export function latest(document: ParleyDocument): DocumentVersion | undefined {
  return (
    document.versions.find((version) => version.version === document.latestVersion) ??
    document.versions[document.versions.length - 1]
  );
}

export function ScanStatusText({ scan }: { scan: ScanStatus | string }) {
  return <span className={`scan scan-${String(scan).toLowerCase()}`}>{scanLabel(scan)}</span>;
}

export function DownloadLink({ document, version }: { document: ParleyDocument; version: DocumentVersion }) {
  if (!downloadable(version)) {
    return <span className="hint">Not available</span>;
  }
  return (
    <a href={contentUrl(document, version.version)} download={version.fileName}>
      Download<span className="visually-hidden"> {version.fileName}, version {version.version}</span>
    </a>
  );
}
