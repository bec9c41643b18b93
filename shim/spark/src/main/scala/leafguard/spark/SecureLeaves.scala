package leafguard.spark

import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.catalyst.AliasIdentifier
import org.apache.spark.sql.catalyst.expressions.{Alias, Attribute, Expression, NamedExpression}
import org.apache.spark.sql.catalyst.plans.logical.{Filter, LogicalPlan, Project, SubqueryAlias}
import org.apache.spark.sql.catalyst.rules.Rule
import org.apache.spark.sql.leafguard.Denials
import org.apache.spark.sql.types.BooleanType

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
    val key = Templates.Key(d.table, leaf.output.map(a => (a.name, a.dataType)), d.filter, d.masks, (conf.ansiEnabled, conf.caseSensitiveAnalysis, conf.sessionLocalTimeZone))
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
   * placeholders, the analyzer resolves their arguments, and each built-in is bound once its
   * arguments are resolved (some builders require them), innermost first, with an analyzer run
   * after each round for the type coercion. */
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
    // Bound from the inside out: a call is bound once its arguments are resolved, and an analyzer run
    // then coerces the types of what was bound (md5 of a string needs a cast before substring of it binds).
    val analyzer = session.sessionState.analyzer
    var analyzed = analyzer.execute(SubqueryAlias(marker, body))
    def placeholders(p: LogicalPlan): Boolean = p.exists(_.expressions.exists(_.exists(_.isInstanceOf[BuiltinCall])))
    while (placeholders(analyzed)) {
      val bound = analyzed.transformUp { case n => n.transformExpressionsUp { case b: BuiltinCall if b.children.forall(_.resolved) => Builtins.bind(b) } }
      if (bound.fastEquals(analyzed)) throw new IllegalStateException(s"the arguments of a function do not resolve: ${analyzed.simpleString(200)}")
      analyzed = analyzer.execute(bound)
    }
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
