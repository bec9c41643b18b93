package leafguard.spark

import org.apache.spark.sql.catalyst.FunctionIdentifier
import org.apache.spark.sql.catalyst.analysis.{FunctionRegistry, UnresolvedFunction}
import org.apache.spark.sql.catalyst.expressions.{Expression, Unevaluable}
import org.apache.spark.sql.types.DataType

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
