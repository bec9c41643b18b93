package leafguard.spark

import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry
import org.apache.spark.sql.catalyst.expressions.{PythonUDF, ScalaUDF}
import org.apache.spark.sql.SaveMode
import org.apache.spark.sql.catalyst.catalog.CatalogTable
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan
import org.apache.spark.sql.execution.command.CreateDataSourceTableAsSelectCommand
import org.apache.spark.sql.execution.datasources.{InsertIntoDataSourceCommand, InsertIntoHadoopFsRelationCommand}
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
    var pending = List.empty[String]
    var reads = 0
    var fresh = false
    def visit(p: LogicalPlan): Unit = {
      if (Reads.isMarker(p)) {
        reads += 1
        p.getTagValue(Reads.DecisionTag).foreach(decisions += _)
        // A DataFrame's analysed plan inside a new one (show, count, a further filter) was audited already.
        if (p.getTagValue(CheckSecured.AuditedTag).isEmpty) { fresh = true; p.setTagValue(CheckSecured.AuditedTag, true) }
        // A view's body has reads of its own; a leaf has no children.
        Reads.wrapped(p).foreach(_.children.foreach(visit))
      } else if (Reads.isPending(p)) {
        // Left by the post-hoc rule only if it did not run: the read stays denied.
        pending ::= p.getTagValue(Reads.PendingTag).map(_.mkString("; ")).getOrElse("the read is denied")
      } else {
        Reads.read(p).foreach {
          case TableRead(name, _) => bare ::= name
          case ViewRead(name, _) => bare ::= name
          case PathRead(_, paths) => bare ::= paths.mkString(",")
        }
        p.children.foreach(visit)
        // A CTAS or an INSERT … SELECT run as a command holds its (secured) query outside its children.
        p.innerChildren.foreach { case q: LogicalPlan => visit(q); case _ => }
      }
      p.subqueries.foreach(visit)
    }
    visit(plan)
    pending.headOption.foreach(reason => throw Denials.denied(reason))
    if (bare.nonEmpty) {
      val reason = s"a read of ${bare.reverse.distinct.mkString(", ")} was not secured by the extension (plan shape not handled); the query is denied"
      Audit.denied(lg.identity(), bare.reverse.distinct, Seq(reason))
      throw Denials.denied(reason)
    }
    checkFunctions(plan)
    checkWrites(plan)
    if (fresh) Audit.allowed(lg.identity(), plan, decisions.result())
  }

  /**
   * Writes built without SQL text (`df.write.saveAsTable`, `insertInto`) never pass the parser, so
   * their target is put to the engine as the statement it would have seen: a CTAS or an INSERT of
   * typed NULLs into the target. (SQL writes were decided on their text already; deciding them again
   * gives the same answer.)
   */
  private def checkWrites(plan: LogicalPlan): Unit = {
    def quoted(t: CatalogTable): String = (t.identifier.database.toSeq :+ t.identifier.table).map(p => "`" + p.replace("`", "``") + "`").mkString(".")
    def insert(t: CatalogTable, overwrite: Boolean): String = {
      lg.noteTable(Leafguard.tableName(t), Leafguard.catalogTableFacts(t))
      val values = t.schema.fields.map(f => s"CAST(NULL AS ${f.dataType.sql}) AS `${f.name.replace("`", "``")}`").mkString(", ")
      s"INSERT ${if (overwrite) "OVERWRITE TABLE" else "INTO"} ${quoted(t)} SELECT $values"
    }
    val statements = plan.collect {
      case c: CreateDataSourceTableAsSelectCommand => s"CREATE TABLE ${quoted(c.table)} USING parquet AS SELECT 1 AS c"
      case c: InsertIntoHadoopFsRelationCommand if c.catalogTable.isDefined => insert(c.catalogTable.get, c.mode == SaveMode.Overwrite)
      case c: InsertIntoDataSourceCommand if c.logicalRelation.catalogTable.isDefined => insert(c.logicalRelation.catalogTable.get, c.overwrite)
    }
    if (statements.isEmpty) return
    val identity = lg.identity()
    statements.foreach { sql =>
      val d = lg.rewrite(sql, identity)
      if (!d.allow) {
        Audit.statement(identity, "Write", Nil, d)
        throw Denials.denied(d.reasons.mkString("; "))
      }
    }
  }

  /** Blocked functions (`reflect`, `java_method` by default), by any of their names, in any position. */
  private def checkFunctions(plan: LogicalPlan): Unit = {
    val names = Set.newBuilder[String]
    def visit(p: LogicalPlan): Unit = {
      p.expressions.foreach(_.foreach { e =>
        e match {
          case u: ScalaUDF => u.udfName.foreach(names += _)
          case u: PythonUDF => names += u.name
          case _ =>
        }
        CheckSecured.functionNames.getOrElse(e.getClass.getName, Nil).foreach(names += _)
      })
      p.children.foreach(visit)
      p.subqueries.foreach(visit)
    }
    visit(plan)
    val found = names.result()
    if (found.isEmpty) return
    val patterns = lg.blockedFunctions()
    val blocked = found.toSeq.sorted.find(n => patterns.exists(_.matcher(n).find()))
    blocked.foreach { name =>
      val identity = lg.identity()
      if (!lg.privileged(identity)) {
        val reason = s"function $name is blocked by the settings"
        Audit.denied(identity, Nil, Seq(reason))
        throw Denials.denied(reason)
      }
    }
  }
}

object CheckSecured {
  val AuditedTag: org.apache.spark.sql.catalyst.trees.TreeNodeTag[Boolean] =
    org.apache.spark.sql.catalyst.trees.TreeNodeTag[Boolean]("leafguard.audited")

  /** Built-in expression classes by name: `reflect` and `java_method` are both CallMethodViaReflection. */
  lazy val functionNames: Map[String, Seq[String]] = {
    val reg = FunctionRegistry.builtin
    reg.listFunction().flatMap(id => reg.lookupFunction(id).map(info => info.getClassName -> id.funcName))
      .groupBy(_._1).map { case (k, v) => k -> v.map(_._2) }
  }
}
