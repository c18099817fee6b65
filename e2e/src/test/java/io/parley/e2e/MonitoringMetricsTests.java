package io.parley.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric an alert rule or a dashboard panel in {@code deploy/monitoring/} reads is one the running portal
 * exposes: each service's {@code /actuator/prometheus} (the gateway's on its management port) is scraped, and each
 * name the PromQL selects must be a series name one of them serves. The portal's own meters are registered at start
 * (they show 0 before first use); only the gateway's route timer appears with the first routed request, so the test
 * sends one, as an anonymous invitee's acceptance (the one API path the gateway routes without a sign-in).
 */
@ExtendWith({ Portal.class, Watchdog.class })
class MonitoringMetricsTests {

	/** Where Prometheus scrapes each service (ADR 0001, ADR 0023: the gateway's actuator is on 9080). */
	static final Map<String, URI> SCRAPED = Map.of("gateway", URI.create("http://127.0.0.1:9080/actuator/prometheus"),
			"identity", URI.create("http://127.0.0.1:8081/actuator/prometheus"), "workspace",
			URI.create("http://127.0.0.1:8082/actuator/prometheus"), "notifications",
			URI.create("http://127.0.0.1:8083/actuator/prometheus"), "rollouts",
			URI.create("http://127.0.0.1:8084/actuator/prometheus"));

	private static final Pattern XSRF_COOKIE = Pattern.compile("XSRF-TOKEN=([^;]+)");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** Every series name any service serves. */
	private static final Set<String> exposed = new TreeSet<>();

	@BeforeAll
	static void scrapeEveryService() throws Exception {
		String routed = routeOneRequestThroughTheGateway();
		for (Map.Entry<String, URI> service : SCRAPED.entrySet()) {
			HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(service.getValue())
				.timeout(Duration.ofSeconds(20))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(scrape.statusCode()).as("GET %s", service.getValue()).isEqualTo(200);
			// every series carries the service's name, which the rules group by
			assertThat(scrape.body()).as("%s tags its meters with application", service.getKey())
				.contains("application=\"" + service.getKey() + "\"");
			if (service.getKey().equals("gateway")) {
				assertThat(scrape.body()).as("the acceptance was routed to identity (answered %s)", routed)
					.containsPattern("spring_cloud_gateway_requests_seconds_count\\{[^}]*routeId=\"identity\"");
			}
			exposed.addAll(MonitoringFiles.exposedNames(scrape.body()));
		}
	}

	@Test
	void givenRunningPortal_whenScrapingEveryService_thenEveryMetricTheRulesAndDashboardReadIsExposed() {
		Map<String, String> expressions = MonitoringFiles.expressions();

		assertThat(missing(expressions)).as("metric names in deploy/monitoring that no running service exposes")
			.isEmpty();
		assertThat(expressions).hasSizeGreaterThan(40);
	}

	@Test
	void givenMisspeltNameAndAHistogramSuffixOfATimerWithoutOne_whenChecked_thenBothNamedWithWhatIsThere() {
		Map<String, String> expressions = new LinkedHashMap<>();
		expressions.put("by hand", "sum(parley_events_outbox_backlogg) + parley_events_consumer_lag_seconds_bucket"
				+ " + parley_events_consumer_lag_seconds_count + up");

		List<String> missing = missing(expressions);

		assertThat(missing).hasSize(2);
		assertThat(missing.get(0)).startsWith("parley_events_consumer_lag_seconds_bucket (by hand)")
			.contains("parley_events_consumer_lag_seconds_count");
		assertThat(missing.get(1)).isEqualTo("parley_events_outbox_backlogg (by hand)");
	}

	/** Each name an expression reads that no service exposes, with where it is and what of its family is there. */
	private static List<String> missing(Map<String, String> expressions) {
		List<String> missing = new ArrayList<>();
		for (Map.Entry<String, String> expression : expressions.entrySet()) {
			for (String name : MonitoringFiles.metricNames(expression.getValue())) {
				if (!exposed.contains(name) && !MonitoringFiles.WRITTEN_BY_PROMETHEUS.contains(name)
						&& !name.startsWith("scrape_")) {
					Set<String> family = MonitoringFiles.sameFamily(name, exposed);
					missing.add(name + " (" + expression.getKey() + ")"
							+ (family.isEmpty() ? "" : "; exposed of that family: " + family));
				}
			}
		}
		return missing;
	}

	/**
	 * GET / hands out the CSRF cookie; the acceptance POST carries it back and is routed to identity, which answers a
	 * token it never issued itself. Returns that answer, for the message if the route's timer is missing.
	 */
	private static String routeOneRequestThroughTheGateway() throws IOException, InterruptedException {
		HttpResponse<Void> page = HTTP.send(HttpRequest.newBuilder(URI.create(Portal.BASE_URL + "/")).GET().build(),
				HttpResponse.BodyHandlers.discarding());
		String csrf = page.headers()
			.allValues("Set-Cookie")
			.stream()
			.map(XSRF_COOKIE::matcher)
			.filter(Matcher::find)
			.map((matcher) -> matcher.group(1))
			.findFirst()
			.orElseThrow(() -> new AssertionError("GET / set no XSRF-TOKEN cookie: " + page.headers().map()));
		HttpResponse<String> routed = HTTP.send(
				HttpRequest.newBuilder(URI.create(Portal.BASE_URL + "/api/identity/invitations/acceptance"))
					.header("Content-Type", "application/json")
					.header("Cookie", "XSRF-TOKEN=" + csrf)
					.header("X-XSRF-TOKEN", csrf)
					.POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"not-an-invitation\"}"))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		return routed.statusCode() + " " + routed.body();
	}

}
