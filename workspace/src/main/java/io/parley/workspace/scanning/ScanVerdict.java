package io.parley.workspace.scanning;

/**
 * What clamd said about a stream: clean, or infected with the named signature. A scanner that could not answer
 * (down, timed out, size limit) is an {@link java.io.IOException}, never a verdict: the content stays pending.
 */
public sealed interface ScanVerdict {

	record Clean() implements ScanVerdict {
	}

	/** @param signature clamd's name for what it found, e.g. {@code Eicar-Signature.UNOFFICIAL} */
	record Infected(String signature) implements ScanVerdict {
	}

}
