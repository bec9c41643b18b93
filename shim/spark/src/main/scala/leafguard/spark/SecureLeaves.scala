package leafguard.spark

import scala.collection.JavaConverters._

import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.catalyst.AliasIdentifier
import org.apache.spark.sql.catalyst.catalog.HiveTableRelation
import org.apache.spark.sql.catalyst.expressions.{Alias, Attribute, NamedExpression}
import org.apache.spark.sql.catalyst.plans.logical.{Filter, LogicalPlan, Project, SubqueryAlias}
import org.apache.spark.sql.catalyst.rules.Rule
import org.apache.spark.sql.catalyst.trees.TreeNodeTag
import org.apache.spark.sql.execution.datasources.{HadoopFsRelation, LogicalRelation}
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation
import org.apache.spark.sql.leafguard.Denials
import org.apache.spark.sql.types.BooleanType

/** A read of a catalog table, or of files by path, as the rule sees it. */
sealed trait Read
final case class TableRead(name: String, facts: () => String) extends Read
final case class PathRead(format: String, paths: Seq[String]) extends Read

object Reads {
  /** The marker: `SubqueryAlias` is dropped by the optimizer's first batch, and a qualifier that holds a NUL
   * cannot come from a SQL alias, a DataFrame alias or a table name, so a user cannot forge it. */
  val MarkerName = "__leafguard_secured__"
  val MarkerQualifier: Seq[String] = Seq("\u0000leafguard")
  val DecisionTag: TreeNodeTag[LeafDecision] = TreeNodeTag[LeafDecision]("leafguard.decision")

  def isMarker(p: LogicalPlan): Boolean = p match {
    case SubqueryAlias(AliasIdentifier(MarkerName, MarkerQualifier), _) => true
    case _ => false
  }

  def read(p: LogicalPlan): Option[Read] = p match {
    case LogicalRelation(_, _, Some(t), _) => Some(TableRead(Leafguard.tableName(t), () => Leafguard.catalogTableFacts(t)))
    case h: HiveTableRelation => Some(TableRead(Leafguard.tableName(h.tableMeta), () => Leafguard.catalogTableFacts(h.tableMeta)))
    case r: DataSourceV2Relation if r.identifier.isDefined =>
      val cat = r.catalog.map(_.name()).getOrElse("")
      val parts = (if (cat == "spark_catalog" || cat.isEmpty) Nil else Seq(cat)) ++ (r.identifier.get.namespace().toSeq :+ r.identifier.get.name())
      val name = parts.mkString(".")
      Some(TableRead(name, () => Leafguard.tableFacts(name, r.table.schema(), "managed", None,
        Option(r.table.properties().get("location")), Option(r.table.properties().get("owner")), r.table.properties().asScala.toMap)))
    case LogicalRelation(fs: HadoopFsRelation, _, None, _) =>
      Some(PathRead(fs.fileFormat.toString.toLowerCase, fs.location.rootPaths.map(_.toString)))
    case _ => None
  }

  /** Reads not yet under a marker, through children (subquery plans are analysed on their own). */
  def unsecured(p: LogicalPlan): Seq[LogicalPlan] =
    if (isMarker(p)) Nil else if (read(p).isDefined) Seq(p) else p.children.flatMap(unsecured)
}

/**
 * The resolution rule: each leaf that reads a catalog table becomes
 * `marker ← Project(masks) ← Filter(row filter) ← leaf`, with the filter and masks that
 * `secureRelation` returns parsed by Spark's own parser and resolved against that leaf.
 *
 * Masked columns get new expression ids: the old ids stand for raw values, and Spark's constraint
 * propagation would otherwise carry facts about raw values (`ssn IS NOT NULL`) above the mask. The
 * parents that already refer to the old ids (a v2 relation is resolved in the same pass as its
 * parents) are rewritten by `transformUpWithNewOutput`.
 */
final class SecureLeaves(session: SparkSession) extends Rule[LogicalPlan] {
  private lazy val lg = Leafguard.get(session.sparkContext.getConf)

  override def apply(plan: LogicalPlan): LogicalPlan = {
    if (Reads.unsecured(plan).isEmpty) return plan
    val identity = lg.identity()
    plan.transformUpWithNewOutput({
      case leaf if Reads.read(leaf).isDefined && leaf.resolved => secure(leaf, Reads.read(leaf).get, identity)
    }, skipCond = Reads.isMarker, canGetOutput = _.resolved)
  }

  private def secure(leaf: LogicalPlan, read: Read, identity: com.fasterxml.jackson.databind.node.ObjectNode)
      : (LogicalPlan, Seq[(Attribute, Attribute)]) = read match {
    case PathRead(format, paths) =>
      // Files read by path: the engine decides as it does for `format.`path`` in SQL.
      paths.foreach { path =>
        val d = lg.rewrite(s"SELECT * FROM $format.`${path.replace("`", "``")}`", identity)
        Audit.statement(identity, "PathRead", Seq(path), d)
        if (!d.allow) throw Denials.denied(d.reasons.mkString("; "))
      }
      val marked = SubqueryAlias(AliasIdentifier(Reads.MarkerName, Reads.MarkerQualifier), leaf)
      marked -> Nil
    case TableRead(name, facts) =>
      lg.noteTable(name, facts())
      val d = lg.secureRelation(name, identity)
      if (!d.allow) {
        Audit.denied(identity, Seq(name), d.reasons)
        throw Denials.denied(d.reasons.mkString("; "))
      }
      val t0 = System.nanoTime()
      val wrapped = try wrap(leaf, d) catch {
        case e: Exception =>
          val reason = s"the filter or a mask of $name does not resolve in Spark (${e.getMessage.split('\n').head}); the read is denied"
          Audit.denied(identity, Seq(name), Seq(reason))
          throw Denials.denied(reason)
      }
      Timings.resolve.add(System.nanoTime() - t0)
      wrapped.setTagValue(Reads.DecisionTag, d)
      wrapped -> leaf.output.zip(wrapped.output).filter { case (a, b) => a.exprId != b.exprId }
  }

  private def wrap(leaf: LogicalPlan, d: LeafDecision): LogicalPlan = {
    val marker = AliasIdentifier(Reads.MarkerName, Reads.MarkerQualifier)
    if (d.filter.isEmpty && d.masks.isEmpty) return SubqueryAlias(marker, leaf)
    val parser = session.sessionState.sqlParser
    val masks = d.masks.map { case (c, e) => c.toLowerCase -> parser.parseExpression(e) }
    val filtered = d.filter.map(f => Filter(parser.parseExpression(f), leaf)).getOrElse(leaf)
    val projectList: Seq[NamedExpression] = leaf.output.map { a =>
      masks.get(a.name.toLowerCase) match {
        case Some(e) => Alias(e, a.name)(explicitMetadata = Some(a.metadata))
        case None => a
      }
    }
    val unknown = masks.keySet -- leaf.output.map(_.name.toLowerCase)
    if (unknown.nonEmpty) throw new IllegalStateException(s"masks name columns the relation lacks: ${unknown.mkString(", ")}")
    val body = if (masks.isEmpty) filtered else Project(projectList, filtered)
    // The marker is in place before this nested analysis, so this rule leaves the leaf alone.
    val analyzed = session.sessionState.analyzer.execute(SubqueryAlias(marker, body))
    if (!analyzed.resolved) throw new IllegalStateException(s"unresolved: ${analyzed.simpleString(200)}")
    analyzed.foreach {
      case f: Filter if f.condition.dataType != BooleanType => throw new IllegalStateException(s"the row filter is ${f.condition.dataType.simpleString}, not boolean")
      case _ =>
    }
    analyzed
  }
}
