package io.parley.workspace.scanning;

/**
 * What clamd said about a stream: clean, or infected with the named signature (which includes content clamd could not
 * look into: encrypted, past a limit). A scanner that could not answer (down, timed out) is an
 * {@link java.io.IOException}, never a verdict: the content stays pending.
 */
public sealed interface ScanVerdict {

	record Clean() implements ScanVerdict {
	}

	/**
	 * @param signature clamd's name for what it found, e.g. {@code Eicar-Signature.UNOFFICIAL} or
	 * {@code Heuristics.Encrypted.Zip}
	 */
	record Infected(String signature) implements ScanVerdict {
	}

}
