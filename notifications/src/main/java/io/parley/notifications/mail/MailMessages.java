package io.parley.notifications.mail;

import java.net.URI;
import java.util.List;

import io.parley.notifications.directory.Labels;
import io.parley.notifications.inbox.Notification;
import io.parley.notifications.preferences.NoticeType;
import org.jspecify.annotations.Nullable;

import org.springframework.web.util.HtmlUtils;

/**
 * The words of a mail, as plain text and HTML. For TLP:AMBER, TLP:AMBER+STRICT and TLP:RED content (and any label
 * we do not know) a mail carries only what kind of notice it is, the label and a link: never the title.
 */
final class MailMessages {

	private final URI publicUrl;

	MailMessages(URI publicUrl) {
		this.publicUrl = publicUrl;
	}

	record Rendered(String subject, String text, String html) {
	}

	Rendered single(@Nullable String name, Notification entry) {
		String headline = headline(entry);
		String link = link(entry);
		String footer = NoticeType.of(entry.type()).filter(NoticeType::locked).isPresent()
				? "Everyone concerned receives this notice at once, whatever their notification preferences."
				: footer();
		String text = greeting(name) + "\n\n" + headline + "\n" + labelLine(entry.label()) + "Open it in Parley: " + link
				+ "\n\n" + footer;
		String html = "<p>" + escape(greeting(name)) + "</p><p><strong>" + escape(headline) + "</strong>"
				+ labelHtml(entry.label()) + "</p><p><a href=\"" + escape(link) + "\">Open it in Parley</a></p>"
				+ "<p style=\"color:#666\">" + escape(footer) + "</p>";
		return new Rendered("Parley: " + headline, text, html);
	}

	Rendered digest(@Nullable String name, List<Notification> entries) {
		StringBuilder text = new StringBuilder(greeting(name)).append("\n\nWhat happened in Parley since your last digest:\n");
		StringBuilder html = new StringBuilder("<p>").append(escape(greeting(name)))
			.append("</p><p>What happened in Parley since your last digest:</p><ul>");
		for (Notification entry : entries) {
			String headline = headline(entry);
			String label = (entry.label() != null) ? " [" + entry.label() + "]" : "";
			text.append("\n- ").append(headline).append(label).append("\n  ").append(link(entry)).append('\n');
			html.append("<li><a href=\"")
				.append(escape(link(entry)))
				.append("\">")
				.append(escape(headline))
				.append("</a>")
				.append(escape(label))
				.append("</li>");
		}
		text.append("\n").append(footer());
		html.append("</ul><p style=\"color:#666\">").append(escape(footer())).append("</p>");
		String subject = "Parley: your daily digest (" + entries.size() + (entries.size() == 1 ? " item)" : " items)");
		return new Rendered(subject, text.toString(), html.toString());
	}

	/** The title when it may leave the portal, else what kind of notice it is. */
	static String headline(Notification entry) {
		if (Labels.titleMayLeavePortal(entry.label())) {
			return entry.title();
		}
		return NoticeType.of(entry.type()).map(NoticeType::description).orElse("New activity");
	}

	private String link(Notification entry) {
		return this.publicUrl.toString().replaceAll("/+$", "") + entry.link();
	}

	private static String greeting(@Nullable String name) {
		return (name != null) ? "Hello " + name + "," : "Hello,";
	}

	private static String labelLine(@Nullable String label) {
		return (label != null) ? "Label: " + label + "\n" : "";
	}

	private static String labelHtml(@Nullable String label) {
		return (label != null) ? "<br>Label: " + escape(label) : "";
	}

	private String footer() {
		return "You receive this because of your notification preferences in Parley.";
	}

	private static String escape(String value) {
		return HtmlUtils.htmlEscape(value);
	}

}
