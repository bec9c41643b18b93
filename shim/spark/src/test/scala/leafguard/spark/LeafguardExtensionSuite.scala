package leafguard.spark

import java.time.Instant
import java.time.temporal.ChronoUnit

import org.apache.spark.sql.{AnalysisException, DataFrame}
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan
import org.apache.spark.sql.execution.{FileSourceScanExec, FilterExec, ProjectExec, SparkPlan}
import org.apache.spark.sql.execution.exchange.Exchange
import org.apache.spark.sql.functions.{col, count, max}
import org.scalatest.funsuite.AnyFunSuite

class LeafguardExtensionSuite extends AnyFunSuite with SparkFixture {
  // Redact: upper → X, lower → x, digit → n, anything else → U; showLast 4 keeps the last four.
  private val annRows = Seq(
    Seq(1, "XxxxUXxxxxxx", "xxxxUxxxxUxx", "nnnUnnU6789", null),
    Seq(3, "XxxxxUXxxxx", "xxxxxUxxxxUxx", "nnnUnnU3456", null))

  private def denied(f: => Any): String = intercept[AnalysisException](f).getMessage

  test("filters on raw values, masks after: each identity sees its rows") {
    val q = "SELECT id, name, email, ssn, salary FROM hr.employees ORDER BY id"
    as("ann") { assert(sql(q) === annRows) }
    as("hh") {
      assert(sql(q).map(_.take(4)) === Seq(
        Seq(1, "Anna Schmidt", "anna@corp.de", "123-45-6789"), Seq(2, "Bob Miller", "bob@corp.com", "987-65-4321"),
        Seq(3, "Carla Rossi", "carla@corp.it", "555-12-3456"), Seq(4, "Dan Brown", "dan@corp.com", "111-22-3333"),
        Seq(5, "Test User", "test@corp.de", "000-00-0000")))
    }
    as("bob") { assert(denied(sql(q)).contains("no grant gives select on hr.employees")) }
  }

  test("masks keep names and types") {
    as("ann") {
      val df = spark.table("hr.employees")
      val raw = as("root")(spark.table("hr.employees").schema)
      assert(df.schema.map(f => f.name -> f.dataType) === raw.map(f => f.name -> f.dataType))
    }
  }

  test("a privileged user skips the rewrite and is audited") {
    audits = Vector.empty
    as("root") { assert(sql("SELECT count(*) FROM hr.employees WHERE ssn LIKE '000%'") === Seq(Seq(1L))) }
    assert(audits.exists(a => a.contains("\"user\":\"root\"") && a.contains("root is privileged: no rewrite")), audits)
  }

  test("each statement writes one JSON audit line with the policies applied") {
    audits = Vector.empty
    as("ann") { sql("SELECT id FROM hr.employees") }
    assert(audits.size === 1, audits)
    // A DataFrame used again (count, show) is the same statement: no new line.
    as("ann") { val df = spark.sql("SELECT id FROM hr.employees"); df.count(); df.collect() }
    assert(audits.size === 2, audits)
    val a = Json.mapper.readTree(audits.head)
    assert(a.path("user").asText() === "ann")
    assert(a.path("decision").asText() === "allow")
    assert(a.path("reads").get(0).path("table").asText() === "hr.employees")
    val policies = Seq.tabulate(a.path("policies").size())(i => a.path("policies").get(i).asText())
    assert(policies === Seq("analysts-read", "emp-no-test-rows", "emp-region", "emp-ssn", "pii-everywhere", "salary-hidden").filter(policies.contains))
    assert(policies.contains("emp-region") && policies.contains("emp-ssn"))
  }

  test("a user predicate on a masked column sees the masked value") {
    as("ann") {
      assert(sql("SELECT id FROM hr.employees WHERE ssn LIKE '123%'") === Nil)
      assert(sql("SELECT id FROM hr.employees WHERE ssn LIKE '%6789'") === Seq(Seq(1)))
      assert(sql("SELECT id FROM hr.employees WHERE salary IS NULL ORDER BY id") === Seq(Seq(1), Seq(3)))
    }
    as("hh") { assert(sql("SELECT id FROM hr.employees WHERE ssn LIKE '123%'") === Seq(Seq(1))) }
  }

