package io.parley.workspace.scanning;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/** The INSTREAM client against a real clamd ({@link ClamdExtension}). */
@ExtendWith(ClamdExtension.class)
class ClamdScannerTests {

	private final ClamdScanner scanner = new ClamdScanner(ClamdExtension.address(), Duration.ofSeconds(30));

	@Test
	void givenEicarInsideLargerContent_whenScanning_thenInfectedWithTheSignatureName() throws IOException {
		byte[] noise = new byte[300_000];
		new Random(7).nextBytes(noise);
		InputStream content = new java.io.SequenceInputStream(new ByteArrayInputStream(noise),
				new ByteArrayInputStream(ClamdExtension.EICAR.getBytes(StandardCharsets.US_ASCII)));

		ScanVerdict verdict = this.scanner.scan(content);

		assertThat(verdict).isInstanceOf(ScanVerdict.Infected.class);
		assertThat(((ScanVerdict.Infected) verdict).signature()).startsWith(ClamdExtension.SIGNATURE);
	}

	@Test
	void givenCleanContent_whenScanning_thenClean() throws IOException {
		assertThat(this.scanner.scan(new ByteArrayInputStream("quarterly rollout notes".getBytes(StandardCharsets.UTF_8))))
			.isInstanceOf(ScanVerdict.Clean.class);
	}

	@Test
	void givenEncryptedZipHoldingEicar_whenScanning_thenInfectedAsEncryptedNotClean() throws IOException {
		byte[] zip = TestArchives.encryptedZip("eicar.txt", eicar(), "infected");

		ScanVerdict verdict = this.scanner.scan(new ByteArrayInputStream(zip));

		assertThat(verdict).isEqualTo(new ScanVerdict.Infected("Heuristics.Encrypted.Zip"));
	}

	@Test
	void givenEicarNestedDeeperThanMaxRecursion_whenScanning_thenInfectedAsLimitExceededNotClean() throws IOException {
		byte[] zip = TestArchives.nestedZip("eicar.txt", eicar(), 20); // MaxRecursion is 17 (docker/clamd.env)

		ScanVerdict verdict = this.scanner.scan(new ByteArrayInputStream(zip));

		assertThat(verdict).isEqualTo(new ScanVerdict.Infected("Heuristics.Limits.Exceeded.MaxRecursion"));
	}

	@Test
	void givenStreamLongerThanStreamMaxLength_whenScanning_thenInfectedAsLimitExceededNotAnError() throws IOException {
		ClamdScanner limited = new ClamdScanner(ClamdExtension.addressWithStreamMaxLength("1M"), Duration.ofSeconds(30));
		byte[] content = new byte[3 * 1024 * 1024];
		new Random(11).nextBytes(content);

		ScanVerdict verdict = limited.scan(new ByteArrayInputStream(content));

		assertThat(verdict).isEqualTo(new ScanVerdict.Infected(ClamdScanner.STREAM_TOO_LONG));
	}

	@Test
	void givenNoScannerListening_whenScanning_thenIOExceptionNotAVerdict() {
		ClamdScanner nowhere = new ClamdScanner("127.0.0.1:1", Duration.ofSeconds(2));

		assertThatIOException().isThrownBy(() -> nowhere.scan(new ByteArrayInputStream(new byte[] { 1 })));
	}

	@Test
	void givenHeuristicFindings_whenParsing_thenInfectedWithTheirNames() throws IOException {
		assertThat(ClamdScanner.verdict("stream: Heuristics.Encrypted.PDF FOUND"))
			.isEqualTo(new ScanVerdict.Infected("Heuristics.Encrypted.PDF"));
		assertThat(ClamdScanner.verdict("stream: Heuristics.Limits.Exceeded.MaxScanSize FOUND"))
			.isEqualTo(new ScanVerdict.Infected("Heuristics.Limits.Exceeded.MaxScanSize"));
		assertThat(ClamdScanner.verdict("INSTREAM size limit exceeded. ERROR"))
			.isEqualTo(new ScanVerdict.Infected(ClamdScanner.STREAM_TOO_LONG));
	}

	@Test
	void givenScannerErrorReply_whenParsing_thenIOException() {
		assertThatIOException().isThrownBy(() -> ClamdScanner.verdict("stream: Can't allocate memory ERROR"));
		assertThatIOException().isThrownBy(() -> ClamdScanner.verdict("stream:  FOUND"));
	}

	private static byte[] eicar() {
		return ClamdExtension.EICAR.getBytes(StandardCharsets.US_ASCII);
	}

}
