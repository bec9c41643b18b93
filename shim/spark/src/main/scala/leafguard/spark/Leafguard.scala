package leafguard.spark

import scala.collection.JavaConverters._

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.node.ObjectNode
import org.apache.hadoop.security.UserGroupInformation
import org.apache.spark.SparkConf
import org.apache.spark.sql.catalyst.CurrentUserContext
import org.apache.spark.sql.catalyst.catalog.{CatalogTable, CatalogTableType}
import org.apache.spark.sql.types.StructType
import org.slf4j.LoggerFactory

/** What the engine said about one read. */
final case class LeafDecision(
    table: String,
    allow: Boolean,
    reasons: Seq[String],
    filter: Option[String],
    masks: Map[String, String],
    policyIds: Seq[String])

/** A statement-level decision (`rewrite` op) and its audit record as the engine wrote it. */
final case class StatementDecision(allow: Boolean, reasons: Seq[String], audit: Option[JsonNode])

/**
 * The shim's state for one JVM: the settings, the GraalJS pool, and the catalog facts gathered from
 * Spark's session catalog for the tables queries read. The catalog sent to the engine grows as new
 * tables are read; its version changes only when a table's facts change, so the compiled engine in
 * each context is reused between queries.
 */
final class Leafguard(val settings: ShimSettings) {
  val bridge = new JsBridge(settings.contexts)

  private val facts = new java.util.concurrent.ConcurrentHashMap[String, String]()
  @volatile private var catalogState: (String, String) = ("{\"tables\":[]}", "0")
  private var catalogCounter = 0L

  /** Records `name`'s facts (a table object of the catalog JSON); a change makes a new catalog version. */
  def noteTable(name: String, tableJson: String): Unit = {
    if (settings.catalog.isDefined) return
    if (tableJson == facts.get(name)) return
    synchronized {
      if (tableJson != facts.get(name)) {
        facts.put(name, tableJson)
        catalogCounter += 1
        val tables = facts.asScala.toSeq.sortBy(_._1).map(_._2).mkString(",")
        catalogState = (s"""{"tables":[$tables]}""", s"spark-$catalogCounter")
      }
    }
  }

  private def catalog: (String, String) = settings.catalog match {
    case Some(f) => val (json, v) = f.get; (json, s"file-$v")
    case None => catalogState
  }

  /** The current Spark user: a Thrift-server style session user, else SPARK_USER, else Hadoop's user. */
  def currentUser(): String =
    settings.userOverride
      .orElse(Option(CurrentUserContext.CURRENT_USER.get()))
      .orElse(Option(System.getenv("SPARK_USER")))
      .getOrElse(UserGroupInformation.getCurrentUser.getShortUserName)

  def identity(): ObjectNode = {
    val user = currentUser()
    settings.identities match {
      case Some(f) => f.get._1.identity(user)
      case None => val id = Json.mapper.createObjectNode(); id.put("user", user); id
    }
  }

  /** Calls `handle` with the versions; the catalog and policies travel only when this context lacks them. */
  private def call(req: ObjectNode): JsonNode = {
    val t0 = System.nanoTime()
    try callUntimed(req) finally Timings.js.add(System.nanoTime() - t0)
  }

  private def callUntimed(req: ObjectNode): JsonNode = {
    val (catalogJson, cv) = catalog
    val (policyJson, pv) = settings.policies.get
    settings.now.foreach(req.put("now", _))
    req.put("catalogVersion", cv)
    req.put("policyVersion", pv)
    val key = cv + "\u0000" + pv
    bridge.withSlot { slot =>
      def full(): JsonNode = {
        req.set[JsonNode]("catalog", Json.mapper.readTree(catalogJson))
        req.set[JsonNode]("policies", Json.mapper.readTree(policyJson))
        val res = Json.mapper.readTree(bridge.call(slot, Json.mapper.writeValueAsString(req)))
        if (res.path("ok").asBoolean(false)) slot.lastVersions = key
        res
      }
      val res =
        if (slot.lastVersions == key) Json.mapper.readTree(bridge.call(slot, Json.mapper.writeValueAsString(req)))
        else full()
      // The context's cache may have dropped the engine after all: send everything once more.
      if (!res.path("ok").asBoolean(false) && res.path("error").path("code").asText() == "BAD_REQUEST" && !req.has("catalog")) full()
      else res
    }
  }

  @volatile private var blockedCache: (String, Seq[java.util.regex.Pattern]) = ("", Nil)

