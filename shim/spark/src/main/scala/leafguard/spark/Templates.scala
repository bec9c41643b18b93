package leafguard.spark

import org.apache.spark.sql.catalyst.AliasIdentifier
import org.apache.spark.sql.catalyst.expressions.{Alias, Attribute, AttributeMap, AttributeReference, Expression}
import org.apache.spark.sql.catalyst.plans.logical.{Filter, LogicalPlan, Project, SubqueryAlias}
import org.apache.spark.sql.types.DataType

/** Filter and masks resolved once against a leaf of a table, rebound by position to the next leaf of the
 * same table and schema: a query pays for the analyzer once per table and directive text, not per leaf. */
final case class Template(attrs: Seq[Attribute], filter: Option[Expression], masks: Option[Seq[Option[Expression]]]) {
  def bind(leaf: LogicalPlan, marker: AliasIdentifier): LogicalPlan = {
    val to = AttributeMap(attrs.zip(leaf.output))
    def rebind(e: Expression): Expression = e.transform { case a: AttributeReference if to.contains(a) => to(a) }
    val filtered = filter.map(c => Filter(rebind(c), leaf)).getOrElse(leaf)
    val body = masks match {
      case None => filtered
      case Some(ms) => Project(leaf.output.zip(ms).map {
        case (a, Some(e)) => Alias(rebind(e), a.name)(explicitMetadata = Some(a.metadata))
        case (a, None) => a
      }, filtered)
    }
    SubqueryAlias(marker, body)
  }
}

object Templates {
  /** `conf`: the settings resolution depends on (ANSI casts, case sensitivity, the time zone of casts). */
  final case class Key(table: String, schema: Seq[(String, DataType)], filter: Option[String], masks: Map[String, String], conf: (Boolean, Boolean, String))
  private val MaxEntries = 512
  private val cache = new java.util.LinkedHashMap[Key, Template](64, 0.75f, true) {
    override def removeEldestEntry(e: java.util.Map.Entry[Key, Template]): Boolean = size() > MaxEntries
  }
  def get(k: Key): Option[Template] = cache.synchronized(Option(cache.get(k)))
  def put(k: Key, t: Template): Unit = cache.synchronized(cache.put(k, t))
}
