package io.parley.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;

import static org.awaitility.Awaitility.await;

/** A person's mailbox on devstack's SMTP server, read over IMAP like a mail client would. */
final class Mailbox {

	private final String address;

	Mailbox(String address) {
		this.address = address;
	}

	/** Waits for a mail whose text matches, and returns that text (HTML and plain parts joined). */
	String awaitMail(Predicate<String> matching) {
		List<String> found = new ArrayList<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
			found.clear();
			found.addAll(texts().stream().filter(matching).toList());
			return !found.isEmpty();
		});
		return found.get(found.size() - 1);
	}

	private List<String> texts() throws MessagingException, IOException {
		Properties properties = new Properties();
		properties.put("mail.imap.host", "127.0.0.1");
		properties.put("mail.imap.port", "3143");
		Store store = Session.getInstance(properties).getStore("imap");
		// GreenMail in devstack opens any mailbox for any password
		store.connect(this.address, "any");
		try {
			Folder inbox = store.getFolder("INBOX");
			inbox.open(Folder.READ_ONLY);
			List<String> texts = new ArrayList<>();
			for (Message message : inbox.getMessages()) {
				texts.add(message.getSubject() + "\n" + text(message.getContent()));
			}
			inbox.close(false);
			return texts;
		}
		finally {
			store.close();
		}
	}

	private static String text(Object content) throws MessagingException, IOException {
		if (content instanceof Multipart multipart) {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart part = multipart.getBodyPart(i);
				text.append(text(part.getContent())).append('\n');
			}
			return text.toString();
		}
		return String.valueOf(content);
	}

}