  test("self-join: both sides secured") {
    val q = """SELECT a.id, b.id, b.name FROM hr.employees a JOIN hr.employees b
              |ON a.department_id = b.department_id AND a.id < b.id ORDER BY a.id, b.id""".stripMargin
    as("ann") { assert(sql(q) === Seq(Seq(1, 3, "XxxxxUXxxxx"))) }
    as("hh") {
      assert(sql(q) === Seq(Seq(1, 3, "Carla Rossi"), Seq(1, 4, "Dan Brown"), Seq(2, 5, "Test User"), Seq(3, 4, "Dan Brown")))
    }
  }

  test("UNION: every branch secured") {
    as("ann") {
      assert(sql("""SELECT id, ssn FROM hr.employees WHERE id = 1 UNION ALL
                   |SELECT id, ssn FROM hr.employees WHERE id IN (2, 3) ORDER BY id""".stripMargin) ===
        Seq(Seq(1, "nnnUnnU6789"), Seq(3, "nnnUnnU3456")))
    }
  }

  test("a CTE used twice") {
    as("ann") {
      assert(sql("""WITH e AS (SELECT id, name, department_id FROM hr.employees)
                   |SELECT x.id, y.id, y.name FROM e x JOIN e y ON x.department_id = y.department_id
                   |WHERE x.id < y.id""".stripMargin) === Seq(Seq(1, 3, "XxxxxUXxxxx")))
    }
  }

  test("views: a permanent view's own policies and its body's, and a temporary view") {
    as("ann") {
      // The view's filter (id <> 3) and mask (department_id) apply above the base table's.
      assert(sql("SELECT id, name, email, department_id FROM hr.emp_directory ORDER BY id") ===
        Seq(Seq(1, "XxxxUXxxxxxx", "xxxxUxxxxUxx", null)))
      assert(sql("SELECT e.id, d.id FROM hr.emp_directory d JOIN hr.employees e ON d.id = e.id ORDER BY e.id") === Seq(Seq(1, 1)))
      assert(sql("SELECT id FROM hr.emp_directory WHERE department_id IS NULL") === Seq(Seq(1)))
      spark.sql("CREATE OR REPLACE TEMP VIEW ann_ssn AS SELECT id, ssn FROM hr.employees")
      assert(sql("SELECT * FROM ann_ssn ORDER BY id") === Seq(Seq(1, "nnnUnnU6789"), Seq(3, "nnnUnnU3456")))
    }
    as("hh") { assert(sql("SELECT id, department_id FROM hr.emp_directory ORDER BY id").size === 5) }
    as("bob") { assert(denied(sql("SELECT * FROM hr.emp_directory")).contains("no grant gives select on hr.")) }
  }

  test("the DataFrame API: table, read.table, filter, join, aggregate") {
    as("ann") {
      val e = spark.table("hr.employees")
      assert(rows(e.filter(col("region") === "DE").select("id", "ssn").orderBy("id")) ===
        Seq(Seq(1, "nnnUnnU6789"), Seq(3, "nnnUnnU3456")))
      val d = spark.read.table("hr.departments")
      assert(rows(e.join(d, e("department_id") === d("id")).select(e("id"), d("name"), e("name")).orderBy(e("id"))) ===
        Seq(Seq(1, "Engineering", "XxxxUXxxxxxx"), Seq(3, "Engineering", "XxxxxUXxxxx")))
      assert(rows(e.groupBy("department_id").agg(count("*"), max("email"))) === Seq(Seq(10, 2L, "xxxxxUxxxxUxx")))
    }
    as("bob") { assert(denied(spark.table("hr.employees")).contains("no grant gives select on hr.employees")) }
  }

