package io.parley.workspace.documents;

import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;
import org.jspecify.annotations.Nullable;

/**
 * The media type of a version comes from its bytes (Tika's magic), never from what the client says. The name and
 * the claimed type only refine it within what the bytes allow ({@code application/zip} bytes named {@code .docx}
 * are a Word document), and when they contradict the bytes (a {@code .pdf} that is text, an "image/png" that is an
 * executable) the upload is refused: a file that lies about what it is was made to mislead someone.
 */
final class MediaTypeSniffer {

	/** Tika's magic patterns look at most this far into a file. */
	static final int PREFIX = 64 * 1024;

	private static final Tika TIKA = new Tika();

	private static final MediaTypeRegistry REGISTRY = MimeTypes.getDefaultMimeTypes().getMediaTypeRegistry();

	private MediaTypeSniffer() {
	}

	/**
	 * @param prefix the first bytes of the file (up to {@link #PREFIX})
	 * @return the media type to record
	 * @throws DocumentProblem 415 when the name or claimed type contradicts the bytes
	 */
	static String sniff(byte[] prefix, String fileName, @Nullable String claimedType) {
		MediaType fromBytes = MediaType.parse(TIKA.detect(prefix));
		check(fromBytes, MediaType.parse(TIKA.detect(fileName)), "file name");
		MediaType claimed = (claimedType != null) ? MediaType.parse(claimedType) : null;
		if (claimed != null) {
			check(fromBytes, claimed.getBaseType(), "declared content type");
		}
		if (isUnspecific(fromBytes)) {
			// nothing in the bytes says what they are: the name must not make them look like something
			return fromBytes.toString();
		}
		return MediaType.parse(TIKA.detect(prefix, fileName)).getBaseType().toString();
	}

	private static void check(MediaType fromBytes, MediaType claimed, String what) {
		if (isUnspecific(fromBytes) || isUnspecific(claimed)) {
			return;
		}
		if (!REGISTRY.isInstanceOf(claimed, fromBytes) && !REGISTRY.isInstanceOf(fromBytes, claimed)) {
			throw DocumentProblem.mediaTypeMismatch("The " + what + " says " + claimed + " but the content is "
					+ fromBytes + ". Upload it with a name and type that match its content.");
		}
	}

	private static boolean isUnspecific(MediaType type) {
		return type.equals(MediaType.OCTET_STREAM) || type.getType().equals("x-unknown");
	}

}
