package leafguard.spark.golden

import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Path, Paths}
import java.nio.file.attribute.FileTime

import scala.collection.JavaConverters._

import com.fasterxml.jackson.databind.JsonNode
import org.apache.spark.sql.{AnalysisException, Row, SparkSession}
import org.apache.spark.sql.catalyst.CurrentUserContext
import org.apache.spark.sql.types._

import leafguard.spark.{Json, Keys, Leafguard}

/**
 * The Spark side of the golden harness: each case that golden/duckdb-side.ts ran in the DuckDB
 * simulator runs here through real Spark 3.5 with the extension (same catalog file, policies,
 * identity, time and data), and the rows are compared as multisets of normalised values.
 *
 *   GoldenHarness <cases.jsonl> <report.md> [repository root]
 *
 * To look into one case: GOLDEN_ONLY=reads.sql#8 (comma-separated prefixes) runs only those cases,
 * and GOLDEN_EXPLAIN=reads.sql#8 prints that case's plans and rows.
 */
object GoldenHarness {
  final case class Outcome(decision: String, rows: Seq[Seq[String]], detail: String)

  final case class Result(agree: Int, disagree: Int, notComparable: Int, lines: Seq[String]) {
    def summary: String = s"$agree agree, $disagree disagree, $notComparable not comparable (of ${agree + disagree + notComparable})"
    def markdown: String = s"# Golden cases through Spark 3.5 with the extension vs the DuckDB simulation\n\n$summary.\n\n" + lines.mkString("\n") + "\n"
  }

  def main(args: Array[String]): Unit = {
    val r = run(Paths.get(args(0)), Paths.get(args.lift(2).getOrElse(".")).toAbsolutePath)
    Files.write(Paths.get(args(1)), r.markdown.getBytes(StandardCharsets.UTF_8))
    println(s"golden: ${r.summary}")
  }

  /** Runs every case of `casesFile` (written by duckdb-side.ts) in a new local Spark session; `repo` is the repository root. */
  def run(casesFile: Path, repo: Path): Result = {
    val cases = Files.readAllLines(casesFile).asScala.filter(_.trim.nonEmpty).map(Json.mapper.readTree)
    val dir = Files.createTempDirectory("leafguard-golden")
    val policyFile = dir.resolve("policies.yaml")
    val identitiesFile = dir.resolve("identities.json")
    var stamp = 1000000000000L
    def write(p: Path, text: String): Unit = {
      Files.write(p, text.getBytes(StandardCharsets.UTF_8))
      stamp += 1000 // a new modification time for every write, so the shim reads the file again
      Files.setLastModifiedTime(p, FileTime.fromMillis(stamp))
    }
    write(policyFile, new String(Files.readAllBytes(repo.resolve("examples/policies.yaml")), StandardCharsets.UTF_8))
    write(identitiesFile, """{"users":{}}""")
    Leafguard.reset()
    val spark = SparkSession.builder().master("local[2]").appName("leafguard-golden")
      .config("spark.ui.enabled", "false")
      .config("spark.sql.shuffle.partitions", "2")
      .config("spark.sql.session.timeZone", "UTC")
      .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString)
      .config("spark.sql.extensions", "leafguard.spark.LeafguardSparkExtension")
      .config(Keys.Policies, policyFile.toString)
      .config(Keys.Identities, identitiesFile.toString)
      .config(Keys.Catalog, repo.resolve("examples/catalog.json").toString)
      .config(Keys.Now, cases.head.path("now").asText())
      .getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")

    // The tables of examples/catalog.json, filled from examples/data as the simulator fills DuckDB
    // (as root, privileged in examples/policies.yaml; CSV text parsed in memory, not read by path).
    CurrentUserContext.CURRENT_USER.set("root")
    val catalog = Json.mapper.readTree(Files.readAllBytes(repo.resolve("examples/catalog.json")))
    val tables = catalog.path("tables").elements().asScala.toSeq
    tables.map(_.path("name").asText().split('.').head).distinct.foreach(db => spark.sql(s"CREATE DATABASE IF NOT EXISTS $db"))
    for (t <- tables if t.path("type").asText() != "view") {
      val name = t.path("name").asText()
      val cols = t.path("columns").elements().asScala.toSeq
      val schema = StructType(cols.map(c => StructField(c.path("name").asText(), DataType.fromDDL(c.path("type").asText()))))
      spark.sql(s"CREATE TABLE $name (${schema.toDDL}) USING parquet")
      val csv = repo.resolve(s"examples/data/$name.csv")
      if (Files.exists(csv)) {
        import spark.implicits._
        val lines = Files.readAllLines(csv, StandardCharsets.UTF_8).asScala.toSeq
        val df = spark.read.option("header", "true").option("timestampFormat", "yyyy-MM-dd HH:mm:ss").schema(schema).csv(lines.toDS())
        df.write.insertInto(name)
      }
    }
    for (t <- tables if t.path("type").asText() == "view") spark.sql(s"CREATE VIEW ${t.path("name").asText()} AS ${t.path("viewText").asText()}")

