package leafguard.spark

import org.apache.spark.sql.SparkSessionExtensions

/**
 * `spark.sql.extensions=leafguard.spark.LeafguardSparkExtension`: row filters and column masks at
 * every leaf that reads a catalog table (resolution rule), a check that every such read is secured
 * (check rule), and the engine's statement-level denials (parser).
 */
class LeafguardSparkExtension extends (SparkSessionExtensions => Unit) {
  override def apply(ext: SparkSessionExtensions): Unit = {
    ext.injectParser((session, delegate) => new LeafguardParser(session, delegate))
    ext.injectResolutionRule(session => new SecureLeaves(session))
    ext.injectCheckRule(session => new CheckSecured(session))
  }
}
