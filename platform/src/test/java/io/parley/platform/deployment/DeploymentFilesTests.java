package io.parley.platform.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The compose stack is a real deployment: no secret has a default, no demo person is imported, Keycloak's client
 * secrets come from the environment, every service has a broker user of its own, and the service images refuse the
 * development secrets. Reads the files at the root of the checkout (tests run in platform/).
 */
class DeploymentFilesTests {

	private static final JsonMapper JSON = new JsonMapper();

	/** Every secret docker-compose.yml needs; {@code .ci/run} validates the file with these set. */
	static final List<String> SECRETS = List.of("KEYCLOAK_ADMIN_PASSWORD", "KEYCLOAK_DB_PASSWORD",
			"PARLEY_GATEWAY_CLIENT_SECRET", "PARLEY_IDENTITY_CLIENT_SECRET", "RABBITMQ_ADMIN_PASSWORD",
			"RABBITMQ_IDENTITY_PASSWORD", "RABBITMQ_WORKSPACE_PASSWORD", "RABBITMQ_NOTIFICATIONS_PASSWORD",
			"RABBITMQ_ROLLOUTS_PASSWORD", "NOTIFICATIONS_WEBHOOKS_SECRET_KEY");

	/** What else it cannot start without: the one public URL and the edge's certificate. */
	static final List<String> SETTINGS = List.of("PARLEY_PUBLIC_URL", "PARLEY_TLS_CERTIFICATE");

	private static final String PUBLIC_URL = "https://parley.test";

	private static final List<String> DEVELOPMENT_VALUES = List.of("parley-gateway-dev-secret",
			"parley-identity-dev-secret", "Parley-Demo-2026!", "parley-demo-totp-secret");

	@Test
	void givenComposeFile_whenRead_thenEverySecretIsRequiredAndNoDevelopmentValueIsInIt() throws IOException {
		String compose = read("docker-compose.yml");

		Matcher variables = Pattern.compile("\\$\\{([A-Z_]*(?:SECRET|PASSWORD)[A-Z_]*)(:?[-?])?([^}]*)}").matcher(compose);
		List<String> found = new ArrayList<>();
		while (variables.find()) {
			found.add(variables.group(1));
			assertThat(variables.group(2)).as("${%s} must fail without a value (:?)", variables.group(1)).isEqualTo(":?");
		}
		assertThat(found).containsAll(SECRETS);
		assertThat(DEVELOPMENT_VALUES).noneMatch(compose::contains);
		assertThat(compose).contains("./keycloak/parley-realm.production.json:/opt/keycloak/data/import/")
			.doesNotContain("./keycloak/parley-realm.json:");
	}