    var policiesPath = repo.resolve("examples/policies.yaml").toString
    val lines = Seq.newBuilder[String]
    var agree = 0
    var disagree = 0
    var notComparable = 0
    val details = Seq.newBuilder[String]
    val only = Option(System.getenv("GOLDEN_ONLY"))
    val explain = Option(System.getenv("GOLDEN_EXPLAIN")).toSet
    for (c <- cases if only.forall(o => o.split(',').exists(x => s"${c.path("file").asText()}#${c.path("index").asText()}".startsWith(x)))) {
      val p = c.path("policiesPath").asText()
      if (p != policiesPath) {
        write(policyFile, new String(Files.readAllBytes(Paths.get(p)), StandardCharsets.UTF_8))
        policiesPath = p
      }
      val identity = c.path("identity")
      val user = identity.path("user").asText()
      val users = Json.mapper.createObjectNode()
      users.putObject("users").set[JsonNode](user, identity)
      write(identitiesFile, Json.mapper.writeValueAsString(users))
      CurrentUserContext.CURRENT_USER.set(user)
      val sql = c.path("sql").asText()
      val spark0 = runOne(spark, sql)
      if (explain.contains(s"${c.path("file").asText()}#${c.path("index").asText()}")) {
        try { val df = spark.sql(sql); println(df.queryExecution.toString); df.show(20, false); println(spark0) }
        catch { case e: Exception => e.printStackTrace() }
      }
      val duck = c.path("duckdb")
      val duckOutcome = duck.path("decision").asText() match {
        case "allow" => Outcome("allow", duck.path("rows").elements().asScala.toSeq.map(r => r.elements().asScala.toSeq.map(normJson)), "")
        case "deny" => Outcome("deny", Nil, duck.path("reasons").elements().asScala.map(_.asText()).mkString("; "))
        case other => Outcome(other, Nil, duck.path("message").asText())
      }
      val label = s"${c.path("file").asText()} #${c.path("index").asText()} (as ${c.path("as").asText()}): `${sql.replaceAll("\\s+", " ")}`"
      val verdict =
        if (duckOutcome.decision == "error") { notComparable += 1; s"not comparable: DuckDB ${duckOutcome.detail}; Spark ${spark0.decision} ${spark0.detail}" }
        else if (duckOutcome.decision == "deny" && spark0.decision == "error" && errorClass(duckOutcome.detail).exists(c => spark0.detail.contains(s"[$c"))) {
          agree += 1
          s"agree (both reject with ${errorClass(duckOutcome.detail).get}: the engine denies, Spark's analyzer fails before the extension decides)"
        }
        else if (duckOutcome.decision != spark0.decision) { disagree += 1; s"DISAGREE: DuckDB ${duckOutcome.decision} ${duckOutcome.detail} vs Spark ${spark0.decision} ${spark0.detail}" }
        else if (duckOutcome.decision == "deny") {
          agree += 1
          if (spark0.detail.contains(duckOutcome.detail)) "agree (deny, same reason)" else s"agree (deny; reasons: DuckDB `${duckOutcome.detail}`, Spark `${spark0.detail}`)"
        } else {
          val a = duckOutcome.rows.map(_.mkString(" | ")).sorted
          val b = spark0.rows.map(_.mkString(" | ")).sorted
          val unordered = "(?is).*\\bLIMIT\\b.*".r.pattern.matcher(sql).matches() && !"(?is).*\\bORDER\\s+BY\\b.*".r.pattern.matcher(sql).matches()
          if (a == b) { agree += 1; s"agree (${a.size} rows)" }
          else if (unordered && a.size == b.size) { agree += 1; s"agree (${a.size} rows; LIMIT without ORDER BY picks any rows, so only the count is compared)" }
          else {
            disagree += 1
            val onlyDuck = a.diff(b).take(3)
            val onlySpark = b.diff(a).take(3)
            s"DISAGREE rows: ${a.size} in DuckDB, ${b.size} in Spark; only DuckDB: ${onlyDuck.mkString("[", "], [", "]")}; only Spark: ${onlySpark.mkString("[", "], [", "]")}"
          }
        }
      lines += s"- $label: $verdict"
      if (only.isDefined) println(s"$label: $verdict")
    }
    spark.stop()
    Leafguard.reset()
    Result(agree, disagree, notComparable, lines.result())
  }

  private def errorClass(reason: String): Option[String] = "\\[([A-Z_]+)[.\\]]".r.findFirstMatchIn(reason).map(_.group(1))

  private def runOne(spark: SparkSession, sql: String): Outcome =
    try {
      val df = spark.sql(sql)
      Outcome("allow", df.collect().toSeq.map(r => r.toSeq.map(normSpark)), "")
    } catch {
      case e: AnalysisException if e.getMessage.startsWith("leafguard: ") => Outcome("deny", Nil, e.getMessage.stripPrefix("leafguard: "))
      case e: Exception => Outcome("error", Nil, e.getClass.getSimpleName + ": " + e.getMessage.split('\n').head)
    }

  private def num(s: String): String =
    try {
      val d = new java.math.BigDecimal(s)
      val r = if (d.precision() > 15) d.round(new java.math.MathContext(15)) else d
      r.stripTrailingZeros().toPlainString
    } catch { case _: NumberFormatException => s }

  private def normJson(n: JsonNode): String =
    if (n.isNull) "NULL" else if (n.isNumber) num(n.asText()) else if (n.isTextual) {
      val t = n.asText()
      if (t.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) num(t) else t
    } else n.toString

  private def normSpark(v: Any): String = v match {
    case null => "NULL"
    case d: java.math.BigDecimal => num(d.toPlainString)
    case d: java.lang.Double => num(new java.math.BigDecimal(d).toPlainString)
    case n: java.lang.Number => num(n.toString)
    case t: java.sql.Timestamp =>
      val f = java.time.format.DateTimeFormatter.ofPattern(if (t.getNanos == 0) "yyyy-MM-dd HH:mm:ss" else "yyyy-MM-dd HH:mm:ss.SSSSSS")
      t.toLocalDateTime.format(f)
    case d: java.sql.Date => d.toString
    case s: String => if (s.matches("-?[0-9]+(\\.[0-9]+)?")) num(s) else s
    case r: Row => r.toSeq.map(normSpark).mkString("{", ",", "}")
    case other => other.toString
  }
}
