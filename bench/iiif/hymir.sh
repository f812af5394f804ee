# Sourced by the bench/iiif scripts: start an unchanged Hymir 5.1.13 IIIF server with lci.jar on its
# loader.path, serving IMG_DIR/NAME.png as NAME-png and IMG_DIR/NAME.lci as NAME-lci (Image API 2 paths
# under http://127.0.0.1:$hymir_port/image/v2/). HYMIR_JAVA_OPTS adds JVM options (e.g. a JFR recording).
# Needs cli/target/lci.jar and the Hymir jar in ~/.m2:
#   mvn dependency:get -Dartifact=de.digitalcollections:iiif-server-hymir:5.1.13:jar:exec -Dtransitive=false
hymir_jar="$HOME/.m2/repository/de/digitalcollections/iiif-server-hymir/5.1.13/iiif-server-hymir-5.1.13-exec.jar"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# hymir_start REPO IMG_DIR WORK_DIR PROBE_ID: sets hymir_pid and hymir_port, returns once PROBE_ID's
# info.json answers 200 (or fails after two minutes).
hymir_start() {
  local repo="$1" img="$2" work="$3" probe="$4" mport
  [ -f "$hymir_jar" ] || { echo "Hymir jar missing: $hymir_jar (see bench/iiif/hymir.sh)" >&2; return 1; }
  hymir_port=$(free_port); mport=$(free_port)
  cat > "$work/hymir.yml" <<YML
resourceRepository:
  resolved:
    patterns:
      - pattern: ^(.*)-lci\$
        substitutions: ['file:$img/\$1.lci']
      - pattern: ^(.*)-png\$
        substitutions: ['file:$img/\$1.png']
server: {address: 127.0.0.1, port: $hymir_port, tomcat: {accesslog: {enabled: false}}}
management: {server: {port: $mport, address: 127.0.0.1}}
YML
  # shellcheck disable=SC2086  # HYMIR_JAVA_OPTS is a list of options
  java -Xmx1g ${HYMIR_JAVA_OPTS:-} -Dloader.path="$repo/cli/target/lci.jar" -cp "$hymir_jar" \
    org.springframework.boot.loader.PropertiesLauncher \
    --spring.config.additional-location="file:$work/hymir.yml" > "$work/hymir.log" 2>&1 &
  hymir_pid=$!
  for _ in $(seq 1 120); do
    sleep 1
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$hymir_port/image/v2/$probe/info.json")" = 200 ] && return 0
  done
  echo "Hymir did not answer within 120 s; its log: $work/hymir.log" >&2
  return 1
}
