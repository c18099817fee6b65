package io.parley.workspace.documents;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

import org.jspecify.annotations.Nullable;

/**
 * File names as clients send them are untrusted: they end up in other people's download dialogs and file systems.
 * Only the last path segment is kept, control and format characters (NUL, line breaks, bidi overrides, zero-width)
 * are dropped, characters Windows forbids become {@code _}, leading dots go (no {@code ..}, no hidden files).
 */
final class FileNames {

	static final int MAX_LENGTH = 200;

	private FileNames() {
	}

	static String sanitise(@Nullable String claimed) {
		String name = Normalizer.normalize((claimed != null) ? claimed : "", Normalizer.Form.NFC);
		name = name.replaceAll("[\\p{Cc}\\p{Cf}]", "");
		int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
		name = name.substring(slash + 1);
		name = name.replaceAll("[<>:\"|?*]", "_").replaceAll("\\s+", " ").strip();
		name = name.replaceAll("^[.\\s]+", "").replaceAll("[.\\s]+$", "");
		if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
			name = name.substring(0, name.offsetByCodePoints(0, MAX_LENGTH));
		}
		return name.isEmpty() ? "file" : name;
	}

	/**
	 * {@code Content-Disposition} for a download (RFC 6266): always {@code attachment}, an ASCII {@code filename}
	 * for old clients and the exact name as {@code filename*} in UTF-8 (RFC 8187).
	 */
	static String attachment(String fileName) {
		String ascii = fileName.replaceAll("[^\\x20-\\x7E]", "_").replace('"', '_').replace('\\', '_');
		String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
		return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
	}

}
