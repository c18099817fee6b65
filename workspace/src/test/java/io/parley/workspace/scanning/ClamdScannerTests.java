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
	void givenNoScannerListening_whenScanning_thenIOExceptionNotAVerdict() {
		ClamdScanner nowhere = new ClamdScanner("127.0.0.1:1", Duration.ofSeconds(2));

		assertThatIOException().isThrownBy(() -> nowhere.scan(new ByteArrayInputStream(new byte[] { 1 })));
	}

	@Test
	void givenScannerErrorReply_whenParsing_thenIOException() {
		assertThatIOException().isThrownBy(() -> ClamdScanner.verdict("INSTREAM size limit exceeded. ERROR"));
		assertThatIOException().isThrownBy(() -> ClamdScanner.verdict("stream:  FOUND"));
	}

}
