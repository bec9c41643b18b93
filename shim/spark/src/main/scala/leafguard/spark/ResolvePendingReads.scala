package leafguard.spark

import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.catalyst.expressions.{ExprId, OuterReference}
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan
import org.apache.spark.sql.catalyst.rules.Rule
import org.apache.spark.sql.leafguard.Denials

/**
 * The post-hoc resolution rule: a read that `secureRelation` denied is decided again now that the plan
 * is resolved, with the columns the query uses (they are referenced above the read, or are the
 * plan's output). Allowed, it is secured like any read and the references above it are rewritten
 * to the masked columns; denied, the query fails with the engine's reason for those columns.
 */
final class ResolvePendingReads(session: SparkSession) extends Rule[LogicalPlan] {
  private lazy val lg = Leafguard.get(session.sparkContext.getConf)
  private lazy val leaves = new SecureLeaves(session)

  override def apply(plan: LogicalPlan): LogicalPlan = {
    if (!plan.exists(Reads.isPending)) return plan
    val used = scala.collection.mutable.Set[ExprId]() ++ plan.output.map(_.exprId)
    def visit(p: LogicalPlan): Unit = if (!Reads.isPending(p) && !Reads.isMarker(p)) {
      p.references.foreach(a => used += a.exprId)
      p.subqueries.foreach { s => s.foreach(n => n.expressions.foreach(_.foreach {
        case o: OuterReference => used += o.e.exprId
        case _ =>
      })) }
      p.children.foreach(visit)
    }
    visit(plan)
    val identity = lg.identity()
    plan.transformUpWithNewOutput({
      case p if Reads.isPending(p) =>
        val read = p.children.head
        // `secureColumns` reports the view's own scan for a view, the table's for a table.
        val name = Reads.read(read) match {
          case Some(TableRead(n, _)) => n
          case Some(ViewRead(n, _)) => n
          case _ => throw Denials.denied(p.getTagValue(Reads.PendingTag).map(_.mkString("; ")).getOrElse("the read is denied"))
        }
        val columns = read.output.filter(a => used.contains(a.exprId)).map(_.name)
        val d = lg.secureColumns(name, columns, identity)
        if (!d.allow) {
          Audit.denied(identity, Seq(name), d.reasons)
          throw Denials.denied(d.reasons.mkString("; "))
        }
        leaves.secured(read, name, identity, d)
    }, skipCond = Reads.isMarker, canGetOutput = _.resolved)
  }
}
