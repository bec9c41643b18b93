package leafguard.spark

import org.apache.spark.SparkContext
import org.apache.spark.sql.SparkSessionExtensions
import org.slf4j.LoggerFactory

/**
 * `spark.sql.extensions=leafguard.spark.LeafguardSparkExtension`: row filters and column masks at
 * every leaf that reads a catalog table (resolution rule), a check that every such read is secured
 * (check rule), and the engine's statement-level denials (parser).
 */
class LeafguardSparkExtension extends (SparkSessionExtensions => Unit) {
  override def apply(ext: SparkSessionExtensions): Unit = {
    ext.injectParser((session, delegate) => new LeafguardParser(session, delegate))
    ext.injectResolutionRule(session => new SecureLeaves(session))
    ext.injectPostHocResolutionRule(session => new ResolvePendingReads(session))
    ext.injectCheckRule(session => new CheckSecured(session))
    warmUp()
  }

  /** Loads the bundle on a background thread when the session is made, so the first query finds a
   * context ready (loading it in GraalJS's interpreter takes seconds). `spark.leafguard.warmUp=false` skips it. */
  private def warmUp(): Unit = {
    val conf = SparkContext.getOrCreate().getConf
    if (!conf.getBoolean(Keys.WarmUp, defaultValue = true) || conf.getOption(Keys.Policies).isEmpty) return
    val t = new Thread(() => {
      try Leafguard.get(conf).bridge.warmUp()
      catch { case e: Exception => LoggerFactory.getLogger(classOf[LeafguardSparkExtension]).warn("leafguard warm-up failed", e) }
    }, "leafguard-warm-up")
    t.setDaemon(true)
    t.start()
  }
}
