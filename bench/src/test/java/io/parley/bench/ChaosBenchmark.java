package io.parley.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos run of issue 19 against a running {@code devstack --ha} (docs/high-availability.md, ADR 0038): simulated
 * people sign in through the real login flow (HAProxy → a gateway → Keycloak's login form → back), list, upload and
 * download 5 MiB documents, comment, and hold their notification streams, reconnecting with {@code Last-Event-ID} as
 * a browser's EventSource does. Meanwhile one instance of each service is killed with SIGKILL in turn (devstack
 * starts it again after a second), then the RabbitMQ node's application is stopped and started, then Redis is
 * killed. Per window (one kill and what follows it): requests that failed, sessions lost, how long each stream was
 * away. At the end: comment notices lost or repeated, events left in the outboxes, documents half stored.
 * Figures go to stdout and {@code target/chaos-results.md}; bench/README.md has the method and a run's numbers.
 */
class ChaosBenchmark {

	static final String PORTAL = System.getProperty("bench.portal", "http://127.0.0.1:18080");

	static final Path HA_HOME = Path.of(System.getProperty("bench.haHome", "../.devstack-ha")).toAbsolutePath();

	static final String PASSWORD = System.getProperty("bench.password", "Parley-Demo-2026!");

	static final int WRITERS = Integer.getInteger("bench.writers", 2);

	static final int READERS = Integer.getInteger("bench.readers", 2);

