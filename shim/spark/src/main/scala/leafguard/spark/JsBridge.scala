package leafguard.spark

import java.nio.charset.StandardCharsets
import java.util.concurrent.ArrayBlockingQueue

import org.graalvm.polyglot.{Context, Engine, Source, Value}

/**
 * The leafguard bundle inside the JVM: one GraalJS `Engine` per JVM (it shares parsed code between
 * contexts), a small pool of `Context`s (a context is single-threaded), each with the bundle loaded
 * once. `handle(json)` borrows a context, calls `leafguard.handle`, and gives it back. The compiled
 * policy engine lives in each context's `handle` cache, keyed by the versions the caller passes.
 */
final class JsBridge(poolSize: Int) {
  require(poolSize >= 1, "the context pool needs at least one context")

  private val engine: Engine = Engine.newBuilder("js")
    .option("engine.WarnInterpreterOnly", "false")
    .build()

  private val source: Source = {
    val in = classOf[JsBridge].getResourceAsStream(JsBridge.BundleResource)
    if (in == null) {
      throw new IllegalStateException(
        s"${JsBridge.BundleResource} is not on the classpath: build the bundle (npm run build) before the jar")
    }
    val text = try new String(in.readAllBytes(), StandardCharsets.UTF_8) finally in.close()
    Source.newBuilder("js", text, "leafguard.min.js").cached(true).buildLiteral()
  }

  /** A context and what it already holds: its `handle` function and the engine versions it has compiled. */
  final class Slot(val context: Context, val handleFn: Value) {
    /** The `catalogVersion\u0000policyVersion` this context compiled last (always in its LRU). */
    var lastVersions: String = ""
  }

  private val idle = new ArrayBlockingQueue[Slot](poolSize)
  private val created = new java.util.concurrent.atomic.AtomicInteger(0)
  private var making = false

  private def newSlot(): Slot = {
    val ctx = Context.newBuilder("js").engine(engine).allowAllAccess(false).build()
    ctx.eval(source)
    val fn = ctx.getBindings("js").getMember("leafguard").getMember("handle")
    if (fn == null || !fn.canExecute) throw new IllegalStateException("the bundle did not define leafguard.handle")
    new Slot(ctx, fn)
  }

  /** An idle context; else a new one if the pool is not full and none is being made (making one loads
   * the whole bundle, so a second caller waits for that one rather than competing for the CPU). */
  private def borrow(): Slot = {
    val ready = idle.poll()
    if (ready != null) return ready
    val mine = synchronized {
      if (created.get < poolSize && !making) { created.incrementAndGet(); making = true; true } else false
    }
    if (!mine) return idle.take()
    try newSlot()
    catch { case e: Throwable => created.decrementAndGet(); throw e }
    finally synchronized { making = false }
  }

  /** Runs `f` with a context of the pool to itself. */
  def withSlot[T](f: Slot => T): T = {
    val slot = borrow()
    try f(slot)
    finally idle.put(slot)
  }

  def call(slot: Slot, requestJson: String): String = slot.handleFn.execute(requestJson).asString()

  /** Loads the bundle into one context now, so the first query does not pay for it. */
  def warmUp(): Unit = withSlot(slot => call(slot, "{\"op\":\"version\"}"))
}

object JsBridge {
  val BundleResource = "/leafguard/leafguard.min.js"
}