	@Test
	void givenMissingSecrets_whenComposeIsValidated_thenItRefusesNamingWhatToSet() throws Exception {
		Map<String, String> none = new HashMap<>();
		Result refused = compose(none);
		assertThat(refused.exit()).isNotZero();
		assertThat(refused.output()).contains("set ");

		Map<String, String> all = everything();
		assertThat(compose(all).exit()).as(compose(all).output()).isZero();
		for (String name : Stream.concat(SECRETS.stream(), SETTINGS.stream()).toList()) {
			Map<String, String> allButOne = new HashMap<>(all);
			allButOne.remove(name);
			Result missing = compose(allButOne);
			assertThat(missing.exit()).as("without %s", name).isNotZero();
			assertThat(missing.output()).contains("set " + name);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void givenComposeFile_whenResolved_thenOnePublicUrlForEveryServiceKeycloakAndTheIssuer() throws Exception {
		Result resolved = run(everything(), composeBinary(), "-f", "docker-compose.yml", "config");
		assertThat(resolved.exit()).as(resolved.output()).isZero();
		Map<String, Object> services = (Map<String, Object>) new Yaml().<Map<String, Object>>load(resolved.output())
			.get("services");

		for (String service : List.of("gateway", "identity", "workspace", "notifications", "rollouts")) {
			Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("environment");
			assertThat(env).as(service)
				.containsEntry("PARLEY_PUBLIC_URL", PUBLIC_URL)
				.containsEntry("KEYCLOAK_ISSUER_URI", PUBLIC_URL + "/auth/realms/parley")
				.containsEntry("PARLEY_EVENTS_CONSUMER_QUORUM", "true");
		}
		Map<String, Object> keycloak = (Map<String, Object>) services.get("keycloak");
		assertThat((List<String>) keycloak.get("command")).startsWith("start")
			.contains("--hostname=" + PUBLIC_URL + "/auth", "--http-relative-path=/auth", "--db=postgres")
			.doesNotContain("start-dev");
		assertThat((Map<String, Object>) keycloak.get("environment")).containsEntry("PARLEY_PUBLIC_URL", PUBLIC_URL);
		assertThat(read("docker/haproxy.cfg")).contains("acl keycloak path_beg /auth/realms/ /auth/resources/");
	}

	@Test
	@SuppressWarnings("unchecked")
	void givenComposeFile_whenResolved_thenEveryImageIsPinnedToAVersion() throws Exception {
		Result resolved = run(everything(), composeBinary(), "-f", "docker-compose.yml", "config");
		Map<String, Object> services = (Map<String, Object>) new Yaml().<Map<String, Object>>load(resolved.output())
			.get("services");

		List<String> images = new ArrayList<>();
		services.forEach((name, service) -> {
			Object image = ((Map<String, Object>) service).get("image");
			if (image != null) {
				images.add((String) image);
			}
			else {
				assertThat(((Map<String, Object>) service)).as(name + " builds its image").containsKey("build");
			}
		});
		// an exact release: major.minor[.patch] (PostgreSQL's releases have two numbers), never a bare major or latest
		assertThat(images).hasSizeGreaterThanOrEqualTo(7)
			.allSatisfy((image) -> assertThat(image).as("pinned to a version").matches(".+:v?[0-9]+\\.[0-9]+[.0-9]*(-[a-z]+)?"));
		assertThat(read("docker/service.Dockerfile")).containsPattern("FROM [a-z-]+:[0-9]+\\.[0-9]+\\.[0-9]+");
	}

	@Test
	void givenEdgeConfiguration_whenCheckedByHaproxy_thenItIsValid() throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/sbin/haproxy")) && Files.isExecutable(Path.of("/usr/bin/openssl")),
				"haproxy or openssl is not installed: docker/haproxy.cfg is not checked here");
		Path directory = Files.createTempDirectory("parley-edge");
		Path key = directory.resolve("key.pem");
		Path certificate = directory.resolve("certificate.pem");
		assertThat(run(Map.of(), "/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
				"-subj", "/CN=parley.test", "-keyout", key.toString(), "-out", certificate.toString()).exit()).isZero();
		Files.writeString(directory.resolve("parley.pem"), Files.readString(certificate) + Files.readString(key));
		Path config = directory.resolve("haproxy.cfg");
		Files.writeString(config, read("docker/haproxy.cfg").replace("/etc/parley/tls/parley.pem",
				directory.resolve("parley.pem").toString()));

		Result checked = run(Map.of("PARLEY_EDGE_ADDRESS", "127.0.0.1", "PARLEY_EDGE_PORT", "8443"), "/usr/sbin/haproxy",
				"-c", "-f", config.toString());
		assertThat(checked.exit()).as(checked.output()).isZero();
	}

	@Test
	void givenBroker_whenConfigured_thenQuorumQueuesAreTheDefault() throws IOException {
		assertThat(read("docker/rabbitmq.conf")).containsPattern("(?m)^default_queue_type = quorum$");
		JsonNode vhost = JSON.readTree(read("docker/rabbitmq-definitions.json")).get("vhosts").get(0);
		assertThat(vhost.get("default_queue_type").asString()).isEqualTo("quorum");
		assertThat(read("docker-compose.yml")).contains("PARLEY_EVENTS_CONSUMER_QUORUM: \"true\"");
	}

