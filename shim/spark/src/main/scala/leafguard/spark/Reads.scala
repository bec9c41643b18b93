package leafguard.spark

import scala.collection.JavaConverters._

import org.apache.spark.sql.catalyst.AliasIdentifier
import org.apache.spark.sql.catalyst.catalog.HiveTableRelation
import org.apache.spark.sql.catalyst.plans.logical.{Filter, LogicalPlan, Project, SubqueryAlias, View}
import org.apache.spark.sql.catalyst.trees.TreeNodeTag
import org.apache.spark.sql.execution.datasources.{HadoopFsRelation, LogicalRelation}
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation

/** A read of a catalog table, or of files by path, as the rule sees it. */
sealed trait Read
final case class TableRead(name: String, facts: () => String) extends Read
final case class ViewRead(name: String, facts: () => String) extends Read
final case class PathRead(format: String, paths: Seq[String]) extends Read

object Reads {
  /** The marker: `SubqueryAlias` is dropped by the optimizer's first batch, and a qualifier that holds a NUL
   * cannot come from a SQL alias, a DataFrame alias or a table name, so a user cannot forge it. */
  val MarkerName = "__leafguard_secured__"
  val MarkerQualifier: Seq[String] = Seq("\u0000leafguard")
  /** A read that `secureRelation` denied, kept until the post-hoc rule knows which columns the query uses. */
  val PendingName = "__leafguard_pending__"
  val DecisionTag: TreeNodeTag[LeafDecision] = TreeNodeTag[LeafDecision]("leafguard.decision")

  def isMarker(p: LogicalPlan): Boolean = p match {
    case SubqueryAlias(AliasIdentifier(MarkerName, MarkerQualifier), _) => true
    case _ => false
  }

  def isPending(p: LogicalPlan): Boolean = p match {
    case SubqueryAlias(AliasIdentifier(PendingName, MarkerQualifier), _) => true
    case _ => false
  }

  def pending(read: LogicalPlan, reasons: Seq[String]): LogicalPlan = {
    val p = SubqueryAlias(AliasIdentifier(PendingName, MarkerQualifier), read)
    p.setTagValue(PendingTag, reasons)
    p
  }
  val PendingTag: TreeNodeTag[Seq[String]] = TreeNodeTag[Seq[String]]("leafguard.pending")

  def read(p: LogicalPlan): Option[Read] = p match {
    case LogicalRelation(_, _, Some(t), _) => Some(TableRead(Leafguard.tableName(t), () => Leafguard.catalogTableFacts(t)))
    case h: HiveTableRelation => Some(TableRead(Leafguard.tableName(h.tableMeta), () => Leafguard.catalogTableFacts(h.tableMeta)))
    case r: DataSourceV2Relation if r.identifier.isDefined =>
      val cat = r.catalog.map(_.name()).getOrElse("")
      val parts = (if (cat == "spark_catalog" || cat.isEmpty) Nil else Seq(cat)) ++ (r.identifier.get.namespace().toSeq :+ r.identifier.get.name())
      val name = parts.mkString(".")
      Some(TableRead(name, () => Leafguard.tableFacts(name, r.table.schema(), "managed", None,
        Option(r.table.properties().get("location")), Option(r.table.properties().get("owner")), r.table.properties().asScala.toMap)))
    case v: View if !v.isTempView && v.desc.viewText.isDefined =>
      Some(ViewRead(Leafguard.tableName(v.desc), () => Leafguard.viewFacts(v.desc)))
    case LogicalRelation(fs: HadoopFsRelation, _, None, _) =>
      Some(PathRead(fs.fileFormat.toString.toLowerCase, fs.location.rootPaths.map(_.toString)))
    case _ => None
  }

  /** Reads not yet under a marker, through children (subquery plans are analysed on their own). */
  def unsecured(p: LogicalPlan): Seq[LogicalPlan] =
    if (isMarker(p) || isPending(p)) Nil else if (read(p).isDefined) p +: p.children.flatMap(unsecured) else p.children.flatMap(unsecured)

  /** The read a marker wraps: below it, only the mask Project and the row Filter. */
  def wrapped(marker: LogicalPlan): Option[LogicalPlan] = {
    var p = marker.children.head
    while (read(p).isEmpty && (p.isInstanceOf[Project] || p.isInstanceOf[Filter])) p = p.children.head
    if (read(p).isDefined) Some(p) else None
  }
}
