#!/usr/bin/env bash
# One command: build the bundle and the shaded jar, then run example.py in a local Spark 3.5 with the
# extension on, the way a cluster takes it (--jars, spark.sql.extensions, the leafguard settings).
# Uses spark-submit from PATH, else installs pyspark 3.5 into target/pyspark-venv (about 320 MB).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(cd "$here/.." && pwd)"
root="$(cd "$module/../.." && pwd)"
[ -f "$root/dist/leafguard.min.js" ] || (cd "$root" && npm run build)
(cd "$module" && mvn -B -q package -DskipTests)
if ! command -v spark-submit >/dev/null; then
  venv="$module/target/pyspark-venv"
  [ -x "$venv/bin/spark-submit" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q 'pyspark>=3.5,<3.6'; }
  PATH="$venv/bin:$PATH"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
spark-submit --master 'local[2]' \
  --jars "$module/target/leafguard-spark-0.1.0.jar" \
  --conf spark.sql.extensions=leafguard.spark.LeafguardSparkExtension \
  --conf spark.leafguard.policies="$here/policies.yaml" \
  --conf spark.leafguard.identities="$here/identities.json" \
  --conf spark.sql.warehouse.dir="$work/warehouse" \
  --conf spark.ui.enabled=false \
  --conf "spark.driver.extraJavaOptions=-Dpolyglot.engine.WarnInterpreterOnly=false -Dlog4j.configurationFile=file:$here/log4j2.properties" \
  "$here/example.py"
