package io.parley.platform.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders a Kustomize overlay with {@code kubectl kustomize} and reads every object: built-in kinds with the fabric8
 * Kubernetes model, operators' resources against {@code deployment/operator-resources.yaml}. Unknown fields fail in
 * both: fabric8's classes would otherwise keep them in their "additional properties", so that way is switched off.
 */
final class KubernetesObjects {

	/** The fabric8 model, strict: no any-setter, so an unknown field is an error rather than an extra. */
	static final ObjectMapper STRICT = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.annotationIntrospector(new JacksonAnnotationIntrospector() {

			@Override
			public Boolean hasAnySetter(Annotated annotated) {
				return Boolean.FALSE;
			}

		})
		.build();

	private static final Map<String, Class<? extends HasMetadata>> BUILT_IN = Map.of("v1/Namespace", Namespace.class,
			"v1/ConfigMap", ConfigMap.class, "v1/Secret", Secret.class, "v1/Service", Service.class,
			"apps/v1/Deployment", Deployment.class, "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
			"networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class, "networking.k8s.io/v1/Ingress", Ingress.class,
			"autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

	private static final Map<String, Object> OPERATOR_SCHEMAS = operatorSchemas();

	private KubernetesObjects() {
	}

	/** {@code kubectl kustomize <dir>}, or null when kubectl is not installed here. */
	static String render(Path directory) throws IOException, InterruptedException {
		Path kubectl = kubectl();
		if (kubectl == null) {
			return null;
		}
		Process process = new ProcessBuilder(kubectl.toString(), "kustomize", directory.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("kubectl kustomize " + directory + " failed:\n" + output);
		}
		return output;
	}

	static Path kubectl() {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
			Path candidate = Path.of(dir, "kubectl");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	/** The documents of a multi-document YAML stream, as plain maps (so tests can change them). */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> documents(String yaml) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
			if (document != null) {
				documents.add((Map<String, Object>) document);
			}
		}
		return documents;
	}

	static String kind(Map<String, Object> document) {
		return document.get("apiVersion") + "/" + document.get("kind");
	}

	@SuppressWarnings("unchecked")
	static String name(Map<String, Object> document) {
		return document.get("kind") + " " + ((Map<String, Object>) document.get("metadata")).get("name");
	}

	/**
	 * Every document as a typed object (built-in kinds) or as its checked map (operators' resources); what cannot
	 * be read goes to {@code problems}.
	 */
	static Map<Map<String, Object>, Object> read(List<Map<String, Object>> documents, List<String> problems) {
		Map<Map<String, Object>, Object> objects = new LinkedHashMap<>();
		for (Map<String, Object> document : documents) {
			Class<? extends HasMetadata> type = BUILT_IN.get(kind(document));
			try {
				if (type != null) {
					objects.put(document, STRICT.convertValue(document, type));
				}
				else if (OPERATOR_SCHEMAS.containsKey(kind(document))) {
					checkOperatorResource(document, problems);
					objects.put(document, document);
				}
				else {
					problems.add(name(document) + ": " + kind(document) + " is neither a built-in kind read here nor an "
							+ "operator's resource described in deployment/operator-resources.yaml");
				}
			}
			catch (IllegalArgumentException ex) {
				problems.add(name(document) + ": " + firstLine(ex.getMessage()));
			}
		}
		return objects;
	}

	@SuppressWarnings("unchecked")
	private static void checkOperatorResource(Map<String, Object> document, List<String> problems) {
		for (Map.Entry<String, Object> field : document.entrySet()) {
			switch (field.getKey()) {
				case "apiVersion", "kind" -> {
				}
				case "metadata" -> STRICT.convertValue(field.getValue(), ObjectMeta.class);
				case "spec" -> conform(field.getValue(),
						((Map<String, Object>) OPERATOR_SCHEMAS.get(kind(document))).get("spec"), "spec",
						name(document), problems);
				default -> problems.add(name(document) + ": unknown field \"" + field.getKey() + "\"");
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static void conform(Object value, Object schema, String path, String name, List<String> problems) {
		if (schema instanceof Map) {
			Map<String, Object> fields = (Map<String, Object>) schema;
			if (!(value instanceof Map)) {
				problems.add(name + ": " + path + " must be an object");
				return;
			}
			for (Map.Entry<String, Object> field : ((Map<String, Object>) value).entrySet()) {
				Object fieldSchema = fields.containsKey("*") ? fields.get("*") : fields.get(field.getKey());
				if (fieldSchema == null) {
					problems.add(name + ": unknown field \"" + path + "." + field.getKey() + "\" (not in the operator's "
							+ "CRD as described in deployment/operator-resources.yaml)");
				}
				else {
					conform(field.getValue(), fieldSchema, path + "." + field.getKey(), name, problems);
				}
			}
		}
		else if (schema instanceof List) {
			if (!(value instanceof List)) {
				problems.add(name + ": " + path + " must be a list");
				return;
			}
			int index = 0;
			for (Object item : (List<Object>) value) {
				conform(item, ((List<Object>) schema).get(0), path + "[" + index++ + "]", name, problems);
			}
		}
		else {
			String type = (String) schema;
			boolean ok = switch (type) {
				case "string" -> value instanceof String;
				case "integer" -> value instanceof Integer || value instanceof Long;
				case "boolean" -> value instanceof Boolean;
				case "any" -> true;
				default -> fabric8(value, type.substring("fabric8:".length()), path, name, problems);
			};
			if (!ok) {
				problems.add(name + ": " + path + " must be " + type + ", not " + value);
			}
		}
	}

	private static boolean fabric8(Object value, String className, String path, String name, List<String> problems) {
		try {
			STRICT.convertValue(value, Class.forName(className));
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IllegalArgumentException ex) {
			problems.add(name + ": " + path + ": " + firstLine(ex.getMessage()));
		}
		return true;
	}

	private static String firstLine(String message) {
		int end = message.indexOf('\n');
		return end < 0 ? message : message.substring(0, end);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> operatorSchemas() {
		try (InputStream in = KubernetesObjects.class.getResourceAsStream("/deployment/operator-resources.yaml")) {
			return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
