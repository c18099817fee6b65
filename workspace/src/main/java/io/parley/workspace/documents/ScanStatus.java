package io.parley.workspace.documents;

/** Where a version stands with the malware scanner; only {@code CLEAN} (or {@code UNSCANNED} if allowed) downloads. */
enum ScanStatus {

	/** Stored, waiting for the scanner's verdict. */
	PENDING,
	/** The scanner found nothing. */
	CLEAN,
	/** The scanner found something; nobody downloads it, owners see the finding. */
	QUARANTINED,
	/** No scanner is configured; the unscanned-downloads policy decides. */
	UNSCANNED

}
