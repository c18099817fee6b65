package io.parley.e2e;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules and the dashboard in {@code deploy/monitoring/} as files, without the portal running: the rules
 * parse and each says what an on-call person needs, the dashboard is valid JSON Grafana accepts, and the PromQL
 * reader that {@link MonitoringMetricsTests} relies on finds exactly the metric names in an expression.
 */
class MonitoringFilesTests {

	private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

	@Test
	void givenAlertRules_whenParsed_thenEveryRuleHasNameExpressionDurationSeverityAndWordsForOnCall() {
		List<Map<String, Object>> rules = MonitoringFiles.rules();

		assertThat(rules).hasSizeGreaterThanOrEqualTo(10);
		Set<String> names = new HashSet<>();
		for (Map<String, Object> rule : rules) {
			Object alert = rule.get("alert");
			assertThat(alert).as("every rule is an alert with a name: %s", rule).isInstanceOf(String.class);
			assertThat(names.add((String) alert)).as("alert %s named once", alert).isTrue();
			assertThat(String.valueOf(rule.get("expr"))).as("%s expr", alert).isNotBlank();
			assertThat(String.valueOf(rule.get("for"))).as("%s for", alert).matches("\\d+[smh]");
			Map<?, ?> labels = (Map<?, ?>) rule.get("labels");
			assertThat(labels).as("%s labels", alert).isNotNull();
			assertThat(labels.get("severity")).as("%s severity", alert).isIn(SEVERITIES);
			Map<?, ?> annotations = (Map<?, ?>) rule.get("annotations");
			assertThat(annotations).as("%s annotations", alert).isNotNull();
			assertThat(String.valueOf(annotations.get("summary"))).as("%s summary", alert).isNotBlank();
			// what it means and what to do first
			assertThat(String.valueOf(annotations.get("description"))).as("%s description", alert).contains("First:");
			assertThat(MonitoringFiles.metricNames(String.valueOf(rule.get("expr")))).as("%s reads a metric", alert)
				.isNotEmpty();
		}
	}

	@Test
	void givenDashboard_whenParsed_thenPanelIdsAreUniqueAndEveryQueryHasADatasourceAndAnExpression() {
		JsonNode dashboard = MonitoringFiles.dashboard();

		assertThat(dashboard.get("uid").asString()).isEqualTo("parley-overview");
		assertThat(dashboard.get("title").asString()).isNotBlank();
		List<Integer> ids = new ArrayList<>();
		List<JsonNode> panels = new ArrayList<>();
		dashboard.get("panels").forEach((panel) -> {
			panels.add(panel);
			// a collapsed row carries its panels inside it
			if (panel.has("panels")) {
				panel.get("panels").forEach(panels::add);
			}
		});
		for (JsonNode panel : panels) {
			assertThat(panel.get("id").isInt()).as("panel %s has a numeric id", panel.get("title")).isTrue();
			ids.add(panel.get("id").asInt());
			assertThat(panel.get("gridPos")).as("panel %s is placed", panel.get("title")).isNotNull();
			if (!panel.get("type").asString().equals("row")) {
				assertThat(panel.get("targets")).as("panel %s queries something", panel.get("title")).isNotEmpty();
				panel.get("targets").forEach((target) -> {
					assertThat(target.get("expr").asString()).isNotBlank();
					assertThat(target.get("datasource").get("uid").asString()).isEqualTo("${datasource}");
				});
			}
		}
		assertThat(ids).doesNotHaveDuplicates();
		assertThat(panels).hasSizeGreaterThanOrEqualTo(20);
	}

	@Test
	void givenPromQl_whenReadingMetricNames_thenSuffixesKeptAndFunctionsLabelsRangesKeywordsAndVariablesLeftOut() {
		assertThat(MonitoringFiles.metricNames(
				"sum by (routeId) (rate(spring_cloud_gateway_requests_seconds_count{outcome=\"SERVER_ERROR\"}[5m]))"
						+ " / sum by (routeId) (rate(spring_cloud_gateway_requests_seconds_sum[5m])) > 0.05"))
			.containsExactly("spring_cloud_gateway_requests_seconds_count", "spring_cloud_gateway_requests_seconds_sum");
		assertThat(MonitoringFiles.metricNames(
				"histogram_quantile(0.99, sum without (instance) (rate(foo_seconds_bucket{a=~\"x|y\", b!=\"up\"}[$__rate_interval])))"))
			.containsExactly("foo_seconds_bucket");
		assertThat(MonitoringFiles.metricNames("max by (application, queue) (parley_events_consumer_queue_depth) > 0"
				+ " and on (application, queue) group_left (team) sum by (application, queue)"
				+ " (rate(parley_events_consumed_total[10m])) == bool 0 unless up offset 1h"))
			.containsExactly("parley_events_consumed_total", "parley_events_consumer_queue_depth", "up");
		assertThat(MonitoringFiles.metricNames(
				"sum(parley_notifications_streams_open) < 0.5 * sum(parley_notifications_streams_open offset 10m)"
						+ " and 1e3 > -Inf or parley_documents_scans_pending{application=~\"$application\"}"))
			.containsExactly("parley_documents_scans_pending", "parley_notifications_streams_open");
		assertThat(MonitoringFiles.metricNames("label_replace(jvm_info, \"dst\", \"$1\", \"src\", \"(.*)\")"))
			.containsExactly("jvm_info");
	}

	@Test
	void givenExposition_whenReadingNames_thenEverySeriesNameWithItsSuffixAndNoComments() {
		String exposition = """
				# HELP parley_events_consumer_lag_seconds From the event's occurrence until this consumer applied it
				# TYPE parley_events_consumer_lag_seconds summary
				parley_events_consumer_lag_seconds{application="workspace",queue="workspace",quantile="0.99"} 0.0
				parley_events_consumer_lag_seconds_count{application="workspace",queue="workspace"} 0
				parley_events_consumer_lag_seconds_sum{application="workspace",queue="workspace"} 0.0
				process_uptime_seconds 42.0
				""";

		Set<String> exposed = MonitoringFiles.exposedNames(exposition);

		assertThat(exposed).containsExactly("parley_events_consumer_lag_seconds",
				"parley_events_consumer_lag_seconds_count", "parley_events_consumer_lag_seconds_sum",
				"process_uptime_seconds");
		// a histogram's buckets are not there just because the summary is
		assertThat(exposed).doesNotContain("parley_events_consumer_lag_seconds_bucket");
		assertThat(MonitoringFiles.sameFamily("parley_events_consumer_lag_seconds_bucket", exposed))
			.contains("parley_events_consumer_lag_seconds_count");
	}

	@Test
	void givenRulesAndDashboard_whenCollectingExpressions_thenBothFilesAndTheServiceVariableAreRead() {
		Map<String, String> expressions = MonitoringFiles.expressions();

		assertThat(expressions.keySet()).anyMatch((where) -> where.startsWith("parley-alerts.yml alert ParleyOutboxStuck"))
			.anyMatch((where) -> where.contains("\"5xx per route\""))
			.anyMatch((where) -> where.endsWith("application variable"));
		assertThat(expressions).containsValue("jvm_info");
	}

}
