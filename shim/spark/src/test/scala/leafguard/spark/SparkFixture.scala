package leafguard.spark

import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Path}
import java.time.Instant
import java.time.temporal.ChronoUnit

import org.apache.spark.sql.{DataFrame, Row, SparkSession}
import org.apache.spark.sql.catalyst.CurrentUserContext
import org.scalatest.{BeforeAndAfterAll, Suite}

/** A local[2] SparkSession with the extension, a temporary warehouse of Parquet tables, a policy
 * file and an identities file. Identities switch through `CurrentUserContext` (as the Thrift server does). */
trait SparkFixture extends BeforeAndAfterAll { self: Suite =>
  val dir: Path = Files.createTempDirectory("leafguard-spark")
  val policyFile: Path = dir.resolve("policies.yaml")
  val identitiesFile: Path = dir.resolve("identities.json")
  @volatile var audits: Vector[String] = Vector.empty
  var spark: SparkSession = _

  def policies(carlFrom: Instant, carlUntil: Instant): String =
    s"""version: 1
       |settings:
       |  mode: protected-until-granted
       |  privileged: { users: [root] }
       |grants:
       |  - id: analysts-read
       |    to: { groups: [analysts, hr] }
       |    actions: [select]
       |    on: { tables: ["hr.*"] }
       |  - id: analysts-scratch
       |    to: { groups: [analysts] }
       |    actions: [select, insert, create]
       |    on: { tables: ["default.*"] }
       |  - id: carl-now
       |    to: { users: [carl] }
       |    actions: [select]
       |    on: { tables: [sales.orders] }
       |    validFrom: ${carlFrom.truncatedTo(ChronoUnit.SECONDS)}
       |    validUntil: ${carlUntil.truncatedTo(ChronoUnit.SECONDS)}
       |  - id: dora-columns
       |    to: { users: [dora] }
       |    actions: [select]
       |    on: { columns: [hr.employees.id, hr.employees.name, hr.employees.department_id] }
       |  - id: dave-lapsed
       |    to: { users: [dave] }
       |    actions: [select]
       |    on: { tables: [sales.orders] }
       |    validFrom: 2020-01-01T00:00:00Z
       |    validUntil: 2020-12-31T23:59:59Z
       |rowFilters:
       |  - id: emp-region
       |    table: hr.employees
       |    where: "region = user_attribute('region')"
       |    except: { groups: [hr] }
       |  - id: emp-no-test-rows
       |    table: hr.employees
       |    where: "ssn NOT LIKE '000%'"
       |    except: { groups: [hr] }
       |  - id: dir-not-3
       |    table: hr.emp_directory
       |    where: "id <> 3"
       |    to: { groups: [analysts] }
       |masks:
       |  - id: emp-ssn
       |    table: hr.employees
       |    column: ssn
       |    mask: { kind: showLast, n: 4 }
       |    except: { groups: [hr] }
       |  - id: pii-everywhere
       |    tag: pii
       |    mask: { kind: redact }
       |    except: { groups: [hr] }
       |  - id: dir-dept
       |    table: hr.emp_directory
       |    column: department_id
       |    mask: { kind: "null" }
       |    to: { groups: [analysts] }
       |  - id: salary-hidden
       |    table: hr.employees
       |    column: salary
       |    mask: { kind: "null" }
       |    except: { groups: [hr] }
       |""".stripMargin

  def writePolicies(text: String): Unit = {
    // A new mtime even when two writes fall in the same clock tick.
    val before = if (Files.exists(policyFile)) Files.getLastModifiedTime(policyFile).toMillis else 0L
    Files.write(policyFile, text.getBytes(StandardCharsets.UTF_8))
    if (Files.getLastModifiedTime(policyFile).toMillis == before)
      Files.setLastModifiedTime(policyFile, java.nio.file.attribute.FileTime.fromMillis(before + 1000))
  }

  def as[T](user: String)(f: => T): T = {
    val prev = CurrentUserContext.CURRENT_USER.get()
    CurrentUserContext.CURRENT_USER.set(user)
    try f finally CurrentUserContext.CURRENT_USER.set(prev)
  }

  def rows(df: DataFrame): Seq[Seq[Any]] = df.collect().toSeq.map(_.toSeq)
  def sql(q: String): Seq[Seq[Any]] = rows(spark.sql(q))

  override def beforeAll(): Unit = {
    super.beforeAll()
    val now = Instant.now()
    writePolicies(policies(now.minus(1, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS)))
    Files.write(identitiesFile,
      """{ "users": {
        |  "ann": { "groups": ["analysts"], "attributes": { "region": "DE" } },
        |  "hh": { "groups": ["hr"] },
        |  "bob": { "groups": ["sales"] },
        |  "dora": { "attributes": { "region": "US" } } } }""".stripMargin.getBytes(StandardCharsets.UTF_8))
    Leafguard.reset()
    spark = SparkSession.builder()
      .master("local[2]")
      .appName("leafguard-spark-test")
      .config("spark.ui.enabled", "false")
      .config("spark.sql.shuffle.partitions", "2")
      .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString)
      .config("spark.sql.extensions", "leafguard.spark.LeafguardSparkExtension")
      .config(Keys.Policies, policyFile.toString)
      .config(Keys.Identities, identitiesFile.toString)
      .getOrCreate()
    Leafguard.onAudit(line => audits :+= line)
    as("root") {
      spark.sql("CREATE DATABASE hr")
      spark.sql("CREATE DATABASE sales")
      spark.sql(
        """CREATE TABLE hr.employees (id INT, name STRING, email STRING, ssn STRING, salary DECIMAL(10,2),
          |  region STRING, department_id INT, hired DATE) USING parquet
          |  TBLPROPERTIES ('leafguard.tags' = 'personnel', 'leafguard.tags.name' = 'pii', 'leafguard.tags.email' = 'pii')""".stripMargin)
      spark.sql(
        """INSERT INTO hr.employees VALUES
          | (1, 'Anna Schmidt', 'anna@corp.de', '123-45-6789', 5000.00, 'DE', 10, DATE'2020-01-01'),
          | (2, 'Bob Miller', 'bob@corp.com', '987-65-4321', 6000.00, 'US', 20, DATE'2021-02-02'),
          | (3, 'Carla Rossi', 'carla@corp.it', '555-12-3456', 5500.00, 'DE', 10, DATE'2019-03-03'),
          | (4, 'Dan Brown', 'dan@corp.com', '111-22-3333', 7000.00, 'US', 10, DATE'2022-04-04'),
          | (5, 'Test User', 'test@corp.de', '000-00-0000', 1.00, 'DE', 20, DATE'2023-05-05')""".stripMargin)
      spark.sql("CREATE TABLE hr.departments (id INT, name STRING) USING parquet")
      spark.sql("INSERT INTO hr.departments VALUES (10, 'Engineering'), (20, 'Sales')")
      spark.sql("CREATE TABLE sales.orders (id BIGINT, employee_id INT, amount DECIMAL(12,2)) USING parquet")
      spark.sql("INSERT INTO sales.orders VALUES (100, 1, 10.50), (101, 2, 20.00), (102, 3, 30.25)")
      spark.sql("CREATE VIEW hr.emp_directory AS SELECT id, name, email, department_id FROM hr.employees")
    }
  }

  override def afterAll(): Unit = {
    try if (spark != null) spark.stop()
    finally {
      Leafguard.reset()
      super.afterAll()
    }
  }
}
