package leafguard.spark.bench

import java.nio.charset.StandardCharsets
import java.nio.file.Files

import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.catalyst.CurrentUserContext

/**
 * Planning time (parse + analyse + optimise + physical plan, no execution) per query, with or without
 * the extension: `PlanningBench on|off [iterations]`. Run each mode in its own JVM (see README) so the
 * first query of the JVM is measured too. Prints one JSON line per query shape.
 */
object PlanningBench {
  private val queries = Seq(
    1 -> "SELECT id, name, ssn FROM hr.employees WHERE department_id = 10",
    2 -> "SELECT e.id, d.name, e.name FROM hr.employees e JOIN hr.departments d ON e.department_id = d.id",
    4 -> """SELECT a.id FROM hr.employees a JOIN hr.employees b ON a.id = b.id
           |UNION ALL SELECT c.id FROM hr.employees c JOIN hr.employees d ON c.id = d.id""".stripMargin)

  def main(args: Array[String]): Unit = {
    val on = args.headOption.contains("on")
    val iterations = args.find(a => a.nonEmpty && a.forall(_.isDigit)).map(_.toInt).getOrElse(300)
    val dir = Files.createTempDirectory("leafguard-bench")
    val policy = dir.resolve("policies.json")
    Files.write(policy,
      """{"version":1,"settings":{"mode":"protected-until-granted","privileged":{"users":["root"]}},
        |"grants":[{"id":"g","to":{"groups":["analysts"]},"actions":["select"],"on":{"tables":["hr.*"]}}],
        |"rowFilters":[{"id":"f","table":"hr.employees","where":"region = user_attribute('region')"}],
        |"masks":[{"id":"m1","table":"hr.employees","column":"ssn","mask":{"kind":"showLast","n":4}},
        |         {"id":"m2","table":"hr.employees","column":"name","mask":{"kind":"redact"}}]}""".stripMargin
        .getBytes(StandardCharsets.UTF_8))
    val ids = dir.resolve("identities.json")
    Files.write(ids, """{"users":{"ann":{"groups":["analysts"],"attributes":{"region":"DE"}}}}""".getBytes(StandardCharsets.UTF_8))
    val b = SparkSession.builder().master("local[2]").appName("leafguard-bench")
      .config("spark.ui.enabled", "false")
      .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString)
      .config("spark.leafguard.policies", policy.toString)
      .config("spark.leafguard.identities", ids.toString)
    if (on) b.config("spark.sql.extensions", "leafguard.spark.LeafguardSparkExtension")
    if (args.contains("no-warm-up")) b.config("spark.leafguard.warmUp", "false")
    val started = System.nanoTime()
    val spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    CurrentUserContext.CURRENT_USER.set("root")
    if (args.contains("idle")) Thread.sleep(15000) // a session that waits before its first statement
    val t0 = System.nanoTime()
    spark.sql("CREATE DATABASE hr")
    val firstStatement = (System.nanoTime() - t0) / 1e6
    spark.sql("CREATE TABLE hr.employees (id INT, name STRING, ssn STRING, region STRING, department_id INT) USING parquet")
    spark.sql("INSERT INTO hr.employees VALUES (1, 'Anna', '123-45-6789', 'DE', 10)")
    spark.sql("CREATE TABLE hr.departments (id INT, name STRING) USING parquet")
    spark.sql("INSERT INTO hr.departments VALUES (10, 'Eng')")
    CurrentUserContext.CURRENT_USER.set("ann")

    def plan(q: String): Double = {
      val t0 = System.nanoTime()
      spark.sql(q).queryExecution.executedPlan
      (System.nanoTime() - t0) / 1e6
    }
    val sinceStart = (System.nanoTime() - started) / 1e6
    val first = plan(queries.head._2)
    println(f"""{"mode":"${if (on) "on" else "off"}","firstStatement":"CREATE DATABASE","warmUp":${!args.contains("no-warm-up")},"idle":${args.contains("idle")},"ms":$firstStatement%.1f}""")
    println(f"""{"mode":"${if (on) "on" else "off"}","query":"first query of the JVM","sessionAgeMs":$sinceStart%.0f,"leaves":1,"ms":$first%.1f}""")
    for ((leaves, q) <- queries) {
      (1 to iterations / 3).foreach(_ => plan(q)) // warm-up
      leafguard.spark.Timings.js.reset(); leafguard.spark.Timings.resolve.reset()
      val times = (1 to iterations).map(_ => plan(q)).sorted
      val median = times(times.size / 2)
      val mean = times.sum / times.size
      println(f"""{"mode":"${if (on) "on" else "off"}","leaves":$leaves,"medianMs":$median%.2f,"meanMs":$mean%.2f,"p90Ms":${times((times.size * 9) / 10)}%.2f,"engineCallMs":${leafguard.spark.Timings.js.meanMs}%.2f,"resolveMs":${leafguard.spark.Timings.resolve.meanMs}%.2f}""")
    }
    spark.stop()
  }
}