  test("a denied table in a subquery fails the query") {
    as("ann") {
      assert(denied(sql("SELECT id FROM hr.employees WHERE id IN (SELECT employee_id FROM sales.orders)"))
        .contains("no grant gives select on sales.orders"))
      assert(denied(sql("SELECT id FROM hr.employees e WHERE EXISTS (SELECT 1 FROM sales.orders o WHERE o.employee_id = e.id)"))
        .contains("sales.orders"))
      assert(denied(sql("SELECT id, (SELECT max(amount) FROM sales.orders) FROM hr.employees")).contains("sales.orders"))
    }
  }

  test("subqueries over allowed tables are secured too") {
    as("ann") {
      assert(sql("SELECT d.id FROM hr.departments d WHERE d.id IN (SELECT department_id FROM hr.employees WHERE ssn LIKE '%3333')") === Nil)
      assert(sql("SELECT d.id FROM hr.departments d WHERE EXISTS (SELECT 1 FROM hr.employees e WHERE e.department_id = d.id)") ===
        Seq(Seq(10)))
    }
  }

  test("a time-bound grant: valid now, lapsed, and lapsed after the policy file changes") {
    as("carl") { assert(sql("SELECT id FROM sales.orders ORDER BY id") === Seq(Seq(100L), Seq(101L), Seq(102L))) }
    as("dave") { assert(denied(sql("SELECT id FROM sales.orders")).contains("sales.orders")) }
    val now = Instant.now()
    writePolicies(policies(now.minus(2, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS)))
    try as("carl") { assert(denied(sql("SELECT id FROM sales.orders")).contains("sales.orders")) }
    finally writePolicies(policies(now.minus(1, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS)))
    as("carl") { assert(sql("SELECT count(*) FROM sales.orders") === Seq(Seq(3L))) }
  }

  test("the sources of INSERT and CTAS are secured") {
    as("ann") {
      spark.sql("CREATE TABLE default.ann_copy USING parquet AS SELECT id, ssn FROM hr.employees")
      spark.sql("INSERT INTO default.ann_copy SELECT id + 100, name FROM hr.employees")
    }
    as("root") {
      assert(sql("SELECT * FROM default.ann_copy ORDER BY id") === Seq(
        Seq(1, "nnnUnnU6789"), Seq(3, "nnnUnnU3456"), Seq(101, "XxxxUXxxxxxx"), Seq(103, "XxxxxUXxxxx")))
      spark.sql("DROP TABLE default.ann_copy")
    }
  }

  test("statements the engine denies: ADD JAR, TRANSFORM USING, a blocked SET key, a path read") {
    val location = as("root")(spark.sql("DESCRIBE TABLE EXTENDED hr.employees").filter(col("col_name") === "Location").head().getString(1))
    as("ann") {
      assert(denied(spark.sql("ADD JAR /tmp/evil.jar")).contains("ADD JAR"))
      assert(denied(spark.sql("SELECT TRANSFORM(id) USING 'cat' AS (x) FROM hr.employees")).contains("TRANSFORM"))
      assert(denied(spark.sql("SET spark.sql.extensions=x")).contains("spark.sql.extensions"))
      assert(denied(spark.sql(s"SELECT * FROM parquet.`$location`")).contains("reading files by path"))
      assert(denied(spark.read.parquet(location)).contains("reading files by path"))
      spark.sql("SET spark.sql.shuffle.partitions=2")
    }
  }

  test("column grants: a read of granted columns only is allowed (and masked), any other column denies it") {
    as("dora") {
      // Her region (US) and the other row filter apply; name is redacted (pii).
      assert(sql("SELECT id, name FROM hr.employees WHERE department_id = 20 ORDER BY id") === Seq(Seq(2, "XxxUXxxxxx")))
      assert(rows(spark.sql("SELECT id FROM hr.employees").filter(col("id") > 3)) === Seq(Seq(4)))
      // spark.table is analysed on its own, all columns out, as SELECT * is: denied.
      assert(denied(spark.table("hr.employees")).contains("no grant gives select on column"))
      assert(sql("SELECT count(*) FROM hr.employees") === Seq(Seq(2L)))
      assert(denied(sql("SELECT id, ssn FROM hr.employees")).contains("hr.employees.ssn"))
      assert(denied(sql("SELECT * FROM hr.employees")).contains("hr.employees"))
      assert(denied(sql("SELECT id FROM hr.employees WHERE salary > 0")).contains("hr.employees.salary"))
    }
  }

