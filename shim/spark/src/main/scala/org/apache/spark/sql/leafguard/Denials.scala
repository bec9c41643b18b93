package org.apache.spark.sql.leafguard

import org.apache.spark.sql.AnalysisException

/** AnalysisException's message-only constructor is `protected[sql]`; leafguard's reasons are not Spark
 * error classes, so the shim builds them here. */
object Denials {
  def denied(reason: String): AnalysisException = new AnalysisException(s"leafguard: $reason")
}
