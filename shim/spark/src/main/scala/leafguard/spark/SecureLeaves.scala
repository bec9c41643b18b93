package leafguard.spark

import scala.collection.JavaConverters._

import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.catalyst.AliasIdentifier
import org.apache.spark.sql.catalyst.catalog.HiveTableRelation
import org.apache.spark.sql.catalyst.FunctionIdentifier
import org.apache.spark.sql.catalyst.analysis.{FunctionRegistry, UnresolvedFunction}
import org.apache.spark.sql.catalyst.expressions.{Alias, Attribute, AttributeMap, AttributeReference, ExprId, Expression, NamedExpression, OuterReference, Unevaluable}
import org.apache.spark.sql.catalyst.plans.logical.{Filter, LogicalPlan, Project, SubqueryAlias, View}
import org.apache.spark.sql.catalyst.rules.Rule
import org.apache.spark.sql.catalyst.trees.TreeNodeTag
import org.apache.spark.sql.execution.datasources.{HadoopFsRelation, LogicalRelation}
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation
import org.apache.spark.sql.leafguard.Denials
import org.apache.spark.sql.types.{BooleanType, DataType}

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
    }, skipCond = p => Reads.isMarker(p) || Reads.isPending(p), canGetOutput = _.resolved)
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
    case TableRead(name, facts) => secureWith(leaf, name, identity, { lg.noteTable(name, facts()); lg.secureRelation(name, identity) })
    case ViewRead(name, facts) => secureWith(leaf, name, identity, { lg.noteTable(name, facts()); lg.secureView(name, identity) })
  }

  private def secureWith(leaf: LogicalPlan, name: String, identity: com.fasterxml.jackson.databind.node.ObjectNode,
      decide: => LeafDecision): (LogicalPlan, Seq[(Attribute, Attribute)]) = {
    val d = decide
    // A denial may come from column grants on columns the query does not use: decided again after
    // resolution, with the columns it uses (ResolvePendingReads).
    if (!d.allow) return Reads.pending(leaf, d.reasons) -> Nil
    secured(leaf, name, identity, d)
  }

  /** `leaf` wrapped in the filter and masks of an allowing decision, and the new attributes of its masked columns. */
  def secured(leaf: LogicalPlan, name: String, identity: com.fasterxml.jackson.databind.node.ObjectNode,
      d: LeafDecision): (LogicalPlan, Seq[(Attribute, Attribute)]) = {
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
    val conf = session.sessionState.conf
    val key = Templates.Key(d.table, leaf.output.map(a => (a.name, a.dataType)), d.filter, d.masks, (conf.ansiEnabled, conf.caseSensitiveAnalysis))
    val template = Templates.get(key).getOrElse {
      val t = resolveTemplate(leaf, d, marker)
      Templates.put(key, t)
      t
    }
    template.bind(leaf, marker)
  }

  /** Parses the engine's filter and masks and resolves them against this leaf, with every function
   * call bound to Spark's built-in registry only: a session's temporary functions and UDFs could
   * otherwise stand in for `concat` or `sha2` and return raw values. Calls become `BuiltinCall`
   * placeholders, the analyzer resolves their arguments, the built-ins are bound to the resolved
   * arguments (some builders require them), and a second analyzer run does the type coercion. */
  private def resolveTemplate(leaf: LogicalPlan, d: LeafDecision, marker: AliasIdentifier): Template = {
    val parser = session.sessionState.sqlParser
    def parse(text: String): Expression = Builtins.placeholders(parser.parseExpression(text))
    val masks = d.masks.map { case (c, e) => c.toLowerCase -> parse(e) }
    val unknown = masks.keySet -- leaf.output.map(_.name.toLowerCase)
    if (unknown.nonEmpty) throw new IllegalStateException(s"masks name columns the relation lacks: ${unknown.mkString(", ")}")
    val filtered = d.filter.map(f => Filter(parse(f), leaf)).getOrElse(leaf)
    val projectList: Seq[NamedExpression] = leaf.output.map { a =>
      masks.get(a.name.toLowerCase) match {
        case Some(e) => Alias(e, a.name)(explicitMetadata = Some(a.metadata))
        case None => a
      }
    }
    val body = if (masks.isEmpty) filtered else Project(projectList, filtered)
    // The marker is in place before these nested analyses, so this rule leaves the leaf alone.
    val withArguments = session.sessionState.analyzer.execute(SubqueryAlias(marker, body))
    val bound = withArguments.transformUp { case n => n.transformExpressionsUp { case b: BuiltinCall => Builtins.bind(b) } }
    val analyzed = session.sessionState.analyzer.execute(bound)
    if (!analyzed.resolved) throw new IllegalStateException(s"unresolved: ${analyzed.simpleString(200)}")
    val (projections, condition) = analyzed match {
      case SubqueryAlias(_, Project(pl, Filter(c, `leaf`))) => (Some(pl), Some(c))
      case SubqueryAlias(_, Project(pl, `leaf`)) => (Some(pl), None)
      case SubqueryAlias(_, Filter(c, `leaf`)) => (None, Some(c))
      case other => throw new IllegalStateException(s"unexpected shape after analysis: ${other.simpleString(200)}")
    }
    condition.foreach { c =>
      if (c.dataType != BooleanType) throw new IllegalStateException(s"the row filter is ${c.dataType.simpleString}, not boolean")
    }
    Template(leaf.output, condition, projections.map(_.map {
      case a: Alias => Some(a.child)
      case _ => None
    }))
  }
}

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
  /** `conf`: the settings resolution depends on (ANSI casts, case sensitivity). */
  final case class Key(table: String, schema: Seq[(String, DataType)], filter: Option[String], masks: Map[String, String], conf: (Boolean, Boolean))
  private val MaxEntries = 512
  private val cache = new java.util.LinkedHashMap[Key, Template](64, 0.75f, true) {
    override def removeEldestEntry(e: java.util.Map.Entry[Key, Template]): Boolean = size() > MaxEntries
  }
  def get(k: Key): Option[Template] = cache.synchronized(Option(cache.get(k)))
  def put(k: Key, t: Template): Unit = cache.synchronized(cache.put(k, t))
}

/** A call of a built-in function whose arguments are not resolved yet; never evaluated, never left in a plan. */
final case class BuiltinCall(name: String, children: Seq[Expression]) extends Expression with Unevaluable {
  override lazy val resolved: Boolean = false
  override def dataType: DataType = throw new IllegalStateException(s"$name is not bound yet")
  override def nullable: Boolean = true
  override protected def withNewChildrenInternal(newChildren: IndexedSeq[Expression]): BuiltinCall = copy(children = newChildren)
}

object Builtins {
  /** Every function call as a placeholder for Spark's built-in function of that name, never a session's. */
  def placeholders(e: Expression): Expression = e.transformUp {
    case u: UnresolvedFunction =>
      if (u.nameParts.length != 1 || u.isDistinct || u.filter.isDefined || u.ignoreNulls) {
        throw new IllegalStateException(s"${u.sql} is not a plain call of a built-in function")
      }
      val name = u.nameParts.head.toLowerCase
      if (!FunctionRegistry.builtin.functionExists(FunctionIdentifier(name))) throw new IllegalStateException(s"$name is not a built-in function")
      BuiltinCall(name, u.arguments)
  }

  def bind(b: BuiltinCall): Expression = {
    if (!b.children.forall(_.resolved)) throw new IllegalStateException(s"the arguments of ${b.name} do not resolve: ${b.children.mkString(", ")}")
    FunctionRegistry.builtin.lookupFunction(FunctionIdentifier(b.name), b.children)
  }
}
