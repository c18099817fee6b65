package io.parley.platform.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The rules every rendered overlay keeps (docs/deployment.md, ADR 0034); {@link #check} lists each broken one with
 * the object it is broken in, so a failing build says what to fix.
 */
final class ManifestRules {

	enum Overlay {

		/** One of everything. */
		DEV,

		/** At least two of every service, autoscaling, spread across nodes. */
		HA

	}

	static final List<String> SERVICES = List.of("gateway", "identity", "workspace", "notifications", "rollouts");

	static final List<String> AUTOSCALED = List.of("gateway", "workspace", "notifications");

	private static final List<String> BACKENDS = List.of("pod:identity", "pod:workspace", "pod:notifications",
			"pod:rollouts");

	/** Who may reach each store: the policy's pod selector value to the peers it may name. */
	private static final Map<String, Set<String>> STORE_PEERS = Map.of(
			"parley-mongodb-svc", with(BACKENDS, "pod:parley-mongodb-svc"),
			"parley-rabbitmq", with(BACKENDS, "pod:parley-rabbitmq", "ns:rabbitmq-system", "ns:monitoring"),
			"parley-keycloak", with(BACKENDS, "pod:gateway", "pod:parley-keycloak", "ns:ingress-nginx", "ns:monitoring"),
			"parley-keycloak-db", Set.of("pod:parley-keycloak", "pod:parley-keycloak-db", "ns:cnpg-system",
					"ns:monitoring"),
			"clamav", Set.of("pod:workspace"));

	/** A variable named for a secret (but not one naming where something is, like ..._TOKEN_URI). */
	private static final Pattern SECRET_NAME = Pattern.compile("(?i)(?!.*_(URI|URL|HOST|ADDRESS)$).*(password|secret"
			+ "|token|credential|cookie_key|api_key|private_key).*");

	/** A URI with a user and password in it, or a value shaped like a generated secret. */
	private static final Pattern SECRET_VALUE = Pattern.compile("(?s).*(://[^/@\\s]+:[^/@\\s]+@.*|^[A-Za-z0-9+/=_-]{32,}$)");

	private static final Pattern PINNED_IMAGE = Pattern.compile("^[^@]+@sha256:[0-9a-f]{64}$|^.+:(?!latest$)[A-Za-z0-9_.-]+$");

	private ManifestRules() {
	}

	static List<String> check(List<Map<String, Object>> documents, Overlay overlay) {
		List<String> problems = new ArrayList<>();
		Map<Map<String, Object>, Object> objects = KubernetesObjects.read(documents, problems);
		List<Deployment> deployments = of(objects, Deployment.class);
		List<PodDisruptionBudget> budgets = of(objects, PodDisruptionBudget.class);
		List<HorizontalPodAutoscaler> autoscalers = of(objects, HorizontalPodAutoscaler.class);

		for (Deployment deployment : deployments) {
			String name = "Deployment " + deployment.getMetadata().getName();
			PodSpec pod = deployment.getSpec().getTemplate().getSpec();
			probes(name, deployment, problems);
			security(name, pod, problems);
			budget(name, deployment, budgets, overlay, problems);
			replicas(name, deployment, autoscalers, overlay, problems);
			if (overlay == Overlay.HA && (pod.getTopologySpreadConstraints() == null || pod.getTopologySpreadConstraints()
				.stream()
				.noneMatch((spread) -> "kubernetes.io/hostname".equals(spread.getTopologyKey())
						&& "DoNotSchedule".equals(spread.getWhenUnsatisfiable())))) {
				problems.add(name + ": no topologySpreadConstraints across nodes (kubernetes.io/hostname, DoNotSchedule)");
			}
		}
		for (String service : SERVICES) {
			if (deployments.stream().noneMatch((d) -> d.getMetadata().getName().equals("parley-" + service))) {
				problems.add("Deployment parley-" + service + " is missing");
			}
		}
		if (overlay == Overlay.HA) {
			for (String service : AUTOSCALED) {
				if (autoscalers.stream().noneMatch((hpa) -> hpa.getSpec().getScaleTargetRef().getName().equals("parley-" + service))) {
					problems.add("Deployment parley-" + service + ": no HorizontalPodAutoscaler");
				}
			}
		}
		else if (!autoscalers.isEmpty()) {
			problems.add("dev runs one of each: no HorizontalPodAutoscaler expected");
		}
		stores(objects, overlay, problems);
		if (overlay == Overlay.HA) {
			storesSpread(objects, problems);
		}
		networkPolicies(of(objects, NetworkPolicy.class), problems);
		keycloaksOwnPolicy(objects, problems);
		inlineSecrets(objects, problems);
		images(objects, problems);
		publicUrl(objects, problems);
		return problems;
	}

	private static void probes(String name, Deployment deployment, List<String> problems) {
		boolean service = "service".equals(deployment.getSpec().getTemplate().getMetadata().getLabels()
			.get("app.kubernetes.io/component"));
		for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
			String where = name + " container " + container.getName();
			Map<String, Probe> probes = new LinkedHashMap<>();
			probes.put("startupProbe", container.getStartupProbe());
			probes.put("livenessProbe", container.getLivenessProbe());
			probes.put("readinessProbe", container.getReadinessProbe());
			probes.forEach((kind, probe) -> {
				if (probe == null) {
					problems.add(where + ": no " + kind);
				}
			});
			if (service) {
				// Spring Boot's probe groups on the management port
				actuator(where, "livenessProbe", container.getLivenessProbe(), "/actuator/health/liveness", problems);
				actuator(where, "readinessProbe", container.getReadinessProbe(), "/actuator/health/readiness", problems);
			}
		}
	}

	private static void actuator(String where, String kind, Probe probe, String path, List<String> problems) {
		if (probe != null && (probe.getHttpGet() == null || !path.equals(probe.getHttpGet().getPath())
				|| !new IntOrString("management").equals(probe.getHttpGet().getPort()))) {
			problems.add(where + ": " + kind + " must ask " + path + " on the management port");
		}
	}

	private static void security(String name, PodSpec pod, List<String> problems) {
		if (pod.getSecurityContext() == null || !Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot())
				|| pod.getSecurityContext().getSeccompProfile() == null
				|| !"RuntimeDefault".equals(pod.getSecurityContext().getSeccompProfile().getType())) {
			problems.add(name + ": the pod must run as non-root with the RuntimeDefault seccomp profile");
		}
		for (Container container : containers(pod)) {
			String where = name + " container " + container.getName();
			ResourceRequirements resources = container.getResources();
			for (String resource : List.of("cpu", "memory")) {
				if (resources == null || resources.getRequests() == null || !resources.getRequests().containsKey(resource)
						|| resources.getLimits() == null || !resources.getLimits().containsKey(resource)) {
					problems.add(where + ": no " + resource + " request and limit");
				}
			}
			SecurityContext security = container.getSecurityContext();
			if (security == null || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())
					|| !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem()) || security.getCapabilities() == null
					|| security.getCapabilities().getDrop() == null
					|| !security.getCapabilities().getDrop().contains("ALL")) {
				problems.add(where + ": securityContext must forbid privilege escalation, make the root file system "
						+ "read-only and drop ALL capabilities");
			}
			boolean tmp = container.getVolumeMounts() != null && container.getVolumeMounts()
				.stream()
				.filter((mount) -> "/tmp".equals(mount.getMountPath()))
				.map(VolumeMount::getName)
				.anyMatch((volume) -> pod.getVolumes() != null && pod.getVolumes()
					.stream()
					.anyMatch((v) -> v.getName().equals(volume) && v.getEmptyDir() != null));
			if (!tmp) {
				problems.add(where + ": no emptyDir at /tmp (the root file system is read-only)");
			}
		}
	}

	private static void budget(String name, Deployment deployment, List<PodDisruptionBudget> budgets, Overlay overlay,
			List<String> problems) {
		Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
		List<PodDisruptionBudget> covering = budgets.stream()
			.filter((pdb) -> labels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()))
			.toList();
		if (covering.isEmpty()) {
			problems.add(name + ": no PodDisruptionBudget selects its pods");
		}
		else if (overlay == Overlay.HA && covering.stream()
			.noneMatch((pdb) -> pdb.getSpec().getMinAvailable() != null
					&& pdb.getSpec().getMinAvailable().getIntVal() != null
					&& pdb.getSpec().getMinAvailable().getIntVal() >= 1)) {
			problems.add(name + ": its PodDisruptionBudget must keep minAvailable 1 in ha");
		}
	}

	private static void replicas(String name, Deployment deployment, List<HorizontalPodAutoscaler> autoscalers,
			Overlay overlay, List<String> problems) {
		Integer replicas = deployment.getSpec().getReplicas();
		if (overlay == Overlay.DEV) {
			if (!Integer.valueOf(1).equals(replicas)) {
				problems.add(name + ": dev runs exactly one replica, not " + replicas);
			}
			return;
		}
		int least = autoscalers.stream()
			.filter((hpa) -> hpa.getSpec().getScaleTargetRef().getName().equals(deployment.getMetadata().getName()))
			.mapToInt((hpa) -> Objects.requireNonNullElse(hpa.getSpec().getMinReplicas(), 1))
			.findFirst()
			.orElse(Objects.requireNonNullElse(replicas, 1));
		if (least < 2) {
			problems.add(name + ": ha runs at least two replicas, not " + least);
		}
	}

	/** MongoDB, RabbitMQ, PostgreSQL and Keycloak through their operators: one member in dev, several in ha. */
	private static void stores(Map<Map<String, Object>, Object> objects, Overlay overlay, List<String> problems) {
		Map<String, String> sizes = Map.of("MongoDBCommunity", "members", "RabbitmqCluster", "replicas", "Cluster",
				"instances", "Keycloak", "instances");
		Map<String, Integer> least = Map.of("MongoDBCommunity", 3, "RabbitmqCluster", 3, "Cluster", 2, "Keycloak", 2);
		for (Map.Entry<String, String> store : sizes.entrySet()) {
			List<Map<String, Object>> found = objects.keySet()
				.stream()
				.filter((document) -> store.getKey().equals(document.get("kind")))
				.toList();
			if (found.size() != 1) {
				problems.add("expected one " + store.getKey() + ", found " + found.size());
				continue;
			}
			Object size = spec(found.get(0)).get(store.getValue());
			boolean ok = size instanceof Integer && (overlay == Overlay.DEV ? (Integer) size == 1
					: (Integer) size >= least.get(store.getKey()));
			if (!ok) {
				problems.add(KubernetesObjects.name(found.get(0)) + ": " + store.getValue() + " " + size + " ("
						+ (overlay == Overlay.DEV ? "one in dev" : "at least " + least.get(store.getKey()) + " in ha") + ")");
			}
		}
	}

	/** In ha no node carries two members of a store: a lost node leaves every store its majority. */
	private static void storesSpread(Map<Map<String, Object>, Object> objects, List<String> problems) {
		for (Map<String, Object> document : objects.keySet()) {
			String kind = String.valueOf(document.get("kind"));
			// the subtree that spreads the members, as text (field names and values are what matter here)
			String spread = switch (kind) {
				case "MongoDBCommunity" -> String.valueOf(spec(document).get("statefulSet"));
				case "RabbitmqCluster", "Cluster" -> String.valueOf(spec(document).get("affinity"));
				default -> null;
			};
			if (spread != null && !(spread.contains("kubernetes.io/hostname")
					&& (spread.contains("DoNotSchedule") || spread.contains("requiredDuringScheduling")
							|| spread.contains("podAntiAffinityType=required")))) {
				problems.add(KubernetesObjects.name(document) + ": its members may share a node (no required spread "
						+ "across kubernetes.io/hostname)");
			}
		}
	}

	private static void networkPolicies(List<NetworkPolicy> policies, List<String> problems) {
		boolean denyAll = policies.stream()
			.anyMatch((policy) -> selector(policy).isEmpty() && policy.getSpec().getPolicyTypes().contains("Ingress")
					&& (policy.getSpec().getIngress() == null || policy.getSpec().getIngress().isEmpty()));
		if (!denyAll) {
			problems.add("no NetworkPolicy denies all ingress by default (empty podSelector, no ingress rules)");
		}
		Map<String, Map<String, Set<String>>> allowed = new TreeMap<>();
		for (NetworkPolicy policy : policies) {
			Map<String, Set<String>> peers = allowed.computeIfAbsent(selector(policy), (key) -> new TreeMap<>());
			for (NetworkPolicyIngressRule rule : Objects.requireNonNullElse(policy.getSpec().getIngress(),
					List.<NetworkPolicyIngressRule>of())) {
				Set<String> ports = new TreeSet<>();
				Objects.requireNonNullElse(rule.getPorts(), List.<NetworkPolicyPort>of())
					.forEach((port) -> ports.add(port.getPort() == null ? "*" : port.getPort().getIntVal() != null
							? String.valueOf(port.getPort().getIntVal()) : port.getPort().getStrVal()));
				if (ports.isEmpty()) {
					ports.add("*");
				}
				if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
					peers.computeIfAbsent("anyone", (key) -> new TreeSet<>()).addAll(ports);
				}
				else {
					for (NetworkPolicyPeer peer : rule.getFrom()) {
						peers.computeIfAbsent(peer(peer), (key) -> new TreeSet<>()).addAll(ports);
					}
				}
			}
		}
		expectPeers(allowed, "gateway", Map.of("ns:ingress-nginx", Set.of("http"), "ns:monitoring", Set.of("management")),
				problems);
		for (String service : SERVICES.subList(1, SERVICES.size())) {
			expectPeers(allowed, service, Map.of("pod:gateway", Set.of("http"), "ns:monitoring", Set.of("management")),
					problems);
		}
		STORE_PEERS.forEach((store, may) -> {
			Map<String, Set<String>> peers = allowed.get(store);
			if (peers == null) {
				problems.add("no NetworkPolicy for " + store);
			}
			else if (!may.containsAll(peers.keySet())) {
				problems.add("NetworkPolicy for " + store + " lets in " + peers.keySet() + "; only " + new TreeSet<>(may)
						+ " may reach it");
			}
		});
	}

	/** The Keycloak operator's NetworkPolicy would let every pod in (its default); ours decide. */
	@SuppressWarnings("unchecked")
	private static void keycloaksOwnPolicy(Map<Map<String, Object>, Object> objects, List<String> problems) {
		objects.keySet().stream().filter((document) -> "Keycloak".equals(document.get("kind"))).forEach((keycloak) -> {
			Object policy = spec(keycloak).get("networkPolicy");
			if (!(policy instanceof Map) || !Boolean.FALSE.equals(((Map<String, Object>) policy).get("enabled"))) {
				problems.add(KubernetesObjects.name(keycloak) + ": the operator's own NetworkPolicy must be off "
						+ "(networkPolicy.enabled: false); by default it lets any pod reach Keycloak");
			}
		});
	}

	private static void expectPeers(Map<String, Map<String, Set<String>>> allowed, String target,
			Map<String, Set<String>> expected, List<String> problems) {
		if (!expected.equals(allowed.get(target))) {
			problems.add("NetworkPolicy for " + target + " lets in " + allowed.get(target) + "; expected exactly "
					+ new TreeMap<>(expected));
		}
	}

	private static String selector(NetworkPolicy policy) {
		Map<String, String> labels = policy.getSpec().getPodSelector().getMatchLabels();
		return labels == null ? "" : String.join(",", new TreeMap<>(labels).values());
	}

	private static String peer(NetworkPolicyPeer peer) {
		if (peer.getIpBlock() != null) {
			return "ip:" + peer.getIpBlock().getCidr();
		}
		if (peer.getNamespaceSelector() != null) {
			Map<String, String> labels = Objects.requireNonNullElse(peer.getNamespaceSelector().getMatchLabels(), Map.of());
			return "ns:" + (labels.isEmpty() ? "any" : String.join(",", new TreeMap<>(labels).values()))
					+ (peer.getPodSelector() != null ? "+pods" : "");
		}
		Map<String, String> labels = Objects.requireNonNullElse(peer.getPodSelector().getMatchLabels(), Map.of());
		return "pod:" + (labels.isEmpty() ? "any" : String.join(",", new TreeMap<>(labels).values()));
	}

	/** Secrets are created by the operator of a deployment and referenced; none is written in the manifests. */
	private static void inlineSecrets(Map<Map<String, Object>, Object> objects, List<String> problems) {
		for (Object object : objects.values()) {
			if (object instanceof Secret) {
				Secret secret = (Secret) object;
				if ((secret.getData() != null && !secret.getData().isEmpty())
						|| (secret.getStringData() != null && !secret.getStringData().isEmpty())) {
					problems.add("Secret " + secret.getMetadata().getName() + " carries its values in the manifests");
				}
			}
			if (object instanceof ConfigMap) {
				ConfigMap config = (ConfigMap) object;
				Objects.requireNonNullElse(config.getData(), Map.<String, String>of()).forEach((key, value) -> {
					if (SECRET_NAME.matcher(key).matches() || SECRET_VALUE.matcher(value).matches()) {
						problems.add("ConfigMap " + config.getMetadata().getName() + ": " + key + " looks like a secret; "
								+ "reference a Secret instead");
					}
				});
			}
			if (object instanceof Deployment) {
				Deployment deployment = (Deployment) object;
				for (Container container : containers(deployment.getSpec().getTemplate().getSpec())) {
					for (EnvVar env : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
						if (env.getValue() != null && (SECRET_NAME.matcher(env.getName()).matches()
								|| SECRET_VALUE.matcher(env.getValue()).matches())) {
							problems.add("Deployment " + deployment.getMetadata().getName() + ": " + env.getName()
									+ " has an inline value; take it from a Secret (secretKeyRef)");
						}
					}
				}
			}
		}
		for (Map<String, Object> document : objects.keySet()) {
			if (document.containsKey("spec") && !(objects.get(document) instanceof Deployment)) {
				literalPasswords(KubernetesObjects.name(document), "spec", document.get("spec"), problems);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static void literalPasswords(String name, String path, Object value, List<String> problems) {
		if (value instanceof Map) {
			((Map<String, Object>) value).forEach((key, inner) -> {
				// operators name a Secret in fields called "secret"; a realm's client secret must be a placeholder
				boolean secret = key.toLowerCase().matches("password|token")
						|| (key.equals("secret") && path.startsWith("spec.realm"));
				if (secret && inner instanceof String && !((String) inner).matches("\\$\\{[A-Z_]+}")) {
					problems.add(name + ": " + path + "." + key + " is a literal secret");
				}
				literalPasswords(name, path + "." + key, inner, problems);
			});
		}
		else if (value instanceof List) {
			((List<Object>) value).forEach((inner) -> literalPasswords(name, path, inner, problems));
		}
	}

	/** Every image by a version tag or a digest, never latest or untagged. */
	@SuppressWarnings("unchecked")
	private static void images(Map<Map<String, Object>, Object> objects, List<String> problems) {
		for (Map.Entry<Map<String, Object>, Object> entry : objects.entrySet()) {
			List<String> images = new ArrayList<>();
			if (entry.getValue() instanceof Deployment) {
				containers(((Deployment) entry.getValue()).getSpec().getTemplate().getSpec())
					.forEach((container) -> images.add(container.getImage()));
			}
			else if (entry.getKey().get("spec") instanceof Map) {
				Map<String, Object> spec = (Map<String, Object>) entry.getKey().get("spec");
				Stream.of("image", "imageName").filter(spec::containsKey).forEach((key) -> images.add((String) spec.get(key)));
			}
			for (String image : images) {
				if (image == null || !PINNED_IMAGE.matcher(image).matches()) {
					problems.add(KubernetesObjects.name(entry.getKey()) + ": image " + image
							+ " is not pinned (a version tag or @sha256 digest, never latest)");
				}
			}
		}
	}

	/** One public URL: the services', the issuer, the ingress and Keycloak's hostname all carry PARLEY_HOST. */
	@SuppressWarnings("unchecked")
	private static void publicUrl(Map<Map<String, Object>, Object> objects, List<String> problems) {
		Map<String, String> common = configMap(objects, "parley-common");
		String host = configMap(objects, "parley-public").get("PARLEY_HOST");
		String url = "https://" + host;
		if (!url.equals(common.get("PARLEY_PUBLIC_URL")) || !(url + "/auth/realms/parley").equals(common.get("KEYCLOAK_ISSUER_URI"))) {
			problems.add("parley-common: PARLEY_PUBLIC_URL and KEYCLOAK_ISSUER_URI must be " + url + " and " + url
					+ "/auth/realms/parley, not " + common.get("PARLEY_PUBLIC_URL") + " and " + common.get("KEYCLOAK_ISSUER_URI"));
		}
		for (Map.Entry<Map<String, Object>, Object> entry : objects.entrySet()) {
			if (entry.getValue() instanceof Ingress) {
				((Ingress) entry.getValue()).getSpec().getRules().forEach((rule) -> {
					if (!host.equals(rule.getHost())) {
						problems.add("Ingress: host " + rule.getHost() + " is not PARLEY_HOST " + host);
					}
				});
			}
			if ("Keycloak".equals(entry.getKey().get("kind"))) {
				Object hostname = ((Map<String, Object>) spec(entry.getKey()).get("hostname")).get("hostname");
				if (!(url + "/auth").equals(hostname)) {
					problems.add("Keycloak: hostname " + hostname + " is not " + url + "/auth");
				}
			}
		}
	}

	static Map<String, String> configMap(Map<Map<String, Object>, Object> objects, String prefix) {
		return objects.values()
			.stream()
			.filter(ConfigMap.class::isInstance)
			.map(ConfigMap.class::cast)
			.filter((config) -> config.getMetadata().getName().matches(Pattern.quote(prefix) + "(-[a-z0-9]{10})?"))
			.findFirst()
			.map(ConfigMap::getData)
			.orElseThrow(() -> new AssertionError("no ConfigMap " + prefix));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> spec(Map<String, Object> document) {
		return (Map<String, Object>) document.get("spec");
	}

	private static List<Container> containers(PodSpec pod) {
		List<Container> containers = new ArrayList<>(pod.getContainers());
		if (pod.getInitContainers() != null) {
			containers.addAll(pod.getInitContainers());
		}
		return containers;
	}

	private static <T> List<T> of(Map<Map<String, Object>, Object> objects, Class<T> type) {
		return objects.values().stream().filter(type::isInstance).map(type::cast).toList();
	}

	private static Set<String> with(List<String> first, String... more) {
		Set<String> all = new TreeSet<>(first);
		all.addAll(List.of(more));
		return all;
	}

}
