package io.parley.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alert rules and the dashboard in {@code deploy/monitoring/}, and the metric names their PromQL reads. Shared by
 * {@link MonitoringFilesTests} (the files alone) and {@link MonitoringMetricsTests} (against the running portal).
 */
final class MonitoringFiles {

	static final Path DIRECTORY = Path.of(System.getProperty("e2e.monitoring", "../deploy/monitoring"));

	static final Path RULES = DIRECTORY.resolve("parley-alerts.yml");

	static final Path DASHBOARD = DIRECTORY.resolve("parley-dashboard.json");

	/** Series Prometheus writes itself rather than scraping them from a target. */
	static final Set<String> WRITTEN_BY_PROMETHEUS = Set.of("up", "ALERTS", "ALERTS_FOR_STATE",
			"scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
			"scrape_series_added");

	private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`");

	private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");

	private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");

	private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");

	/** Label lists of aggregations and vector matching; the keyword goes too, so what follows reads as a call. */
	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)|\\b(?:group_left|group_right)\\b");

	/** A name not glued to a digit, dot or another name (so {@code 5m}, {@code 1e3} and {@code 0.9} are not names). */
	private static final Pattern NAME = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][\\w:]*");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "Inf",
			"NaN");

	private static final Pattern LABEL_VALUES = Pattern
		.compile("^\\s*label_values\\(\\s*([a-zA-Z_:][\\w:]*)\\s*(?:\\{[^}]*})?\\s*,");

	private MonitoringFiles() {
	}

	/** Every rule of every group, as read (alert, expr, for, labels, annotations...). */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> rules() {
		Map<String, Object> file = new Yaml(new SafeConstructor(new LoaderOptions())).load(read(RULES));
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
			rules.addAll((List<Map<String, Object>>) group.get("rules"));
		}
		return rules;
	}

	static JsonNode dashboard() {
		return new JsonMapper().readTree(read(DASHBOARD));
	}

	/**
	 * Every PromQL expression the rules and the dashboard evaluate, keyed by where it is (for the failure message):
	 * the rules' {@code expr}, every {@code expr} anywhere in the dashboard (panel targets, annotations), and the
	 * metric of a {@code label_values(metric, label)} variable.
	 */
	static Map<String, String> expressions() {
		Map<String, String> expressions = new LinkedHashMap<>();
		for (Map<String, Object> rule : rules()) {
			expressions.put(RULES.getFileName() + " alert " + rule.get("alert"), String.valueOf(rule.get("expr")));
		}
		collect(dashboard(), DASHBOARD.getFileName().toString(), expressions);
		return expressions;
	}

	private static void collect(JsonNode node, String where, Map<String, String> expressions) {
		if (node.isObject()) {
			String here = node.has("title") ? where + " \"" + node.get("title").asString() + "\""
					: node.has("name") ? where + " " + node.get("name").asString() : where;
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				JsonNode value = field.getValue();
				if (field.getKey().equals("expr") && value.isString()) {
					expressions.put(here + " " + (node.has("refId") ? node.get("refId").asString() : "expr"),
							value.asString());
				}
				else if (field.getKey().equals("query") && value.isString()) {
					Matcher metric = LABEL_VALUES.matcher(value.asString());
					if (metric.find()) {
						expressions.put(here + " variable", metric.group(1));
					}
				}
				else {
					collect(value, here, expressions);
				}
			}
		}
		else if (node.isArray()) {
			node.forEach((element) -> collect(element, where, expressions));
		}
	}

	/**
	 * The metric names a PromQL expression selects, exactly as written: {@code foo_seconds_count} stays that, because
	 * Prometheus matches the series name as a whole. Strings, label matchers, ranges, label lists of {@code by},
	 * {@code on} and kin, function and aggregation names (anything followed by a parenthesis) and keywords are not
	 * metric names.
	 */
	static Set<String> metricNames(String promql) {
		String rest = TEMPLATE_VARIABLE.matcher(promql).replaceAll(" ");
		rest = STRING.matcher(rest).replaceAll(" ");
		rest = LABEL_MATCHERS.matcher(rest).replaceAll(" ");
		rest = RANGE.matcher(rest).replaceAll(" ");
		rest = GROUPING.matcher(rest).replaceAll(" ");
		Set<String> names = new TreeSet<>();
		Matcher name = NAME.matcher(rest);
		while (name.find()) {
			String candidate = name.group();
			boolean call = rest.substring(name.end()).matches("(?s)\\s*\\(.*");
			if (!call && !KEYWORDS.contains(candidate)) {
				names.add(candidate);
			}
		}
		return names;
	}

	/** The series names in a Prometheus text exposition ({@code /actuator/prometheus}), suffixes and all. */
	static Set<String> exposedNames(String exposition) {
		Set<String> names = new TreeSet<>();
		for (String line : exposition.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			int end = 0;
			while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
				end++;
			}
			names.add(line.substring(0, end));
		}
		return names;
	}

	/**
	 * Exposed names of the same family as {@code wanted} (its name without a {@code _bucket}, {@code _count},
	 * {@code _sum}, {@code _max}, {@code _total} or {@code _created} suffix), to say what is there instead.
	 */
	static Set<String> sameFamily(String wanted, Set<String> exposed) {
		String family = wanted.replaceFirst("_(bucket|count|sum|max|total|created)$", "");
		Set<String> related = new TreeSet<>();
		for (String name : exposed) {
			if (name.equals(family) || name.startsWith(family + "_")) {
				related.add(name);
			}
		}
		return related;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