  test("writes and DDL go to the engine: no insert grant, no drop") {
    as("ann") {
      assert(denied(spark.sql("INSERT INTO hr.departments SELECT id, name FROM hr.employees")).contains("no grant gives insert on hr.departments"))
      assert(denied(spark.sql("DROP TABLE hr.departments")).contains("hr.departments"))
    }
    as("root") { assert(sql("SELECT count(*) FROM hr.departments") === Seq(Seq(2L))) }
  }

  test("DataFrame writes: the engine decides on the target") {
    as("ann") {
      spark.table("hr.departments").write.saveAsTable("default.ann_departments")
      assert(denied(spark.table("hr.departments").write.mode("append").insertInto("hr.departments")).contains("no grant gives insert on hr.departments"))
      assert(denied(spark.table("hr.departments").write.saveAsTable("hr.copy")).contains("no grant gives create on hr.copy"))
    }
    as("root") {
      assert(sql("SELECT count(*) FROM hr.departments") === Seq(Seq(2L)))
      assert(sql("SELECT count(*) FROM default.ann_departments") === Seq(Seq(2L)))
      spark.sql("DROP TABLE default.ann_departments")
    }
  }

  test("blocked functions, in SQL and through the DataFrame API; privileged users may call them") {
    val call = "java_method('java.lang.String', 'valueOf', 7)"
    as("ann") {
      assert(denied(sql(s"SELECT $call")).contains("function java_method is blocked"))
      assert(denied(sql("SELECT id FROM hr.employees WHERE id IN (SELECT reflect('java.lang.String', 'valueOf', 1))")).contains("is blocked"))
      assert(denied(rows(spark.range(1).select(org.apache.spark.sql.functions.expr(s"reflect('java.lang.String', 'valueOf', 7)")))).contains("is blocked"))
    }
    as("root") { assert(sql(s"SELECT $call") === Seq(Seq("7"))) }
  }

  /** Every scan of hr.employees reaches the nearest Exchange above it only through the row filter and the masks. */
  private def assertSecuredBelowExchanges(df: DataFrame, maskMarker: String): Unit = {
    df.collect()
    val plan = df.queryExecution.executedPlan
    def paths(p: SparkPlan, above: List[SparkPlan]): Seq[List[SparkPlan]] = p match {
      case s: FileSourceScanExec if s.tableIdentifier.exists(_.table == "employees") => Seq(above)
      case _ => p.children.flatMap(paths(_, p :: above))
    }
    val found = paths(plan, Nil)
    assert(found.nonEmpty, plan.treeString)
    assert(plan.exists(_.isInstanceOf[Exchange]), plan.treeString)
    found.foreach { above =>
      val belowExchange = above.takeWhile(n => !n.isInstanceOf[Exchange])
      assert(above.exists(_.isInstanceOf[Exchange]), plan.treeString)
      assert(belowExchange.exists { case f: FilterExec => f.condition.sql.contains("region"); case _ => false }, plan.treeString)
      assert(belowExchange.exists { case p: ProjectExec => p.projectList.exists(_.sql.contains(maskMarker)); case _ => false }, plan.treeString)
    }
  }

