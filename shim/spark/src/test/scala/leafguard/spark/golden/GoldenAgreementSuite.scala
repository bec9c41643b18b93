package leafguard.spark.golden

import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Path, Paths}

import org.scalatest.funsuite.AnyFunSuite

/**
 * The golden cases (test/golden) through real Spark with the extension agree with the DuckDB
 * simulation of the same secured queries: same decision, same rows. The DuckDB side runs in Node
 * (golden/duckdb-side.ts, bundled with esbuild from the repository's node_modules); the report is
 * written to target/golden/report.md.
 */
class GoldenAgreementSuite extends AnyFunSuite {
  private val module: Path = Paths.get(".").toAbsolutePath.normalize
  private val repo: Path = module.resolve("../..").normalize
  private val out: Path = module.resolve("target/golden")

  private def sh(cmd: String*): String = {
    val p = new ProcessBuilder(cmd: _*).directory(repo.toFile).redirectErrorStream(false).start()
    val stdout = new String(p.getInputStream.readAllBytes(), StandardCharsets.UTF_8)
    val stderr = new String(p.getErrorStream.readAllBytes(), StandardCharsets.UTF_8)
    if (p.waitFor() != 0) fail(s"${cmd.mkString(" ")} failed:\n$stderr")
    stdout
  }

  test("every golden case gives the same decision and rows in Spark as in the DuckDB simulation") {
    Files.createDirectories(out)
    val bundle = out.resolve("duckdb-side.mjs")
    sh(repo.resolve("node_modules/.bin/esbuild").toString, "shim/spark/golden/duckdb-side.ts", "--bundle", "--platform=node",
      "--format=esm", "--packages=external", s"--outfile=$bundle", "--log-level=warning")
    val cases = out.resolve("cases.jsonl")
    Files.write(cases, sh("node", bundle.toString).getBytes(StandardCharsets.UTF_8))
    val result = GoldenHarness.run(cases, repo)
    Files.write(out.resolve("report.md"), result.markdown.getBytes(StandardCharsets.UTF_8))
    info(result.summary)
    assert(result.agree >= 60, result.markdown)
    assert(result.disagree === 0, result.markdown)
  }
}
