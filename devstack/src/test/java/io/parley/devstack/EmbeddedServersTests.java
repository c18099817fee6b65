package io.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedServersTests {

    @TempDir
    Path tmp;

    @Test
    void givenEmbeddedQpid_whenPublishingWithConfirmsAndMandatory_thenMessageIsConfirmedConsumedAndUnroutableReturned()
            throws Exception {
        int port = freePort();
        try (EmbeddedAmqp ignored = EmbeddedAmqp.start("127.0.0.1", port, tmp.resolve("qpid"))) {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost("127.0.0.1");
            factory.setPort(port);
            factory.setUsername("guest");
            factory.setPassword("guest");
            factory.setVirtualHost("/"); // what RabbitMQ clients and Spring AMQP ask for by default
            try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
                channel.exchangeDeclare("parley.events", "topic", true);
                channel.queueDeclare("notifications.events", true, false, false, null);
                channel.queueBind("notifications.events", "parley.events", "workspace.#");
                channel.confirmSelect();
                AtomicInteger returned = new AtomicInteger();
                channel.addReturnListener(r -> returned.incrementAndGet());

                channel.basicPublish("parley.events", "workspace.document.version-added", true,
                        new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                        "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8));
                assertThat(channel.waitForConfirms(5_000)).as("routable message confirmed").isTrue();

                // RabbitMQ returns and then acks an unroutable mandatory message, Qpid returns and nacks it:
                // either way the return is what tells a publisher that nobody got it
                channel.basicPublish("parley.events", "nobody.listens.here", true, null, new byte[0]);
                channel.waitForConfirms(5_000);

                GetResponse got = channel.basicGet("notifications.events", false);
                assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"1\"}");
                channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
                awaitTrue(() -> returned.get() == 1);
            }
        }
    }

    @Test
    void givenH2Backend_whenServerRestarts_thenDocumentsAreStillThere() throws Exception {
        Path file = tmp.resolve("mongo/parley.mv");
        int port = freePort();
        try (EmbeddedMongo mongo = EmbeddedMongo.start("127.0.0.1", port, file);
             MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            client.getDatabase("workspace").getCollection("workspaces").insertOne(new Document("_id", "w1").append("name", "Safer updates"));
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.start("127.0.0.1", port, file);
             MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoCollection<Document> workspaces = client.getDatabase("workspace").getCollection("workspaces");
            assertThat(workspaces.find(new Document("_id", "w1")).first()).containsEntry("name", "Safer updates");
        }
    }

    @Test
    void givenGreenMail_whenAServiceSendsMail_thenOneLineNamesRecipientAndSubject() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        int smtpPort = freePort();
        try (EmbeddedSmtp ignored = EmbeddedSmtp.start("127.0.0.1", smtpPort, freePort(), lines::add)) {
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", String.valueOf(smtpPort));
            MimeMessage message = new MimeMessage(Session.getInstance(props));
            message.setFrom(new InternetAddress("no-reply@parley.example"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("pat.partner@acme-security.example"));
            message.setSubject("You are invited");
            message.setText("hello");
            Transport.send(message);

            awaitTrue(() -> !lines.isEmpty());
            assertThat(lines).containsExactly("to pat.partner@acme-security.example subject \"You are invited\"");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 5 s").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
