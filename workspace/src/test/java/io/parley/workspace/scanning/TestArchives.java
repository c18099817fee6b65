package io.parley.workspace.scanning;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Archives clamd cannot look into, built in the test: java.util.zip writes no encrypted entries, so
 * {@link #encryptedZip} writes a stored entry with the traditional PKWARE ("ZipCrypto") encryption of APPNOTE.TXT
 * 6.1 itself, exactly what {@code zip -P} produces, without needing that tool on the machine.
 */
public final class TestArchives {

	private TestArchives() {
	}

	/** A zip with one stored entry encrypted with {@code password}; {@code unzip -P password} extracts it. */
	public static byte[] encryptedZip(String name, byte[] content, String password) {
		CRC32 crc = new CRC32();
		crc.update(content);
		int checksum = (int) crc.getValue();
		ZipCrypto cipher = new ZipCrypto(password.getBytes(StandardCharsets.US_ASCII));
		byte[] header = new byte[12];
		new java.util.Random(13).nextBytes(header);
		header[11] = (byte) (checksum >>> 24); // the byte a reader checks the password against
		ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
		encrypted.writeBytes(cipher.encrypt(header));
		encrypted.writeBytes(cipher.encrypt(content));
		byte[] data = encrypted.toByteArray();
		byte[] fileName = name.getBytes(StandardCharsets.US_ASCII);

		ByteBuffer zip = ByteBuffer.allocate(30 + fileName.length + data.length + 46 + fileName.length + 22)
			.order(ByteOrder.LITTLE_ENDIAN);
		zip.putInt(0x04034b50).putShort((short) 20).putShort((short) 1) // flag bit 0: encrypted
			.putShort((short) 0).putShort((short) 0).putShort((short) 0) // stored, no time, no date
			.putInt(checksum).putInt(data.length).putInt(content.length)
			.putShort((short) fileName.length).putShort((short) 0).put(fileName).put(data);
		int centralDirectory = zip.position();
		zip.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 1)
			.putShort((short) 0).putShort((short) 0).putShort((short) 0)
			.putInt(checksum).putInt(data.length).putInt(content.length)
			.putShort((short) fileName.length).putShort((short) 0).putShort((short) 0) // name, extra, comment
			.putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).put(fileName); // disk, attributes, offset 0
		int centralSize = zip.position() - centralDirectory;
		zip.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
			.putInt(centralSize).putInt(centralDirectory).putShort((short) 0);
		return zip.array();
	}

	/** {@code content} as {@code name}, wrapped in {@code depth} zips, each inside the next. */
	public static byte[] nestedZip(String name, byte[] content, int depth) {
		byte[] current = content;
		String currentName = name;
		for (int level = 1; level <= depth; level++) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
				zip.putNextEntry(new ZipEntry(currentName));
				zip.write(current);
				zip.closeEntry();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			current = bytes.toByteArray();
			currentName = "level-" + level + ".zip";
		}
		return current;
	}

	/** The three keys of APPNOTE.TXT 6.1.5, advanced by every plain byte. */
	private static final class ZipCrypto {

		private int key0 = 0x12345678;

		private int key1 = 0x23456789;

		private int key2 = 0x34567890;

		ZipCrypto(byte[] password) {
			for (byte b : password) {
				update(b);
			}
		}

		byte[] encrypt(byte[] plain) {
			byte[] out = new byte[plain.length];
			for (int i = 0; i < plain.length; i++) {
				int temp = (this.key2 | 2) & 0xffff;
				out[i] = (byte) (plain[i] ^ ((temp * (temp ^ 1)) >>> 8));
				update(plain[i]);
			}
			return out;
		}

		private void update(byte b) {
			this.key0 = crc32(this.key0, b);
			this.key1 = (this.key1 + (this.key0 & 0xff)) * 134775813 + 1;
			this.key2 = crc32(this.key2, (byte) (this.key1 >>> 24));
		}

		/** One step of the CRC-32 the keys use (the plain polynomial, without the final inversion). */
		private static int crc32(int crc, byte b) {
			int c = (crc ^ b) & 0xff;
			for (int k = 0; k < 8; k++) {
				c = ((c & 1) != 0) ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
			}
			return (crc >>> 8) ^ c;
		}

	}

}