	@Test
	void givenProductionRealm_whenRead_thenNoDemoPeopleAndClientSecretsFromTheEnvironment() throws IOException {
		JsonNode production = JSON.readTree(read("keycloak/parley-realm.production.json"));

		List<String> people = new ArrayList<>();
		production.get("users").forEach((user) -> people.add(user.get("username").asString()));
		assertThat(people).containsExactly("service-account-parley-identity");
		production.get("users").forEach((user) -> assertThat(user.has("credentials")).isFalse());
		Map<String, String> secrets = new HashMap<>();
		production.get("clients").forEach((client) -> secrets.put(client.get("clientId").asString(),
				client.get("secret").asString()));
		assertThat(secrets).containsExactlyInAnyOrderEntriesOf(Map.of("parley-gateway", "${PARLEY_GATEWAY_CLIENT_SECRET}",
				"parley-identity", "${PARLEY_IDENTITY_CLIENT_SECRET}"));
		assertThat(DEVELOPMENT_VALUES).noneMatch(production.toString()::contains);
		JsonNode gateway = production.get("clients").get(0);
		assertThat(gateway.get("rootUrl").asString()).isEqualTo("${PARLEY_PUBLIC_URL}");
		assertThat(gateway.get("redirectUris").toString()).isEqualTo("[\"${PARLEY_PUBLIC_URL}/*\"]");
		assertThat(gateway.get("attributes").get("backchannel.logout.url").asString())
			.isEqualTo("${PARLEY_PUBLIC_URL}/logout/connect/back-channel/keycloak");
		assertThat(production.get("smtpServer").get("host").asString()).isEqualTo("${SMTP_HOST}");
		assertThat(production.get("smtpServer").get("port").asString()).isEqualTo("${SMTP_PORT}");
	}

	@Test
	void givenProductionRealm_whenComparedWithTheDevelopmentRealm_thenOnlyPeopleAndSecretsDiffer() throws IOException {
		assertThat(withoutPeopleAndSecrets(read("keycloak/parley-realm.production.json")))
			.isEqualTo(withoutPeopleAndSecrets(read("keycloak/parley-realm.json")));
	}

	@Test
	void givenBrokerDefinitions_whenRendered_thenEachServiceHasItsOwnUserAndPublishesOnlyItsOwnEvents() throws Exception {
		Path rendered = Files.createTempFile("parley-definitions", ".json");
		Map<String, String> env = new HashMap<>();
		env.put("PARLEY_DEFINITIONS_TEMPLATE", root().resolve("docker/rabbitmq-definitions.json").toString());
		env.put("PARLEY_DEFINITIONS_FILE", rendered.toString());
		for (String user : List.of("ADMIN", "IDENTITY", "WORKSPACE", "NOTIFICATIONS", "ROLLOUTS")) {
			env.put("RABBITMQ_" + user + "_PASSWORD", "pw-" + user.toLowerCase() + "\"\\");
		}
		assertThat(run(env, "bash", "docker/rabbitmq-start.sh", "true").exit()).isZero();
		JsonNode definitions = JSON.readTree(Files.readString(rendered));

		Map<String, String> passwords = new HashMap<>();
		definitions.get("users").forEach((user) -> passwords.put(user.get("name").asString(),
				user.get("password").asString()));
		assertThat(passwords).containsExactlyInAnyOrderEntriesOf(Map.of("parley-admin", "pw-admin\"\\",
				"parley-identity", "pw-identity\"\\", "parley-workspace", "pw-workspace\"\\", "parley-notifications",
				"pw-notifications\"\\", "parley-rollouts", "pw-rollouts\"\\"));
		Map<String, String> topicWrites = new HashMap<>();
		definitions.get("topic_permissions").forEach((permission) -> {
			assertThat(permission.get("exchange").asString()).isEqualTo("parley.events");
			topicWrites.put(permission.get("user").asString(), permission.get("write").asString());
		});
		assertThat(topicWrites).containsExactlyInAnyOrderEntriesOf(Map.of("parley-identity", "^identity\\.",
				"parley-workspace", "^workspace\\.", "parley-notifications", "^$", "parley-rollouts", "^rollouts\\."));
		String compose = read("docker-compose.yml");
		assertThat(compose).contains("PARLEY_EVENTS_CONSUMER_PUBLISHERS_IDENTITY: parley-identity",
				"PARLEY_EVENTS_CONSUMER_PUBLISHERS_WORKSPACE: parley-workspace",
				"PARLEY_EVENTS_CONSUMER_PUBLISHERS_ROLLOUTS: parley-rollouts");
		assertThat(run(Map.of("RABBITMQ_ADMIN_PASSWORD", "only-one"), "bash", "docker/rabbitmq-start.sh", "true")
			.output()).contains("RABBITMQ_IDENTITY_PASSWORD is not set");
	}

