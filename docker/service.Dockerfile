# One image recipe for every Parley service: the Boot jar the Maven build made, on a JRE, as a non-root user.
# docker/service-start.sh refuses to start it on the development secrets (an image is a real deployment).
FROM eclipse-temurin:17.0.16_8-jre
ARG SERVICE
ENV PARLEY_SERVICE=${SERVICE}
# a numeric user, so that Kubernetes can check runAsNonRoot (deploy/kubernetes runs it as 10001 too)
RUN groupadd --system --gid 10001 parley && useradd --system --uid 10001 --gid 10001 --no-create-home parley
COPY docker/service-start.sh /opt/parley/start.sh
COPY ${SERVICE}/target/${SERVICE}.jar /opt/parley/app.jar
USER 10001:10001
ENTRYPOINT ["bash", "/opt/parley/start.sh", "java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/parley/app.jar"]
