package leafguard.spark

import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.catalyst.{FunctionIdentifier, TableIdentifier}
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation
import org.apache.spark.sql.catalyst.expressions.Expression
import org.apache.spark.sql.catalyst.parser.ParserInterface
import org.apache.spark.sql.catalyst.plans.logical.{CreateFunction, LogicalPlan, ScriptTransformation}
import org.apache.spark.sql.execution.command.{AddArchivesCommand, AddFilesCommand, AddJarsCommand, CreateFunctionCommand, SetCommand}
import org.apache.spark.sql.leafguard.Denials
import org.apache.spark.sql.types.{DataType, StructType}

/**
 * Statement-level decisions: Spark parses the text; a statement of a kind the engine may deny by
 * itself (ADD JAR/FILE/ARCHIVE, `TRANSFORM … USING`, SET of a key, CREATE FUNCTION … USING) goes
 * to the engine's `rewrite` for its decision, and a denial fails the statement. Other statements
 * cost nothing here; their reads are secured by the resolution rule.
 */
final class LeafguardParser(session: SparkSession, delegate: ParserInterface) extends ParserInterface {
  private lazy val lg = Leafguard.get(session.sparkContext.getConf)

  private def decidedByStatement(plan: LogicalPlan): Boolean = plan.exists {
    case _: AddJarsCommand | _: AddFilesCommand | _: AddArchivesCommand | _: ScriptTransformation => true
    case SetCommand(Some((_, Some(_)))) => true
    case c: CreateFunction => c.resources.nonEmpty
    case c: CreateFunctionCommand => c.resources.nonEmpty
    case _ => false
  }

  override def parsePlan(sqlText: String): LogicalPlan = {
    val plan = delegate.parsePlan(sqlText)
    if (decidedByStatement(plan)) {
      // The engine analyses the statement: give it the facts of the tables it names.
      plan.foreach {
        case u: UnresolvedRelation if u.multipartIdentifier.length <= 2 =>
          val id = TableIdentifier(u.multipartIdentifier.last, u.multipartIdentifier.init.headOption)
          if (session.sessionState.catalog.tableExists(id)) {
            val t = session.sessionState.catalog.getTableMetadata(id)
            lg.noteTable(Leafguard.tableName(t), Leafguard.catalogTableFacts(t))
          }
        case _ =>
      }
      val identity = lg.identity()
      val d = lg.rewrite(sqlText, identity)
      Audit.statement(identity, plan.nodeName, Nil, d)
      if (!d.allow) throw Denials.denied(d.reasons.mkString("; "))
    }
    plan
  }

  override def parseExpression(sqlText: String): Expression = delegate.parseExpression(sqlText)
  override def parseTableIdentifier(sqlText: String): TableIdentifier = delegate.parseTableIdentifier(sqlText)
  override def parseFunctionIdentifier(sqlText: String): FunctionIdentifier = delegate.parseFunctionIdentifier(sqlText)
  override def parseMultipartIdentifier(sqlText: String): Seq[String] = delegate.parseMultipartIdentifier(sqlText)
  override def parseQuery(sqlText: String): LogicalPlan = delegate.parseQuery(sqlText)
  override def parseTableSchema(sqlText: String): StructType = delegate.parseTableSchema(sqlText)
  override def parseDataType(sqlText: String): DataType = delegate.parseDataType(sqlText)
}