  /**
   * `settings.blockedFunctions` of the policy document (regular expressions, case-insensitive), with
   * the engine's default when absent. The engine applies them to the statements it analyses; the
   * shim applies them to every analysed plan, DataFrame API included. (The engine has no operation
   * that answers this; the default is duplicated from src/rewrite/engine.ts.)
   */
  def blockedFunctions(): Seq[java.util.regex.Pattern] = {
    val (policyJson, pv) = settings.policies.get
    val cached = blockedCache
    if (cached._1 == pv) return cached._2
    val node = Json.mapper.readTree(policyJson).path("settings").path("blockedFunctions")
    val patterns = (if (node.isArray) strings(node) else Seq("^reflect$", "^java_method$"))
      .map(java.util.regex.Pattern.compile(_, java.util.regex.Pattern.CASE_INSENSITIVE))
    blockedCache = (pv, patterns)
    patterns
  }

  /** Whether the engine treats this user as privileged (it says so in the reasons of any decision). */
  def privileged(identity: ObjectNode): Boolean =
    rewrite("SELECT 1", identity).reasons.exists(_.endsWith("is privileged: no rewrite"))

  private def strings(n: JsonNode): Seq[String] = n.elements().asScala.map(_.asText()).toSeq

  private def failure(res: JsonNode): String = {
    val e = res.path("error")
    s"the engine failed (${e.path("code").asText()}): ${e.path("message").asText()}"
  }

  def secureRelation(table: String, identity: ObjectNode): LeafDecision = {
    val req = Json.mapper.createObjectNode()
    req.put("op", "secureRelation")
    req.put("table", table)
    req.set[JsonNode]("identity", identity)
    val res = call(req)
    if (!res.path("ok").asBoolean(false)) return LeafDecision(table, allow = false, Seq(failure(res)), None, Map.empty, Nil)
    val masks = res.path("masks").fields().asScala.map(e => e.getKey -> e.getValue.asText()).toMap
    val filter = Option(res.get("filter")).filter(n => !n.isNull).map(_.asText())
    LeafDecision(table, res.path("decision").asText() == "allow", strings(res.path("reasons")), filter, masks, strings(res.path("policyIds")))
  }

  private def quoted(name: String): String = name.split('.').map(p => "`" + p.replace("`", "``") + "`").mkString(".")

  /**
   * The directives for a read of a catalog view. `secureRelation` answers with the first scan of
   * `SELECT * FROM view`, which is the view's base table, not the view; so the shim asks `rewrite`
   * and takes the view's own scan (its base tables are secured at their own leaves).
   */
  def secureView(view: String, identity: ObjectNode): LeafDecision = secureByQuery(view, s"SELECT * FROM ${quoted(view)}", identity)

  /**
   * The directives for a read of `table` of which the query uses only `columns`. `secureRelation`
   * authorises `SELECT *`, so column grants deny a read that uses only granted columns; the shim
   * asks again with the columns the analysed plan uses (count(*) when it uses none).
   */
  def secureColumns(table: String, columns: Seq[String], identity: ObjectNode): LeafDecision = {
    val select = if (columns.isEmpty) "count(*)" else columns.map(c => "`" + c.replace("`", "``") + "`").mkString(", ")
    secureByQuery(table, s"SELECT $select FROM ${quoted(table)}", identity)
  }

  private def secureByQuery(table: String, sql: String, identity: ObjectNode): LeafDecision = {
    val req = Json.mapper.createObjectNode()
    req.put("op", "rewrite")
    req.put("sql", sql)
    req.set[JsonNode]("identity", identity)
    val res = call(req)
    if (!res.path("ok").asBoolean(false)) return LeafDecision(table, allow = false, Seq(failure(res)), None, Map.empty, Nil)
    val reasons = strings(res.path("reasons"))
    if (res.path("decision").asText() != "allow") return LeafDecision(table, allow = false, reasons, None, Map.empty, Nil)
    val scan = res.path("scans").elements().asScala.find(_.path("table").asText().equalsIgnoreCase(table))
    scan match {
      case None => LeafDecision(table, allow = true, reasons, None, Map.empty, Nil)
      case Some(sc) =>
        val masks = sc.path("masks").fields().asScala.map(e => e.getKey -> e.getValue.asText()).toMap
        val filter = Option(sc.get("filter")).filter(n => !n.isNull).map(_.asText())
        LeafDecision(table, allow = true, reasons, filter, masks, strings(sc.path("policyIds")))
    }
  }