  test("physical plans: the masks and the filter sit below every Exchange (join, aggregate)") {
    val conf = Seq("spark.sql.adaptive.enabled" -> "false", "spark.sql.autoBroadcastJoinThreshold" -> "-1")
    val saved = conf.map { case (k, _) => k -> spark.conf.getOption(k) }
    conf.foreach { case (k, v) => spark.conf.set(k, v) }
    try as("ann") {
      assertSecuredBelowExchanges(spark.sql(
        """SELECT d.name, count(*), max(e.name) FROM hr.employees e JOIN hr.departments d ON e.department_id = d.id
          |GROUP BY d.name""".stripMargin), "regexp_replace")
      assertSecuredBelowExchanges(spark.sql("SELECT ssn, count(*) FROM hr.employees GROUP BY ssn"), "substring")
    } finally saved.foreach {
      case (k, Some(v)) => spark.conf.set(k, v)
      case (k, None) => spark.conf.unset(k)
    }
  }

  test("concurrent queries of different users share the context pool and each get their own rows") {
    val q = "SELECT id, ssn FROM hr.employees ORDER BY id"
    val expected = Map(
      "ann" -> Seq(Seq(1, "nnnUnnU6789"), Seq(3, "nnnUnnU3456")),
      "hh" -> Seq(Seq(1, "123-45-6789"), Seq(2, "987-65-4321"), Seq(3, "555-12-3456"), Seq(4, "111-22-3333"), Seq(5, "000-00-0000")))
    val pool = java.util.concurrent.Executors.newFixedThreadPool(4)
    try {
      val futures = (1 to 12).map { i =>
        val user = if (i % 2 == 0) "ann" else "hh"
        pool.submit(new java.util.concurrent.Callable[(String, Seq[Seq[Any]])] {
          override def call(): (String, Seq[Seq[Any]]) = as(user)(user -> sql(q))
        })
      }
      futures.map(_.get(120, java.util.concurrent.TimeUnit.SECONDS)).foreach { case (user, got) => assert(got === expected(user), user) }
    } finally pool.shutdown()
  }

  private def markers(p: LogicalPlan): Int = p.collect { case n if Reads.isMarker(n) => n }.size

  test("idempotence: a DataFrame analysed again is not secured twice") {
    as("ann") {
      val df = spark.table("hr.employees").select("id", "ssn")
      val analyzed = df.queryExecution.analyzed
      assert(markers(analyzed) === 1)
      val again = spark.sessionState.analyzer.execute(analyzed)
      assert(markers(again) === 1)
      assert(again.collect { case p: org.apache.spark.sql.catalyst.plans.logical.Project => p }.size ===
        analyzed.collect { case p: org.apache.spark.sql.catalyst.plans.logical.Project => p }.size)
      val twice = df.select("id", "ssn").filter(col("id") > 0)
      assert(markers(twice.queryExecution.analyzed) === 1)
      assert(rows(twice.orderBy("id")) === Seq(Seq(1, "nnnUnnU6789"), Seq(3, "nnnUnnU3456")))
    }
  }

  test("a session function named like a built-in does not replace a mask's function") {
    as("ann") {
      spark.udf.register("regexp_replace", (s: String, _: String, _: String) => s)
      spark.udf.register("concat", (a: String, b: String) => "raw")
      try {
        assert(sql("SELECT id, name, ssn FROM hr.employees ORDER BY id") ===
          Seq(Seq(1, "XxxxUXxxxxxx", "nnnUnnU6789"), Seq(3, "XxxxxUXxxxx", "nnnUnnU3456")))
        // The UDF itself works for the user's own expressions.
        assert(sql("SELECT regexp_replace('abc', 'b', 'x')") === Seq(Seq("abc")))
      } finally {
        spark.sessionState.catalog.dropTempFunction("regexp_replace", ignoreIfNotExists = true)
        spark.sessionState.catalog.dropTempFunction("concat", ignoreIfNotExists = true)
      }
    }
  }

  test("a forged marker name in SQL does not skip the rule") {
    as("ann") {
      assert(sql("SELECT id, ssn FROM (SELECT * FROM hr.employees) AS `__leafguard_secured__` ORDER BY id") ===
        Seq(Seq(1, "nnnUnnU6789"), Seq(3, "nnnUnnU3456")))
    }
  }
}