	static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 30));

	static final Duration WINDOW = Duration.ofSeconds(Long.getLong("bench.windowSeconds", 45));

	/** Pause between two actions of one simulated person. */
	static final Duration THINK = Duration.ofMillis(Long.getLong("bench.thinkMillis", 700));

	/** How long a stream waits before reconnecting, as EventSource's reconnection time. */
	static final Duration SSE_RETRY = Duration.ofMillis(Long.getLong("bench.sseRetryMillis", 1000));

	/** false: the same load with nothing killed, as a baseline ({@code -Dbench.chaos=false}). */
	static final boolean CHAOS = Boolean.parseBoolean(System.getProperty("bench.chaos", "true"));

	static final int DOCUMENT_BYTES = 5 * 1024 * 1024;

	static final List<String> SERVICES = List.of("gateway", "identity", "workspace", "notifications", "rollouts");

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final HttpClient STREAMS = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	final long start = System.currentTimeMillis();

	final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

	final List<Window> windows = new CopyOnWriteArrayList<>();

	final Map<String, String> uploadedSha = new ConcurrentHashMap<>();

	final List<String[]> stored = new CopyOnWriteArrayList<>();

	final AtomicLong commentsOk = new AtomicLong();

	final AtomicLong commentsFailed = new AtomicLong();

	final AtomicBoolean running = new AtomicBoolean(true);

	final List<Stream> streams = new CopyOnWriteArrayList<>();

	String workspace;

	/** The readers' person id: writers mention them, so each comment is a notice for them (ADR 0010). */
	String partnerId;

	/** One request's fate: when, which person, what, status (-1: no answer), a read or a write. */
	record Outcome(long at, String person, String what, boolean write, int status, String error) {

		boolean failed() {
			return this.status < 0 || this.status >= 500 || this.error != null;
		}

	}

	/** One kill and the time after it until the next. */
	record Window(String what, long from, long backAfterMillis, String load) {
	}

	@Test
	void killOneInstanceOfEachServiceThenTheBrokerThenRedis() throws Exception {
		assertThat(Files.isDirectory(HA_HOME.resolve("run"))).as("devstack --ha running with its data in %s", HA_HOME)
			.isTrue();
		System.out.printf("chaos: portal %s, %d writers, %d readers, load %s%n", PORTAL, WRITERS, READERS, load());
		Person owner = Person.signIn("host.admin");
		Person partnerProbe = Person.signIn("partner.engineer");
		this.partnerId = partnerProbe.get("/api/identity/me").path("id").asString();
		this.workspace = owner.post("/api/workspaces", "{\"name\":\"Chaos " + Instant.now().getEpochSecond()
				+ "\",\"purpose\":\"Instances die while people work\",\"labelCeiling\":\"TLP:AMBER\"}")
			.path("id")
			.asString();
		owner.post("/api/workspaces/" + this.workspace + "/members", "{\"personId\":\"" + this.partnerId
				+ "\",\"organisation\":\"acme-security\",\"role\":\"READER\"}");
		assertThat(upload(owner, "seed")).as("the first upload").isEqualTo(201); // something to comment on from the start

		List<Thread> people = new ArrayList<>();
		for (int i = 0; i < WRITERS; i++) {
			people.add(person("writer-" + i, "host.admin", true));
		}
		for (int i = 0; i < READERS; i++) {
			people.add(person("reader-" + i, "partner.engineer", false));
		}
		for (Thread person : people) {
			person.start();
			// the realm's brute-force protection takes two sign-ins of one account within a second for an attack
			// (quick login check) and locks the account for a while: people arrive one after the other
			park(Duration.ofMillis(1500));
		}
		park(WARMUP);

		this.windows.add(new Window("warm-up (no kill)", this.start, 0, load()));
		if (CHAOS) {
			chaos();
		}
		else {
			park(WINDOW); // a baseline: the same load, nothing killed
		}

		this.running.set(false);
		for (Thread person : people) {
			person.join(TimeUnit.MINUTES.toMillis(2));
		}
		long end = System.currentTimeMillis();
		String report = report(end, owner, partnerProbe);
		System.out.println(report);
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target", CHAOS ? "chaos-results.md" : "chaos-baseline.md"), report);
		this.streams.forEach(Stream::close);
	}

	/** One instance of each service killed in turn, then the broker's application restarted, then Redis killed. */
	void chaos() throws Exception {
		for (int k = 0; k < SERVICES.size(); k++) {
			String instance = SERVICES.get(k) + "-" + (k % 2 + 1);
			long killed = System.currentTimeMillis();
			String loadAtKill = load();
			long pid = pid(instance);
			ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL, as kill -9
			System.out.printf("chaos: killed %s (pid %d) at +%d s, load %s%n", instance, pid, (killed - this.start) / 1000,
					loadAtKill);
			long back = awaitBack(instance, pid, killed);
			this.windows.add(new Window("kill -9 " + instance, killed, back, loadAtKill));
			park(Duration.ofMillis(Math.max(0, killed + WINDOW.toMillis() - System.currentTimeMillis())));
		}

		long broker = System.currentTimeMillis();
		String loadAtBroker = load();
		rabbitmqctl("stop_app");
		rabbitmqctl("start_app");
		this.windows.add(new Window("RabbitMQ stop_app + start_app", broker, System.currentTimeMillis() - broker,
				loadAtBroker));
		park(Duration.ofMillis(Math.max(0, broker + WINDOW.toMillis() - System.currentTimeMillis())));

		long redis = System.currentTimeMillis();
		String loadAtRedis = load();
		long redisPid = pid("redis");
		ProcessHandle.of(redisPid).ifPresent(ProcessHandle::destroyForcibly);
		long redisBack = awaitRedis(redisPid, redis);
		this.windows.add(new Window("kill -9 redis", redis, redisBack, loadAtRedis));
		park(Duration.ofMillis(Math.max(0, redis + WINDOW.toMillis() - System.currentTimeMillis())));
	}

	// --- the simulated people -----------------------------------------------------------------------------------

	Thread person(String name, String username, boolean writer) {
		Thread thread = new Thread(() -> {
			Person person = null;
			Stream stream = null;
			for (int i = 0; this.running.get(); i++) {
				try {
					if (person == null) {
						person = signInRecorded(name, username);
						if (stream != null && person != null) {
							stream.person = person; // the stream goes on with the new session
						}
						if (!writer && stream == null && person != null) {
							stream = new Stream(name, person);
							this.streams.add(stream);
							stream.start();
						}
						continue;
					}
					if (!act(name, person, writer, i)) {
						person = null; // the session is gone: sign in again, as a person would
					}
				}
				catch (Exception ex) {
					this.outcomes.add(new Outcome(System.currentTimeMillis(), name, "unexpected", false, -1,
							ex.toString()));
				}
				park(THINK);
			}
		}, name);
		thread.setDaemon(true);
		return thread;
	}

	Person signInRecorded(String name, String username) {
		try {
			Person person = Person.signIn(username);
			this.outcomes.add(new Outcome(System.currentTimeMillis(), name, "sign-in", true, 200, null));
			return person;
		}
		catch (Exception ex) {
			this.outcomes.add(new Outcome(System.currentTimeMillis(), name, "sign-in", true, -1, ex.toString()));
			return null;
		}
	}

	/** One action; false when the answer says the session is gone (401). */
	boolean act(String name, Person person, boolean writer, int i) throws Exception {
		String documents = "/api/workspaces/" + this.workspace + "/documents";
		int step = i % (writer ? 6 : 4);
		if (writer && step == 0) {
			return record(name, "upload 5 MiB", true, () -> upload(person, name + "-" + i));
		}
		if (writer && (step == 1 || step == 4)) {
			String[] document = pick();
			return record(name, "comment", true, () -> {
				HttpResponse<String> answer = person.send("POST", documents + "/" + document[0] + "/comments",
						"{\"text\":\"Checked by " + name + " at step " + i + "\",\"mentions\":[\"" + this.partnerId
								+ "\"]}");
				(answer.statusCode() == 201 ? this.commentsOk : this.commentsFailed).incrementAndGet();
				return answer.statusCode();
			});
		}
		if (step == 2 || (!writer && step == 0)) {
			return record(name, "list documents", false, () -> person.send("GET", documents, null).statusCode());
		}
		if (!writer && step == 1) {
			return record(name, "inbox", false, () -> person.send("GET", "/api/notifications", null).statusCode());
		}
		String[] document = pick();
		return record(name, "download 5 MiB", false, () -> {
			HttpResponse<byte[]> answer = person.browser.send(
					person.request(documents + "/" + document[0] + "/versions/1/content").build(),
					HttpResponse.BodyHandlers.ofByteArray());
			if (answer.statusCode() == 200 && !sha256(answer.body()).equals(document[1])) {
				throw new IllegalStateException("downloaded bytes differ from the uploaded ones");
			}
			return answer.statusCode();
		});
	}

	interface Call {

		int call() throws Exception;

	}

	boolean record(String name, String what, boolean write, Call call) {
		try {
			int status = call.call();
			this.outcomes.add(new Outcome(System.currentTimeMillis(), name, what, write, status, null));
			return status != 401;
		}
		catch (Exception ex) {
			this.outcomes.add(new Outcome(System.currentTimeMillis(), name, what, write, -1,
					ex.getClass().getSimpleName() + ": " + ex.getMessage()));
			return true;
		}
	}

	String[] pick() {
		return this.stored.get(ThreadLocalRandom.current().nextInt(this.stored.size()));
	}

	/** A 5 MiB text document with a unique title; the answer's status (201 stored). */
	int upload(Person person, String title) throws Exception {
		byte[] content = new byte[DOCUMENT_BYTES];
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < content.length; i++) {
			content[i] = (byte) ((i % 80 == 79) ? '\n' : 'a' + random.nextInt(26));
		}
		String sha = sha256(content);
		this.uploadedSha.put(title, sha);
		String boundary = "chaos" + UUID.randomUUID();
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"label\"\r\n\r\nTLP:AMBER\r\n" + "--"
				+ boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n" + title + "\r\n" + "--"
				+ boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + title
				+ ".txt\"\r\nContent-Type: text/plain\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> answer = person.browser.send(person
			.request("/api/workspaces/" + this.workspace + "/documents")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("X-XSRF-TOKEN", person.xsrf())
			.POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, content, tail)))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (answer.statusCode() == 201) {
			this.stored.add(new String[] { JSON.readTree(answer.body()).path("id").asString(), sha, title });
		}
		return answer.statusCode();
	}

	// --- a person's browser -------------------------------------------------------------------------------------

	/** One signed-in browser: its cookies (the gateway's SESSION and XSRF-TOKEN). */
	static final class Person {

		final HttpClient browser = GatewaySignIn.browser();

		/**
		 * The real sign-in: the portal sends the browser to Keycloak, Keycloak's login form is filled in and posted,
		 * Keycloak sends the browser back to the portal's callback, which starts the session.
		 */
		static Person signIn(String username) throws Exception {
			Person person = new Person();
			HttpResponse<Void> begin = person.browser.send(
					HttpRequest.newBuilder(URI.create(PORTAL + "/oauth2/authorization/keycloak")).build(),
					HttpResponse.BodyHandlers.discarding());
			expect(begin, 302, "sign-in start");
			// Keycloak's own cookies by hand: it marks some Secure, which the JDK's cookie store keeps off plain http
			HttpResponse<String> page = STREAMS.send(
					HttpRequest.newBuilder(URI.create(begin.headers().firstValue("Location").orElseThrow())).build(),
					HttpResponse.BodyHandlers.ofString());
			String keycloakCookies = page.headers()
				.allValues("Set-Cookie")
				.stream()
				.map((cookie) -> cookie.substring(0, cookie.indexOf(';') < 0 ? cookie.length() : cookie.indexOf(';')))
				.collect(java.util.stream.Collectors.joining("; "));
			expect(page, 200, "Keycloak's login page");
			Matcher action = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\""
					+ "|<form[^>]*action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"")
				.matcher(page.body());
			assertThat(action.find()).as("Keycloak's login form").isTrue();
			String target = (action.group(1) != null ? action.group(1) : action.group(2)).replace("&amp;", "&");
			HttpResponse<String> login = STREAMS.send(HttpRequest.newBuilder(URI.create(target))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Cookie", keycloakCookies)
				.POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
						+ "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&credentialId="))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (login.statusCode() != 302) {
				Files.createDirectories(Path.of("target"));
				Files.writeString(Path.of("target", "chaos-sign-in-refused.html"), login.body());
				throw new IllegalStateException("Keycloak's answer to the password: " + login.statusCode() + " "
						+ feedback(login.body()));
			}
			HttpResponse<Void> callback = person.browser.send(
					HttpRequest.newBuilder(URI.create(login.headers().firstValue("Location").orElseThrow())).build(),
					HttpResponse.BodyHandlers.discarding());
			expect(callback, 302, "the portal's callback");
			HttpResponse<String> me = person.send("GET", "/api/identity/me", null);
			expect(me, 200, "GET /api/identity/me after signing in");
			return person;
		}

		/** The message Keycloak's page shows (wrong password, expired page, ...), for the report. */
		static String feedback(String page) {
			Matcher message = Pattern.compile("(?s)(kc-feedback-text|input-error[a-z-]*|alert-[a-z]+)\"[^>]*>\\s*([^<]{1,200})")
				.matcher(page);
			return message.find() ? message.group(2).trim() : "(no message on the page)";
		}

		static void expect(HttpResponse<?> answer, int status, String what) {
			if (answer.statusCode() != status) {
				throw new IllegalStateException(what + ": " + answer.statusCode() + " instead of " + status + " ("
						+ answer.uri() + ")");
			}
		}

		HttpRequest.Builder request(String path) {
			return HttpRequest.newBuilder(URI.create(PORTAL + path)).timeout(Duration.ofSeconds(60));
		}

		HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
			HttpRequest.Builder request = request(path);
			if (json == null) {
				request.method(method, HttpRequest.BodyPublishers.noBody());
			}
			else {
				request.header("Content-Type", "application/json")
					.header("X-XSRF-TOKEN", xsrf())
					.method(method, HttpRequest.BodyPublishers.ofString(json));
			}
			return this.browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		JsonNode get(String path) throws Exception {
			HttpResponse<String> answer = send("GET", path, null);
			expect(answer, 200, "GET " + path);
			return JSON.readTree(answer.body());
		}

		JsonNode post(String path, String json) throws Exception {
			HttpResponse<String> answer = send("POST", path, json);
			expect(answer, 201, "POST " + path + " " + answer.body());
			return JSON.readTree(answer.body());
		}

		String xsrf() {
			return cookie("XSRF-TOKEN");
		}

		String cookie(String name) {
			for (HttpCookie cookie : ((CookieManager) this.browser.cookieHandler().orElseThrow()).getCookieStore()
				.getCookies()) {
				if (cookie.getName().equals(name)) {
					return cookie.getValue();
				}
			}
			return "";
		}

	}

	// --- notification streams -----------------------------------------------------------------------------------

	/**
	 * A notification stream held as EventSource holds it: when it ends or cannot connect, it connects again after
	 * {@link #SSE_RETRY} with {@code Last-Event-ID} = the last id it saw. Records every gap (ended → 200 again) and
	 * every notice id, so repeats can be counted.
	 */
	final class Stream extends Thread {

		volatile Person person;

		final Map<String, Integer> commentNotices = new ConcurrentHashMap<>();

		final List<long[]> gaps = new CopyOnWriteArrayList<>();

		final AtomicLong refused = new AtomicLong();

		volatile String lastEventId;

		/** The first id the stream sent: the person's position when it first opened (a new stream begins there). */
		volatile String firstEventId;

		volatile boolean closed;

		Stream(String name, Person person) {
			super(name + "-stream");
			this.person = person;
			setDaemon(true);
		}

		@Override
		public void run() {
			long awaySince = -1;
			while (!this.closed) {
				try {
					HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(PORTAL + "/api/notifications/stream"))
						.header("Accept", "text/event-stream")
						.header("Cookie", GatewaySignIn.cookieHeader(this.person.browser));
					if (this.lastEventId != null) {
						request.header("Last-Event-ID", this.lastEventId);
					}
					HttpResponse<java.util.stream.Stream<String>> answer = STREAMS.send(request.build(),
							HttpResponse.BodyHandlers.ofLines());
					if (answer.statusCode() != 200) {
						this.refused.incrementAndGet();
						answer.body().close();
					}
					else {
						if (awaySince > 0) {
							this.gaps.add(new long[] { awaySince, System.currentTimeMillis() });
						}
						awaySince = -1;
						read(answer.body());
					}
				}
				catch (IOException ex) {
					// could not connect, or the connection broke: as EventSource, try again
				}
				catch (InterruptedException ex) {
					return;
				}
				if (awaySince < 0) {
					awaySince = System.currentTimeMillis();
				}
				park(SSE_RETRY);
			}
		}

		void read(java.util.stream.Stream<String> lines) {
			String[] event = { "", null, "" };
			try (lines) {
				lines.takeWhile((line) -> !this.closed).forEach((line) -> {
					if (line.isEmpty()) {
						dispatch(event[0], event[1], event[2]);
						event[0] = "";
						event[1] = null;
						event[2] = "";
					}
					else if (line.startsWith("event:")) {
						event[0] = line.substring(6).trim();
					}
					else if (line.startsWith("id:")) {
						event[1] = line.substring(3).trim();
					}
					else if (line.startsWith("data:")) {
						event[2] = event[2] + line.substring(5);
					}
				});
			}
			catch (RuntimeException ex) {
				// the connection broke mid-stream (UncheckedIOException): reconnect
			}
		}

		void dispatch(String type, String id, String data) {
			if (id != null) {
				this.lastEventId = id;
				if (this.firstEventId == null) {
					this.firstEventId = id;
				}
			}
			if (!"notification".equals(type)) {
				return;
			}
			try {
				JsonNode item = JSON.readTree(data);
				if (isOurComment(item)) {
					this.commentNotices.merge(item.path("id").asString(), 1, Integer::sum);
				}
			}
			catch (tools.jackson.core.JacksonException ex) {
				throw new IllegalStateException("not a notification: " + data, ex);
			}
		}

		void close() {
			this.closed = true;
			interrupt();
		}

	}

	// --- the kills ----------------------------------------------------------------------------------------------

	static long pid(String name) throws IOException {
		return Long.parseLong(Files.readString(HA_HOME.resolve("run").resolve(name + ".pid")).trim());
	}

	/** Milliseconds from the kill until devstack's new process for {@code instance} answers its readiness check. */
	static long awaitBack(String instance, long oldPid, long killed) throws Exception {
		String service = instance.substring(0, instance.indexOf('-'));
		int number = Integer.parseInt(instance.substring(instance.indexOf('-') + 1));
		// devstack --ha's layout: instance n of the service whose normal port is 8080 + i listens on 20000 + 100 n + 80 + i
		int port = 20_000 + 100 * number + 80 + SERVICES.indexOf(service);
		String readiness = "http://127.0.0.1:" + port
				+ (service.equals("gateway") ? "/readyz" : "/actuator/health/readiness");
		long deadline = killed + TimeUnit.MINUTES.toMillis(5);
		while (System.currentTimeMillis() < deadline) {
			if (pid(instance) != oldPid && ServiceJvm.ok(readiness)) {
				return System.currentTimeMillis() - killed;
			}
			park(Duration.ofMillis(250));
		}
		throw new IllegalStateException(instance + " did not come back within 5 minutes");
	}

	static long awaitRedis(long oldPid, long killed) throws Exception {
		long deadline = killed + TimeUnit.MINUTES.toMillis(1);
		while (System.currentTimeMillis() < deadline) {
			if (pid("redis") != oldPid && tcp(16379)) {
				return System.currentTimeMillis() - killed;
			}
			park(Duration.ofMillis(100));
		}
		throw new IllegalStateException("redis did not come back within a minute");
	}

	/** rabbitmqctl of the HA run's own node (its HOME holds the node's Erlang cookie). */
	static void rabbitmqctl(String command) throws Exception {
		Path base = HA_HOME.resolve("rabbitmq");
		ProcessBuilder builder = new ProcessBuilder("/usr/lib/rabbitmq/bin/rabbitmqctl", "-n", "parley-ha@localhost",
				command)
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "chaos-rabbitmqctl.log").toFile()));
		builder.environment().put("HOME", base.toString());
		Files.createDirectories(Path.of("target"));
		Process process = builder.start();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("rabbitmqctl %s finished", command).isTrue();
		assertThat(process.exitValue()).as("rabbitmqctl %s (target/chaos-rabbitmqctl.log)", command).isZero();
	}

	static boolean tcp(int port) {
		try (java.net.Socket socket = new java.net.Socket()) {
			socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	// --- the report ---------------------------------------------------------------------------------------------

	String report(long end, Person owner, Person partner) throws Exception {
		StringBuilder out = new StringBuilder();
		out.append("| window | back after | reads ok / failed | writes ok / failed (statuses) | sessions lost | ")
			.append("stream away (max, s) | load at start |\n|---|---|---|---|---|---|---|\n");
		for (int w = 0; w < this.windows.size(); w++) {
			Window window = this.windows.get(w);
			long to = (w + 1 < this.windows.size()) ? this.windows.get(w + 1).from() : end;
			List<Outcome> in = this.outcomes.stream().filter((o) -> o.at() >= window.from() && o.at() < to).toList();
			long readsOk = in.stream().filter((o) -> !o.write() && !o.failed()).count();
			long readsFailed = in.stream().filter((o) -> !o.write() && o.failed()).count();
			long writesOk = in.stream().filter((o) -> o.write() && !o.failed()).count();
			List<Outcome> writesFailed = in.stream().filter((o) -> o.write() && o.failed()).toList();
			long sessionsLost = in.stream().filter((o) -> o.status() == 401).count();
			double away = this.streams.stream()
				.flatMap((s) -> s.gaps.stream())
				.filter((gap) -> gap[0] >= window.from() && gap[0] < to)
				.mapToDouble((gap) -> (gap[1] - gap[0]) / 1000.0)
				.max()
				.orElse(0);
			out.append("| ")
				.append(window.what())
				.append(" | ")
				.append(window.backAfterMillis() == 0 ? "—" : "%.1f s".formatted(window.backAfterMillis() / 1000.0))
				.append(" | ")
				.append(readsOk)
				.append(" / ")
				.append(readsFailed)
				.append(" | ")
				.append(writesOk)
				.append(" / ")
				.append(writesFailed.size())
				.append(writesFailed.isEmpty() ? "" : " " + describe(writesFailed))
				.append(" | ")
				.append(sessionsLost)
				.append(" | ")
				.append("%.1f".formatted(away))
				.append(" | ")
				.append(window.load())
				.append(" |\n");
			in.stream()
				.filter(Outcome::failed)
				.forEach((o) -> System.out.printf("  failed at +%.1f s: %s %s -> %d %s%n", (o.at() - this.start) / 1000.0,
						o.person(), o.what(), o.status(), o.error() == null ? "" : o.error()));
		}
		out.append('\n');
		// notices: what the inbox holds is what was delivered; every stream should have seen each exactly once
		Set<String> inboxComments = new java.util.HashSet<>();
		for (int page = 0; page < 100; page++) {
			JsonNode items = partner.get("/api/notifications?size=100&page=" + page).path("items");
			if (items.isEmpty()) {
				break;
			}
			for (JsonNode item : items) {
				if (isOurComment(item)) {
					inboxComments.add(item.path("id").asString());
				}
			}
		}
		out.append("Comments answered 201: ").append(this.commentsOk.get()).append("; answered otherwise: ")
			.append(this.commentsFailed.get()).append("; comment notices in the partner's inbox: ")
			.append(inboxComments.size()).append(".\n");
		for (Stream stream : this.streams) {
			long delivered = stream.commentNotices.values().stream().mapToLong(Integer::longValue).sum();
			// which ones, so that the next person can look them up in notifications' log and collection; a notice
			// stored before the stream first opened is not owed to it (a new stream begins at the person's current
			// position, as a browser's first EventSource does; the inbox shows those)
			Set<String> notOnStream = new java.util.TreeSet<>();
			inboxComments.stream().filter((id) -> !stream.commentNotices.containsKey(id)).forEach(notOnStream::add);
			Map<String, StoredNotice> stored = storedNotices(notOnStream);
			long opened = position(stream.firstEventId);
			long beforeOpen = notOnStream.stream()
				.filter((id) -> stored.containsKey(id) && stored.get(id).seq() <= opened)
				.count();
			out.append("- ").append(stream.getName()).append(": ").append(stream.commentNotices.size())
				.append(" distinct comment notices, ").append(delivered - stream.commentNotices.size())
				.append(" repeated (replayed after a reconnect), ").append(notOnStream.size() - beforeOpen)
				.append(" lost (in the inbox, stored after the stream first opened at position ").append(opened)
				.append(", never on it), ").append(beforeOpen)
				.append(" stored before it first opened, ").append(stream.refused.get())
				.append(" reconnects refused (non-200).\n");
			notOnStream.forEach((id) -> {
				StoredNotice notice = stored.get(id);
				out.append("  - never on ").append(stream.getName()).append(": ").append(id).append(' ')
					.append(notice == null ? "(not found in MongoDB)" : notice.describe())
					.append(notice != null && notice.seq() <= opened ? ", before the stream first opened" : ", LOST")
					.append('\n');
			});
			stream.commentNotices.forEach((id, times) -> {
				if (times > 1) {
					out.append("  - ").append(times).append(" times on ").append(stream.getName()).append(": ")
						.append(id).append('\n');
				}
			});
			out.append("  - last event id of ").append(stream.getName()).append(": ").append(stream.lastEventId)
				.append('\n');
		}
		out.append("Events left in outboxes ").append(outboxesAfterSettling()).append(".\n");
		out.append(halfStored(owner)).append('\n');
		out.append("Load average at the end: ").append(load()).append(".\n");
		return out.toString();
	}

	/** A comment notice about this run's workspace (the partner's inbox has earlier runs' too). */
	boolean isOurComment(JsonNode item) {
		return "workspace.comment.posted".equals(item.path("type").asString())
				&& item.path("link").asString().contains(this.workspace);
	}

	static String describe(List<Outcome> failed) {
		Map<String, Integer> kinds = new LinkedHashMap<>();
		for (Outcome o : failed) {
			kinds.merge(o.what() + " " + (o.status() < 0 ? "no answer" : String.valueOf(o.status())), 1, Integer::sum);
		}
		return kinds.toString();
	}

	/** A stored notification entry: where, its stream position, when. */
	record StoredNotice(String where, long seq, Instant createdAt) {

		String describe() {
			return "(" + this.where + ": seq " + this.seq + ", stored " + this.createdAt + ")";
		}

	}

	/** The position a stream id names (its highest position; gaps after the colon do not matter here). */
	static long position(String eventId) {
		if (eventId == null) {
			return -1;
		}
		int colon = eventId.indexOf(':');
		return Long.parseLong(colon < 0 ? eventId.trim() : eventId.substring(0, colon).trim());
	}

	/** Stream position and time of the stored notification entries with these ids, read from MongoDB. */
	static Map<String, StoredNotice> storedNotices(Set<String> ids) {
		Map<String, StoredNotice> found = new LinkedHashMap<>();
		if (ids.isEmpty()) {
			return found;
		}
		try (MongoClient mongo = MongoClients.create("mongodb://127.0.0.1:37017")) {
			for (String name : mongo.listDatabaseNames()) {
				MongoDatabase database = mongo.getDatabase(name);
				for (String collection : database.listCollectionNames()) {
					if (!"notifications".equals(collection)) {
						continue;
					}
					for (org.bson.BsonDocument entry : database.getCollection(collection, org.bson.BsonDocument.class)
						.find(new Document("type", "workspace.comment.posted"))) {
						org.bson.BsonValue key = entry.get("_id");
						String id = !key.isBinary() ? key.toString()
								: key.asBinary().getType() == 4 ? key.asBinary().asUuid().toString()
										: key.asBinary().asUuid(org.bson.UuidRepresentation.JAVA_LEGACY).toString();
						if (ids.contains(id)) {
							found.put(id, new StoredNotice(name + "." + collection, entry.getNumber("seq").longValue(),
									Instant.ofEpochMilli(entry.getDateTime("createdAt").getValue())));
						}
					}
				}
			}
		}
		return found;
	}

	/** Waits up to a minute for the relays to drain, then counts what is still pending, per collection. */
	static String outboxesAfterSettling() {
		try (MongoClient mongo = MongoClients.create("mongodb://127.0.0.1:37017")) {
			long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(1);
			Map<String, Long> pending = pending(mongo);
			while (!pending.isEmpty() && System.currentTimeMillis() < deadline) {
				park(Duration.ofSeconds(2));
				pending = pending(mongo);
			}
			return pending.isEmpty() ? "after the run: 0" : "a minute after the run: " + pending;
		}
	}

	static Map<String, Long> pending(MongoClient mongo) {
		Map<String, Long> pending = new LinkedHashMap<>();
		for (String name : mongo.listDatabaseNames()) {
			if (Set.of("admin", "local", "config").contains(name)) {
				continue;
			}
			MongoDatabase database = mongo.getDatabase(name);
			for (String collection : database.listCollectionNames()) {
				for (Document document : database.getCollection(collection)
					.find(new Document("_outboxCount", new Document("$gt", 0)))
					.projection(new Document("_outbox.type", 1))) {
					for (Document event : document.getList("_outbox", Document.class)) {
						pending.merge(name + "." + collection + " " + event.getString("type"), 1L, Long::sum);
					}
				}
			}
		}
		return pending;
	}

	/** Every document the workspace lists must download whole with the bytes that were sent for its title. */
	String halfStored(Person owner) throws Exception {
		JsonNode listed = owner.get("/api/workspaces/" + this.workspace + "/documents");
		int whole = 0;
		List<String> broken = new ArrayList<>();
		Set<String> acknowledged = new java.util.HashSet<>();
		this.stored.forEach((document) -> acknowledged.add(document[2]));
		int storedDespiteFailure = 0;
		for (JsonNode document : listed) {
			String title = document.path("title").asString();
			HttpResponse<byte[]> content = owner.browser.send(owner
				.request("/api/workspaces/" + this.workspace + "/documents/" + document.path("id").asString()
						+ "/versions/1/content")
				.build(), HttpResponse.BodyHandlers.ofByteArray());
			if (content.statusCode() == 200 && sha256(content.body()).equals(this.uploadedSha.get(title))) {
				whole++;
				if (!acknowledged.contains(title)) {
					storedDespiteFailure++;
				}
			}
			else {
				broken.add(title + " (" + content.statusCode() + ", " + content.body().length + " bytes)");
			}
		}
		long attempts = this.outcomes.stream().filter((o) -> o.what().startsWith("upload")).count() + 1;
		return "Uploads: " + attempts + " sent, " + acknowledged.size() + " answered 201; the workspace lists "
				+ listed.size() + " documents, " + whole + " download whole with the bytes sent ("
				+ storedDespiteFailure + " of them stored although the upload's answer was not 201), half stored: "
				+ (broken.isEmpty() ? "none" : broken.toString()) + ".";
	}

	// --- small things -------------------------------------------------------------------------------------------

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String load() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "?";
		}
	}

	static void park(Duration duration) {
		LockSupport.parkNanos(duration.toNanos());
	}

}