  def rewrite(sql: String, identity: ObjectNode): StatementDecision = {
    val req = Json.mapper.createObjectNode()
    req.put("op", "rewrite")
    req.put("sql", sql)
    req.set[JsonNode]("identity", identity)
    val res = call(req)
    if (!res.path("ok").asBoolean(false)) return StatementDecision(allow = false, Seq(failure(res)), None)
    StatementDecision(res.path("decision").asText() == "allow", strings(res.path("reasons")), Option(res.get("audit")))
  }
}

/** Where planning time goes (the benchmark prints these): engine calls, and resolving what they return. */
object Timings {
  final class Counter {
    val nanos = new java.util.concurrent.atomic.AtomicLong()
    val count = new java.util.concurrent.atomic.AtomicLong()
    def add(n: Long): Unit = { nanos.addAndGet(n); count.incrementAndGet() }
    def reset(): Unit = { nanos.set(0); count.set(0) }
    def meanMs: Double = if (count.get == 0) 0 else nanos.get / 1e6 / count.get
  }
  val js = new Counter
  val resolve = new Counter
}

object Leafguard {
  private val auditLog = LoggerFactory.getLogger("leafguard.audit")
  @volatile private var instance: Leafguard = _
  @volatile private var listeners: List[String => Unit] = Nil

  /** The shim for this JVM's SparkConf (settings are fixed when the application starts). */
  def get(conf: SparkConf): Leafguard = {
    val cur = instance
    if (cur != null) return cur
    synchronized {
      if (instance == null) instance = new Leafguard(ShimSettings.from(conf))
      instance
    }
  }

  /** Forgets the shim (a new SparkContext with other settings, in tests). */
  def reset(): Unit = synchronized { instance = null }

  /** Also hands each audit line to `f` (tests, or a sink besides the driver log). */
  def onAudit(f: String => Unit): Unit = synchronized { listeners = f :: listeners }

  def audit(record: JsonNode): Unit = {
    val line = Json.mapper.writeValueAsString(record)
    auditLog.info(line)
    listeners.foreach(_(line))
  }

  /** `db.table` for the session catalog (the engine's names), `catalog.ns.table` for other catalogs. */
  def tableName(t: CatalogTable): String = (t.identifier.database.toSeq :+ t.identifier.table).mkString(".")

  /** A table of the catalog JSON from Spark's own metadata. Tags come from table properties:
   * `leafguard.tags` (the table's) and `leafguard.tags.<column>` (a column's), comma-separated. */
  def tableFacts(name: String, schema: StructType, tableType: String, format: Option[String], location: Option[String],
      owner: Option[String], properties: Map[String, String], partitionColumns: Seq[String] = Nil): String = {
    def tags(key: String): Seq[String] =
      properties.collectFirst { case (k, v) if k.equalsIgnoreCase(key) => v }.toSeq
        .flatMap(_.split(",")).map(_.trim).filter(_.nonEmpty)
    val t = Json.mapper.createObjectNode()
    t.put("name", name)
    t.put("type", tableType)
    format.foreach(t.put("format", _))
    location.foreach(t.put("location", _))
    owner.filter(_.nonEmpty).foreach(t.put("owner", _))
    val tableTags = tags("leafguard.tags")
    if (tableTags.nonEmpty) { val a = t.putArray("tags"); tableTags.foreach(a.add) }
    if (partitionColumns.nonEmpty) { val a = t.putArray("partitionColumns"); partitionColumns.foreach(a.add) }
    val cols = t.putArray("columns")
    schema.fields.foreach { f =>
      val c = cols.addObject()
      c.put("name", f.name)
      c.put("type", f.dataType.catalogString)
      c.put("nullable", f.nullable)
      val ct = tags(s"leafguard.tags.${f.name}")
      if (ct.nonEmpty) { val a = c.putArray("tags"); ct.foreach(a.add) }
    }
    Json.mapper.writeValueAsString(t)
  }

  /** A catalog view: its text (the engine analyses it against the tables already noted). */
  def viewFacts(t: CatalogTable): String = {
    val v = Json.mapper.createObjectNode()
    v.put("name", tableName(t))
    v.put("type", "view")
    t.viewText.foreach(v.put("viewText", _))
    Option(t.owner).filter(_.nonEmpty).foreach(v.put("owner", _))
    Json.mapper.writeValueAsString(v)
  }

  def catalogTableFacts(t: CatalogTable): String = tableFacts(
    tableName(t), t.schema,
    if (t.tableType == CatalogTableType.EXTERNAL) "external" else "managed",
    t.provider, t.storage.locationUri.map(_.toString), Option(t.owner), t.properties, t.partitionColumnNames)
}