	@Test
	void givenServiceImage_whenStartedWithADevelopmentSecretOrNone_thenItRefuses() throws Exception {
		assertThat(read("docker/service.Dockerfile")).contains("ENTRYPOINT [\"bash\", \"/opt/parley/start.sh\", \"java\"");

		Result gateway = run(Map.of("PARLEY_SERVICE", "gateway", "PARLEY_GATEWAY_CLIENT_SECRET",
				"parley-gateway-dev-secret"), "bash", "docker/service-start.sh", "true");
		assertThat(gateway.exit()).isEqualTo(64);
		assertThat(gateway.output()).contains("PARLEY_GATEWAY_CLIENT_SECRET has the published development value");
		Result identity = run(Map.of("PARLEY_SERVICE", "identity", "PARLEY_IDENTITY_CLIENT_SECRET", "s3cret",
				"RABBITMQ_USERNAME", "guest", "RABBITMQ_PASSWORD", "guest"), "bash", "docker/service-start.sh", "true");
		assertThat(identity.exit()).isEqualTo(64);
		assertThat(identity.output()).contains("RABBITMQ_USERNAME has the published development value");
		Result workspace = run(Map.of("PARLEY_SERVICE", "workspace"), "bash", "docker/service-start.sh", "true");
		assertThat(workspace.output()).contains("RABBITMQ_USERNAME is not set");

		assertThat(run(Map.of("PARLEY_SERVICE", "identity", "PARLEY_IDENTITY_CLIENT_SECRET", "s3cret",
				"RABBITMQ_USERNAME", "parley-identity", "RABBITMQ_PASSWORD", "pw"), "bash", "docker/service-start.sh",
				"true").exit()).isZero();
	}

	private static JsonNode withoutPeopleAndSecrets(String realm) {
		ObjectNode node = (ObjectNode) JSON.readTree(realm);
		node.remove("users");
		// and the public URL and mail relay: devstack's realm names 127.0.0.1, the production realm takes them from
		// the environment (${PARLEY_PUBLIC_URL}, ${SMTP_HOST}, ${SMTP_PORT})
		((ObjectNode) node.get("smtpServer")).remove(List.of("host", "port"));
		node.get("clients").forEach((client) -> {
			((ObjectNode) client).remove(List.of("secret", "rootUrl", "redirectUris"));
			if (client.has("attributes")) {
				((ObjectNode) client.get("attributes")).remove("backchannel.logout.url");
			}
		});
		return node;
	}

	private static Map<String, String> everything() {
		Map<String, String> all = new HashMap<>();
		SECRETS.forEach((name) -> all.put(name, "validation-only"));
		all.put("PARLEY_PUBLIC_URL", PUBLIC_URL);
		all.put("PARLEY_TLS_CERTIFICATE", "/etc/ssl/parley.pem");
		return all;
	}

	private static Result compose(Map<String, String> env) throws Exception {
		return run(env, composeBinary(), "-f", "docker-compose.yml", "config", "-q");
	}

	private static String composeBinary() {
		return Stream.of("/usr/bin/docker-compose", "/usr/local/bin/docker-compose")
			.filter((path) -> Files.isExecutable(Path.of(path)))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("docker-compose is not installed. This test validates "
					+ "docker-compose.yml with it: install Debian's docker-compose (apt-get install -y docker-compose)."));
	}

	record Result(int exit, String output) {
	}

	/** Runs a command at the checkout's root with only {@code env} (and PATH) in its environment. */
	private static Result run(Map<String, String> env, String... command) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true);
		builder.environment().clear();
		builder.environment().put("PATH", System.getenv("PATH"));
		builder.environment().putAll(env);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("Timed out: " + List.of(command));
		}
		return new Result(process.exitValue(), output);
	}

	private static String read(String file) throws IOException {
		return Files.readString(root().resolve(file));
	}

	private static Path root() {
		Path here = Path.of("").toAbsolutePath();
		return Files.isRegularFile(here.resolve("docker-compose.yml")) ? here : here.getParent();
	}

}
