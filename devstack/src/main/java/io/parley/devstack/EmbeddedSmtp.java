package io.parley.devstack;

import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * GreenMail: SMTP catches every mail the portal sends, IMAP lets a mail client read it (any login works:
 * authentication is off, a mailbox per recipient address). Each received mail is also announced in one line.
 */
final class EmbeddedSmtp implements AutoCloseable {

    private final GreenMail greenMail;
    private final ScheduledExecutorService watcher;

    private EmbeddedSmtp(GreenMail greenMail, ScheduledExecutorService watcher) {
        this.greenMail = greenMail;
        this.watcher = watcher;
    }

    static EmbeddedSmtp start(String host, int smtpPort, int imapPort, Consumer<String> onMail) {
        GreenMail greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtpPort, host, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, host, ServerSetup.PROTOCOL_IMAP)})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "devstack-mail-watcher");
            t.setDaemon(true);
            return t;
        });
        int[] seen = {0};
        watcher.scheduleWithFixedDelay(() -> {
            MimeMessage[] received = greenMail.getReceivedMessages();
            for (int i = seen[0]; i < received.length; i++) {
                onMail.accept(describe(received[i]));
            }
            seen[0] = received.length;
        }, 1, 1, TimeUnit.SECONDS);
        return new EmbeddedSmtp(greenMail, watcher);
    }

    GreenMail greenMail() {
        return greenMail;
    }

    static String describe(MimeMessage message) {
        try {
            Address[] to = message.getAllRecipients();
            return "to " + (to == null ? "?" : String.join(", ", Arrays.stream(to).map(Address::toString).toList()))
                    + " subject \"" + message.getSubject() + "\"";
        } catch (MessagingException e) {
            return "(unreadable message: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        greenMail.stop();
    }
}
