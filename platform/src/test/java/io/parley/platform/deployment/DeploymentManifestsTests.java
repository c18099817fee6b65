package io.parley.platform.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.deployment.ManifestRules.Overlay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy/kubernetes: both overlays render with {@code kubectl kustomize}, every object is one the API (fabric8's
 * model) or its operator's CRD knows, field by field, and the rules of {@link ManifestRules} hold. Each rule is
 * shown to catch its breach on a changed copy of a rendered overlay. Skipped, saying so, where kubectl is not
 * installed; CI installs it (.ci/run).
 */
class DeploymentManifestsTests {

	private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

	@Test
	void givenDevOverlay_whenRendered_thenEveryObjectIsKnownAndEveryRuleHolds() throws Exception {
		assertThat(ManifestRules.check(render("dev"), Overlay.DEV)).isEmpty();
	}

	@Test
	void givenHaOverlay_whenRendered_thenEveryObjectIsKnownAndEveryRuleHolds() throws Exception {
		assertThat(ManifestRules.check(render("ha"), Overlay.HA)).isEmpty();
	}

	@SuppressWarnings("unchecked")
	static Stream<Arguments> breaches() {
		return Stream.of(
				breach("a misspelt field of a built-in kind", "Deployment", "parley-workspace",
						(d) -> container(d).put("livenessprobe", Map.of()), "Unrecognized field \"livenessprobe\""),
				breach("a misspelt field of an operator's resource", "MongoDBCommunity", "parley-mongodb",
						(d) -> ManifestRules.spec(d).put("member", 3), "unknown field \"spec.member\""),
				breach("a field the Keycloak CRD does not have", "Keycloak", "parley-keycloak",
						(d) -> ManifestRules.spec(d).put("hostnameStrict", false), "unknown field \"spec.hostnameStrict\""),
				breach("a kind nobody describes", "Service", "parley-redis", (d) -> d.put("kind", "Servise"),
						"is neither a built-in kind"),
				breach("no readiness probe", "Deployment", "parley-identity", (d) -> container(d).remove("readinessProbe"),
						"container identity: no readinessProbe"),
				breach("liveness on the API port", "Deployment", "parley-gateway",
						(d) -> probe(d, "livenessProbe").put("port", "http"), "must ask /actuator/health/liveness"),
				breach("no limits", "Deployment", "parley-rollouts",
						(d) -> ((Map<String, Object>) container(d).get("resources")).remove("limits"),
						"container rollouts: no cpu request and limit"),
				breach("a writable root file system", "Deployment", "parley-notifications",
						(d) -> ((Map<String, Object>) container(d).get("securityContext")).put("readOnlyRootFilesystem", false),
						"read-only"),
				breach("running as root allowed", "Deployment", "parley-clamav",
						(d) -> podSpec(d).remove("securityContext"), "must run as non-root"),
				breach("no PodDisruptionBudget", "PodDisruptionBudget", "parley-workspace",
						(d) -> d.put("spec", Map.of("maxUnavailable", 1, "selector", Map.of("matchLabels",
								Map.of("app.kubernetes.io/name", "nobody")))),
						"Deployment parley-workspace: no PodDisruptionBudget"),
				breach("a service open to the ingress controller", "NetworkPolicy", "parley-workspace",
						(d) -> ingressFrom(d).add(Map.of("namespaceSelector",
								Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "ingress-nginx")))),
						"NetworkPolicy for workspace lets in"),
				breach("MongoDB open to the gateway", "NetworkPolicy", "parley-mongodb",
						(d) -> ingressFrom(d).add(Map.of("podSelector",
								Map.of("matchLabels", Map.of("app.kubernetes.io/name", "gateway")))),
						"NetworkPolicy for parley-mongodb-svc lets in"),
				breach("no default deny", "NetworkPolicy", "default-deny-ingress",
						(d) -> ManifestRules.spec(d).put("ingress", List.of(Map.of())), "denies all ingress by default"),
				breach("a password in an env value", "Deployment", "parley-identity",
						(d) -> env(d).add(Map.of("name", "RABBITMQ_PASSWORD", "value", "hunter2")),
						"RABBITMQ_PASSWORD has an inline value"),
				breach("credentials in a URI", "Deployment", "parley-workspace",
						(d) -> env(d).add(Map.of("name", "MONGODB_URI", "value", "mongodb://workspace:pw@db:27017")),
						"MONGODB_URI has an inline value"),
				breach("a Secret with data", "Service", "parley-redis",
						(d) -> {
							d.remove("spec");
							d.putAll(Map.of("apiVersion", "v1", "kind", "Secret", "data", Map.of("password", "aHVudGVyMg==")));
						},
						"Secret parley-redis carries its values"),
				breach("a secret in a ConfigMap", "ConfigMap", "parley-common",
						(d) -> ((Map<String, Object>) d.get("data")).put("PARLEY_GATEWAY_COOKIE_KEY", "x"),
						"PARLEY_GATEWAY_COOKIE_KEY looks like a secret"),
				breach("a latest tag", "Deployment", "parley-gateway",
						(d) -> container(d).put("image", "registry.example/parley/gateway:latest"), "is not pinned"),
				breach("an untagged operator image", "RabbitmqCluster", "parley-rabbitmq",
						(d) -> ManifestRules.spec(d).put("image", "rabbitmq"), "image rabbitmq is not pinned"),
				breach("the Keycloak operator's open NetworkPolicy", "Keycloak", "parley-keycloak",
						(d) -> ManifestRules.spec(d).remove("networkPolicy"), "the operator's own NetworkPolicy must be off"),
				breach("a second public host", "Keycloak", "parley-keycloak",
						(d) -> ((Map<String, Object>) ManifestRules.spec(d).get("hostname")).put("hostname",
								"https://auth.other.example"), "Keycloak: hostname"));
	}

	@ParameterizedTest(name = "ha: {0}")
	@MethodSource("breaches")
	void givenHaOverlayWithABreach_whenChecked_thenTheRuleNamesIt(String breach, String kind, String name,
			Consumer<Map<String, Object>> change, String expected) throws Exception {
		List<Map<String, Object>> documents = render("ha");
		change.accept(find(documents, kind, name));

		assertThat(ManifestRules.check(documents, Overlay.HA)).anyMatch((problem) -> problem.contains(expected));
	}

	@Test
	void givenHaOverlayWithOneReplicaOrNoSpread_whenChecked_thenEachIsNamed() throws Exception {
		List<Map<String, Object>> documents = render("ha");
		ManifestRules.spec(find(documents, "Deployment", "parley-identity")).put("replicas", 1);
		podSpec(find(documents, "Deployment", "parley-rollouts")).remove("topologySpreadConstraints");
		ManifestRules.spec(find(documents, "PodDisruptionBudget", "parley-gateway")).put("minAvailable", 0);
		ManifestRules.spec(find(documents, "RabbitmqCluster", "parley-rabbitmq")).put("replicas", 1);
		ManifestRules.spec(find(documents, "Cluster", "parley-keycloak-db")).remove("affinity");
		documents.removeIf((d) -> "HorizontalPodAutoscaler".equals(d.get("kind"))
				&& "parley-notifications".equals(((Map<?, ?>) d.get("metadata")).get("name")));

		assertThat(ManifestRules.check(documents, Overlay.HA)).contains(
				"Deployment parley-identity: ha runs at least two replicas, not 1",
				"Deployment parley-rollouts: no topologySpreadConstraints across nodes (kubernetes.io/hostname, DoNotSchedule)",
				"Deployment parley-gateway: its PodDisruptionBudget must keep minAvailable 1 in ha",
				"RabbitmqCluster parley-rabbitmq: replicas 1 (at least 3 in ha)",
				"Deployment parley-notifications: no HorizontalPodAutoscaler",
				"Cluster parley-keycloak-db: its members may share a node (no required spread across kubernetes.io/hostname)");
	}

	@Test
	void givenDevOverlayWithTwoReplicas_whenChecked_thenItIsNamed() throws Exception {
		List<Map<String, Object>> documents = render("dev");
		ManifestRules.spec(find(documents, "Deployment", "parley-workspace")).put("replicas", 2);

		assertThat(ManifestRules.check(documents, Overlay.DEV))
			.containsExactly("Deployment parley-workspace: dev runs exactly one replica, not 2");
	}

	@Test
	void givenRealmImport_whenRendered_thenItIsTheProductionRealmWithThePublicUrlAndMailRelayFilledIn() throws Exception {
		List<Map<String, Object>> documents = render("ha");
		List<String> problems = new ArrayList<>();
		Map<Map<String, Object>, Object> objects = KubernetesObjects.read(documents, problems);
		String url = "https://" + ManifestRules.configMap(objects, "parley-public").get("PARLEY_HOST");
		Map<String, String> common = ManifestRules.configMap(objects, "parley-common");

		JsonNode imported = KubernetesObjects.STRICT.valueToTree(ManifestRules.spec(find(documents, "KeycloakRealmImport",
				"parley-realm")).get("realm"));
		JsonNode production = KubernetesObjects.STRICT.readTree(Files.readString(root().resolve(
				"keycloak/parley-realm.production.json"))
			.replace("${PARLEY_PUBLIC_URL}", url)
			.replace("${SMTP_HOST}", common.get("SMTP_HOST"))
			.replace("${SMTP_PORT}", common.get("SMTP_PORT")));
		assertThat(imported).isEqualTo(production);
		assertThat(imported.toString()).contains(url + "/*").doesNotContain("http://127.0.0.1", "localhost");
	}

	@Test
	@SuppressWarnings("unchecked")
	void givenBrokerUsers_whenRendered_thenTheyHaveTheComposeStacksPermissions() throws Exception {
		List<Map<String, Object>> documents = render("ha");
		JsonNode definitions = KubernetesObjects.STRICT.readTree(root().resolve("docker/rabbitmq-definitions.json").toFile());

		Map<String, Map<String, Object>> fromCompose = new HashMap<>();
		definitions.get("permissions").forEach((p) -> fromCompose.put(p.get("user").asText(), Map.of("configure",
				p.get("configure").asText(), "write", p.get("write").asText(), "read", p.get("read").asText())));
		definitions.get("topic_permissions").forEach((p) -> fromCompose.put(p.get("user").asText() + " topic",
				Map.of("exchange", p.get("exchange").asText(), "write", p.get("write").asText(), "read",
						p.get("read").asText())));
		fromCompose.remove("parley-admin");
		Map<String, Map<String, Object>> fromKubernetes = new HashMap<>();
		for (Map<String, Object> document : documents) {
			if (!(document.get("spec") instanceof Map)) {
				continue;
			}
			String user = "parley-" + ((Map<String, Object>) ManifestRules.spec(document).getOrDefault("userReference",
					Map.of("name", ""))).get("name").toString().replace("parley-", "");
			if ("Permission".equals(document.get("kind"))) {
				fromKubernetes.put(user, (Map<String, Object>) ManifestRules.spec(document).get("permissions"));
			}
			if ("TopicPermission".equals(document.get("kind"))) {
				fromKubernetes.put(user + " topic", (Map<String, Object>) ManifestRules.spec(document).get("permissions"));
			}
		}
		assertThat(fromKubernetes).isEqualTo(fromCompose);
	}

	@Test
	void givenClamdConfiguration_whenComparedWithTheComposeStacks_thenTheAlertsAndLimitsAreTheSame() throws IOException {
		List<String> compose = Files.readAllLines(root().resolve("docker/clamd.env"))
			.stream()
			.filter((line) -> line.startsWith("CLAMD_CONF_"))
			.map((line) -> line.substring("CLAMD_CONF_".length()).replaceFirst("=", " "))
			.toList();
		List<String> kubernetes = Files.readAllLines(root().resolve("deploy/kubernetes/base/config/clamd.conf"));

		assertThat(kubernetes).containsAll(compose);
	}

	@Test
	void givenClamavConfiguration_whenParsedByClamavItself_thenEveryOptionIsKnown() throws Exception {
		Path clamconf = Path.of("/usr/bin/clamconf");
		assumeTrue(Files.isExecutable(clamconf), "clamconf is not installed (Debian's clamav-daemon, which CI installs): "
				+ "clamd.conf and freshclam.conf of deploy/kubernetes are not parsed here");
		Path directory = Files.createTempDirectory("parley-clamconf");
		for (String file : List.of("clamd.conf", "freshclam.conf")) {
			Files.copy(root().resolve("deploy/kubernetes/base/config/" + file), directory.resolve(file));
		}
		Process process = new ProcessBuilder(clamconf.toString(), "-c", directory.toString()).redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();

		assertThat(output).doesNotContain("ERROR").contains("TCPSocket = \"3310\"", "NotifyClamd = \"/etc/parley/clamd.conf\"");
	}

	@Test
	void givenEveryService_whenItsConfigurationIsRead_thenActuatorsProbeGroupsAreOn() throws IOException {
		assertThat(Files.readString(root().resolve("platform/src/main/resources/platform-defaults.properties")))
			.contains("management.endpoint.health.probes.enabled=true");
		for (String service : List.of("identity", "workspace", "notifications", "rollouts")) {
			assertThat(Files.readString(root().resolve(service + "/pom.xml"))).as(service + " uses platform's defaults")
				.contains("<artifactId>platform</artifactId>");
		}
		assertThat(Files.readString(root().resolve("gateway/src/main/resources/application.yml")))
			.containsPattern("probes:\\s+enabled: true");
	}

	private static Arguments breach(String what, String kind, String name, Consumer<Map<String, Object>> change,
			String expected) {
		return Arguments.of(what, kind, name, change, expected);
	}

	/** The rendered overlay, freshly parsed (so a test may change it); kubectl runs once per overlay. */
	private static List<Map<String, Object>> render(String overlay) throws Exception {
		assumeTrue(KubernetesObjects.kubectl() != null, "kubectl is not installed: the Kubernetes overlays are not "
				+ "rendered here. Install Debian's kubectl (apt-get install -y kubectl); CI does (.ci/run).");
		String yaml = RENDERED.get(overlay);
		if (yaml == null) {
			yaml = KubernetesObjects.render(root().resolve("deploy/kubernetes/overlays/" + overlay));
			RENDERED.put(overlay, yaml);
		}
		return KubernetesObjects.documents(yaml);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> find(List<Map<String, Object>> documents, String kind, String name) {
		return documents.stream()
			.filter((d) -> kind.equals(d.get("kind"))
					&& ((Map<String, Object>) d.get("metadata")).get("name").toString().matches(name + "(-[a-z0-9]{10})?"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " " + name));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> podSpec(Map<String, Object> deployment) {
		return (Map<String, Object>) ((Map<String, Object>) ManifestRules.spec(deployment).get("template")).get("spec");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> container(Map<String, Object> deployment) {
		return ((List<Map<String, Object>>) podSpec(deployment).get("containers")).get(0);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> probe(Map<String, Object> deployment, String probe) {
		return (Map<String, Object>) ((Map<String, Object>) container(deployment).get(probe)).get("httpGet");
	}

	@SuppressWarnings("unchecked")
	private static List<Object> env(Map<String, Object> deployment) {
		return (List<Object>) container(deployment).get("env");
	}

	@SuppressWarnings("unchecked")
	private static List<Object> ingressFrom(Map<String, Object> policy) {
		return (List<Object>) ((List<Map<String, Object>>) ManifestRules.spec(policy).get("ingress")).get(0).get("from");
	}

	private static Path root() {
		Path here = Path.of("").toAbsolutePath();
		return Files.isRegularFile(here.resolve("docker-compose.yml")) ? here : here.getParent();
	}

}
