# One image recipe for every Parley service: the Boot jar the Maven build made, on a JRE, as a non-root user.
# docker/service-start.sh refuses to start it on the development secrets (an image is a real deployment).
FROM eclipse-temurin:17-jre
ARG SERVICE
ENV PARLEY_SERVICE=${SERVICE}
RUN useradd --system --no-create-home parley
COPY docker/service-start.sh /opt/parley/start.sh
COPY ${SERVICE}/target/${SERVICE}.jar /opt/parley/app.jar
USER parley
ENTRYPOINT ["bash", "/opt/parley/start.sh", "java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/parley/app.jar"]
