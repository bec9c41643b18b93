package leafguard.spark

import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.catalyst.{FunctionIdentifier, TableIdentifier}
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation
import org.apache.spark.sql.catalyst.expressions.Expression
import org.apache.spark.sql.catalyst.parser.ParserInterface
import org.apache.spark.sql.catalyst.catalog.CatalogTableType
import org.apache.spark.sql.catalyst.plans.logical.{Command, InsertIntoStatement, LogicalPlan, ParsedStatement, ScriptTransformation}
import org.apache.spark.sql.leafguard.Denials
import org.apache.spark.sql.types.{DataType, StructType}

/**
 * Statement-level decisions. Spark parses the text; every statement that is not a plain query
 * (INSERT, CTAS, DDL, SET, ADD JAR, SHOW, DESCRIBE, …) and every query that the engine decides by its
 * text (`TRANSFORM … USING`, a file read by path) goes to the engine's `rewrite`, and a denial fails
 * the statement. Plain queries cost nothing here: their reads are secured by the resolution rule.
 */
final class LeafguardParser(session: SparkSession, delegate: ParserInterface) extends ParserInterface {
  private lazy val lg = Leafguard.get(session.sparkContext.getConf)

  /** File formats Spark reads by path as `format.`path``. */
  private val fileFormats = Set("parquet", "orc", "json", "csv", "text", "avro", "binaryfile", "delta")

  private def pathRead(u: UnresolvedRelation): Boolean =
    u.multipartIdentifier.length == 2 && fileFormats.contains(u.multipartIdentifier.head.toLowerCase)

  private def decidedByStatement(plan: LogicalPlan): Boolean = plan match {
    case _: Command | _: ParsedStatement | _: InsertIntoStatement => true
    case _ => plan.exists {
      case _: ScriptTransformation => true
      case u: UnresolvedRelation => pathRead(u)
      case _ => false
    }
  }

  /** The tables a statement names, targets included (an INSERT's table is not a child of the plan). */
  private def named(plan: LogicalPlan): Seq[UnresolvedRelation] = {
    val found = Seq.newBuilder[UnresolvedRelation]
    def visit(p: LogicalPlan): Unit = {
      p match {
        case u: UnresolvedRelation => found += u
        case i: InsertIntoStatement => visit(i.table)
        case _ =>
      }
      p.children.foreach(visit)
      p.subqueries.foreach(visit)
    }
    visit(plan)
    found.result()
  }

  override def parsePlan(sqlText: String): LogicalPlan = {
    val plan = delegate.parsePlan(sqlText)
    if (decidedByStatement(plan)) {
      // The engine analyses the statement: give it the facts of the tables it names.
      named(plan).foreach { u =>
        val parts = u.multipartIdentifier
        if (parts.length <= 2 && !pathRead(u)) {
          val id = TableIdentifier(parts.last, parts.init.headOption)
          if (session.sessionState.catalog.tableExists(id)) {
            val t = session.sessionState.catalog.getTableMetadata(id)
            if (t.tableType == CatalogTableType.VIEW) lg.noteTable(Leafguard.tableName(t), Leafguard.viewFacts(t))
            else lg.noteTable(Leafguard.tableName(t), Leafguard.catalogTableFacts(t))
          }
        }
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
