package io.parley.workspace.documents;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MvcResult;

import static io.parley.workspace.documents.DocumentApiTests.bytes;
import static io.parley.workspace.documents.DocumentApiTests.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Uploads that must not become documents, and what they must not leave behind in GridFS. Limits here: 1 MB a file,
 * 4 MB a request, 6 parts ({@link DocumentApiTest}). A client that goes away mid-upload is in
 * {@link StreamingUploadTests} (it needs a real connection).
 */
class BadUploadTests extends DocumentApiTest {

	private static final String TOO_LARGE = "urn:parley:problem:payload-too-large";

	private UUID workspace;

	@BeforeEach
	void team() throws Exception {
		this.workspace = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
	}

	@Test
	void givenEmptyFile_whenUploading_thenBadRequestAndNothingStored() throws Exception {
		upload("partner-engineer", this.workspace,
				new Multipart().field("label", "TLP:GREEN").file("empty.txt", "text/plain", new byte[0]))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invalid-request"));
		assertNoDocumentsAndNoOrphans();
	}

	@Test
	void givenFileOverTheFileLimit_whenUploading_thenPayloadTooLargeAndItsChunksDeleted() throws Exception {
		// 2 MB: within the request limit, so it is read (and partly stored) until the file limit stops it
		upload("partner-engineer", this.workspace,
				new Multipart().field("label", "TLP:GREEN").file("big.bin", "application/octet-stream",
						random(2 * 1024 * 1024)))
			.andExpect(status().isContentTooLarge())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.type").value(TOO_LARGE));
		assertNoDocumentsAndNoOrphans();
	}

	@Test
	void givenRequestDeclaredOverTheRequestLimit_whenUploading_thenPayloadTooLargeBeforeReading()
			throws Exception {
		Multipart body = new Multipart().field("label", "TLP:GREEN")
			.file("huge.bin", "application/octet-stream", random(5 * 1024 * 1024));

		MvcResult result = upload("partner-engineer", this.workspace, body).andExpect(status().isContentTooLarge())
			.andExpect(jsonPath("$.type").value(TOO_LARGE))
			.andReturn();

		// not one byte of the body was read: the stream the service would have read is still full
		assertThat(result.getRequest().getInputStream().available()).isEqualTo(body.bytes().length);
		assertNoDocumentsAndNoOrphans();
	}

	@Test
	void givenTooManyParts_whenUploading_thenPayloadTooLarge() throws Exception {
		Multipart body = new Multipart().field("label", "TLP:RED");
		for (int i = 0; i < 6; i++) {
			body.field("namedPeople", UUID.randomUUID().toString());
		}
		upload("partner-engineer", this.workspace, body.file("a.txt", "text/plain", bytes("a")))
			.andExpect(status().isContentTooLarge())
			.andExpect(jsonPath("$.type").value(TOO_LARGE));
		assertNoDocumentsAndNoOrphans();
	}

	@Test
	void givenBodyWithoutItsClosingBoundary_whenUploading_thenBadRequestAndNothingStored() throws Exception {
		Multipart body = new Multipart().field("label", "TLP:GREEN").file("a.txt", "text/plain", bytes("cut off"));
		this.mvc
			.perform(as("partner-engineer", post("/api/workspaces/" + this.workspace + "/documents")
				.contentType(body.contentType())
				.content(body.unfinished())))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invalid-request"))
			.andExpect(jsonPath("$.detail").value(containsString("closing boundary")));
		assertNoDocumentsAndNoOrphans();
	}

	@Test
	void givenPartHeadersOverTheirLimit_whenUploading_thenPayloadTooLargeAndNothingStored() throws Exception {
		String name = "n".repeat(MultipartReader.MAX_HEADER_BYTES) + ".txt";
		upload("partner-engineer", this.workspace,
				new Multipart().field("label", "TLP:GREEN").file(name, "text/plain", bytes("a")))
			.andExpect(status().isContentTooLarge())
			.andExpect(jsonPath("$.type").value(TOO_LARGE))
			.andExpect(jsonPath("$.detail").value(containsString("headers")));
		assertNoDocumentsAndNoOrphans();
	}

	@Test
	void givenLongUnicodeFileName_whenUploading_thenAcceptedUnderTheHeaderLimit() throws Exception {
		// 200 code points of 3 UTF-8 bytes: over commons-fileupload's old 512-byte part header limit, far under ours
		String name = "文".repeat(196) + ".txt";
		upload("partner-engineer", this.workspace,
				new Multipart().field("label", "TLP:GREEN").file(name, "text/plain", bytes("a")))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.versions[0].fileName").value(name));
	}

	@Test
	void givenPartAfterTheFile_whenUploading_thenBadRequestAndTheStoredContentDeleted() throws Exception {
		upload("partner-engineer", this.workspace,
				new Multipart().field("label", "TLP:GREEN")
					.file("a.txt", "text/plain", bytes("a"))
					.field("title", "late"))
			.andExpect(status().isBadRequest());
		assertNoDocumentsAndNoOrphans();
	}

	@Test
	void givenHostileFileName_whenUploading_thenStoredSanitisedAndDownloadedWithSafeDisposition()
			throws Exception {
		String hostile = "../../etc/..\\\\secret\u0007 pass\u202Ewd\u0000 \"quoted\" r\u00e9sum\u00e9.txt";
		String body = upload("partner-engineer", this.workspace,
				new Multipart().field("label", "TLP:GREEN").file(hostile, "text/plain", bytes("hello")))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.versions[0].fileName").value("secret passwd _quoted_ r\u00e9sum\u00e9.txt"))
			.andExpect(jsonPath("$.title").value("secret passwd _quoted_ r\u00e9sum\u00e9.txt"))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		String id = JSON.readTree(body).get("id").asString();

		this.mvc
			.perform(as("partner-engineer",
					get("/api/workspaces/" + this.workspace + "/documents/" + id + "/versions/1/content")))
			.andExpect(status().isOk())
			.andExpect(header().string(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"secret passwd _quoted_ r_sum_.txt\"; "
							+ "filename*=UTF-8''secret%20passwd%20_quoted_%20r%C3%A9sum%C3%A9.txt"));
	}

	@Test
	void givenBytesThatContradictTheClaimedType_whenUploading_thenUnsupportedMediaTypeAndNothingStored()
			throws Exception {
		// text claiming to be a PNG image by its type and its name
		upload("partner-engineer", this.workspace,
				new Multipart().field("label", "TLP:GREEN").file("photo.png", "image/png", bytes("just some text")))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:media-type-mismatch"));
		// a Windows executable named like a PDF
		byte[] executable = new byte[512];
		executable[0] = 'M';
		executable[1] = 'Z';
		upload("partner-engineer", this.workspace,
				new Multipart().field("label", "TLP:GREEN").file("report.pdf", "application/pdf", executable))
			.andExpect(status().isUnsupportedMediaType());
		assertNoDocumentsAndNoOrphans();
	}

	@Test
	void givenZipNamedAsWordDocument_whenUploading_thenStoredWithTheRefinedSniffedType() throws Exception {
		byte[] zip = new byte[64];
		zip[0] = 'P';
		zip[1] = 'K';
		zip[2] = 3;
		zip[3] = 4;
		upload("partner-engineer", this.workspace,
				new Multipart().field("label", "TLP:GREEN").file("plan.docx", "application/octet-stream", zip))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.versions[0].mediaType")
				.value("application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
	}

	private void assertNoDocumentsAndNoOrphans() throws Exception {
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + this.workspace + "/documents")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(0));
		assertThat(orphanedContent()).isEmpty();
	}

}
