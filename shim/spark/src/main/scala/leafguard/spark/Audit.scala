package leafguard.spark

import java.time.Instant

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.node.ObjectNode
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan

/** Audit records in the engine's shape (`at, user, effectiveUser, statementKind, reads, policies, decision,
 * reasons`), one JSON line per statement in the driver log (logger `leafguard.audit`). */
object Audit {
  private def base(identity: ObjectNode, kind: String, decision: String, reasons: Seq[String]): ObjectNode = {
    val r = Json.mapper.createObjectNode()
    r.put("at", Instant.now().toString)
    r.put("user", identity.path("user").asText())
    r.put("effectiveUser", identity.path("user").asText())
    r.put("statementKind", kind)
    r.put("engine", "spark")
    r.put("decision", decision)
    val rs = r.putArray("reasons")
    reasons.foreach(rs.add)
    r
  }

  def denied(identity: ObjectNode, tables: Seq[String], reasons: Seq[String]): Unit = {
    val r = base(identity, "Query", "deny", reasons)
    val reads = r.putArray("reads")
    tables.foreach(t => reads.addObject().put("table", t))
    Leafguard.audit(r)
  }

  /** A decision the engine made on statement text: its own audit record when it wrote one. */
  def statement(identity: ObjectNode, kind: String, paths: Seq[String], d: StatementDecision): Unit = d.audit match {
    case Some(rec: ObjectNode) => rec.put("engine", "spark"); Leafguard.audit(rec)
    case _ =>
      val r = base(identity, kind, if (d.allow) "allow" else "deny", d.reasons)
      val ps = r.putArray("paths")
      paths.foreach(ps.add)
      Leafguard.audit(r)
  }

  /** The record for an analysed plan: every secured read, the policies applied, and why. */
  def allowed(identity: ObjectNode, plan: LogicalPlan, reads: Seq[LeafDecision]): Unit = {
    val r = base(identity, plan.nodeName, "allow", reads.flatMap(_.reasons).distinct)
    val rs = r.putArray("reads")
    reads.foreach { d =>
      val o = rs.addObject()
      o.put("table", d.table)
      val ps = o.putArray("policies")
      d.policyIds.foreach(ps.add)
      val ms = o.putArray("maskedColumns")
      d.masks.keys.toSeq.sorted.foreach(ms.add)
      o.put("filtered", d.filter.isDefined)
    }
    val ps = r.putArray("policies")
    reads.flatMap(_.policyIds).distinct.sorted.foreach(ps.add)
    Leafguard.audit(r)
  }
}
