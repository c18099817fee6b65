# One image recipe for every Parley service: the Boot jar the Maven build made, on a JRE, as a non-root user.
FROM eclipse-temurin:17-jre
ARG SERVICE
RUN useradd --system --no-create-home parley
COPY ${SERVICE}/target/${SERVICE}.jar /opt/parley/app.jar
USER parley
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/parley/app.jar"]
