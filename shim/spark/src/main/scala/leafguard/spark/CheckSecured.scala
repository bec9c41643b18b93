package leafguard.spark

import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan
import org.apache.spark.sql.leafguard.Denials

/**
 * The check rule, after analysis: every read of a catalog table or of files, in any position
 * (subqueries included), must sit under the marker the resolution rule puts there; one that does
 * not fails the query (fail closed: a plan shape the rule missed is denied, not passed through).
 * Then it writes the statement's audit line.
 */
final class CheckSecured(session: SparkSession) extends (LogicalPlan => Unit) {
  private lazy val lg = Leafguard.get(session.sparkContext.getConf)

  override def apply(plan: LogicalPlan): Unit = {
    val decisions = Seq.newBuilder[LeafDecision]
    var bare = List.empty[String]
    var reads = 0
    def visit(p: LogicalPlan): Unit = {
      if (Reads.isMarker(p)) {
        reads += 1
        p.getTagValue(Reads.DecisionTag).foreach(decisions += _)
        // A view's body has reads of its own; a leaf has no children.
        Reads.wrapped(p).foreach(_.children.foreach(visit))
      } else {
        Reads.read(p).foreach {
          case TableRead(name, _) => bare ::= name
          case ViewRead(name, _) => bare ::= name
          case PathRead(_, paths) => bare ::= paths.mkString(",")
        }
        p.children.foreach(visit)
      }
      p.subqueries.foreach(visit)
    }
    visit(plan)
    if (bare.nonEmpty) {
      val reason = s"a read of ${bare.reverse.distinct.mkString(", ")} was not secured by the extension (plan shape not handled); the query is denied"
      Audit.denied(lg.identity(), bare.reverse.distinct, Seq(reason))
      throw Denials.denied(reason)
    }
    if (reads > 0) Audit.allowed(lg.identity(), plan, decisions.result())
  }
}
