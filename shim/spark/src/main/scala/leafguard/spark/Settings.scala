package leafguard.spark

import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Path, Paths}
import java.security.MessageDigest
import java.util.{LinkedHashMap => JLinkedHashMap, Map => JMap}

import com.fasterxml.jackson.databind.{JsonNode, ObjectMapper}
import com.fasterxml.jackson.databind.node.ObjectNode
import org.apache.spark.SparkConf
import org.yaml.snakeyaml.{DumperOptions, LoaderOptions, Yaml}
import org.yaml.snakeyaml.constructor.SafeConstructor
import org.yaml.snakeyaml.representer.Representer
import org.yaml.snakeyaml.resolver.Resolver

/** The settings the shim reads. They are read from the SparkConf the application started with, never
 * from the session's runtime SQL conf, so `spark.conf.set` from the DataFrame API cannot change them. */
object Keys {
  val Policies = "spark.leafguard.policies"
  val Identities = "spark.leafguard.identities"
  val Catalog = "spark.leafguard.catalog"
  val User = "spark.leafguard.user"
  val Contexts = "spark.leafguard.contexts"
  val WarmUp = "spark.leafguard.warmUp"
  val Now = "spark.leafguard.now"
}

/** A file read again when its modification time or size changes; `version` is its content's hash. */
final class WatchedFile[T](val path: Path, parse: String => T) {
  private final case class Loaded(mtime: Long, size: Long, value: T, version: String)
  @volatile private var loaded: Loaded = _

  def get: (T, String) = {
    val attrs = Files.readAttributes(path, classOf[java.nio.file.attribute.BasicFileAttributes])
    val mtime = attrs.lastModifiedTime().toMillis
    val size = attrs.size()
    val cur = loaded
    if (cur != null && cur.mtime == mtime && cur.size == size) (cur.value, cur.version)
    else synchronized {
      val bytes = Files.readAllBytes(path)
      val text = new String(bytes, StandardCharsets.UTF_8)
      val next = Loaded(mtime, size, parse(text), WatchedFile.sha256(bytes))
      loaded = next
      (next.value, next.version)
    }
  }
}

object WatchedFile {
  def sha256(bytes: Array[Byte]): String =
    MessageDigest.getInstance("SHA-256").digest(bytes).take(12).map(b => f"${b & 0xff}%02x").mkString
}

object Json {
  val mapper = new ObjectMapper()

  /** Policy text to the JSON the bundle reads (the bundle has no YAML reader). */
  def policyJson(text: String, fileName: String): String = {
    val trimmed = text.trim
    if (trimmed.startsWith("{")) mapper.writeValueAsString(mapper.readTree(trimmed))
    else mapper.writeValueAsString(yaml().load[Object](text))
  }

  /** YAML as the package's own reader (YAML 1.2) sees it: no implicit timestamps (validFrom stays a
   * string) and only true/false as booleans (YAML 1.1 would read the key `on:` as `true`). */
  private def yaml(): Yaml = {
    val loader = new LoaderOptions()
    val dumper = new DumperOptions()
    val resolver = new Resolver {
      override protected def addImplicitResolvers(): Unit = {
        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.BOOL, java.util.regex.Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF")
        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.INT, Resolver.INT, "-+0123456789")
        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.FLOAT, Resolver.FLOAT, "-+0123456789.")
        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.MERGE, Resolver.MERGE, "<")
        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, Resolver.NULL, "~nN\u0000")
        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, Resolver.EMPTY, null)
      }
    }
    new Yaml(new SafeConstructor(loader), new Representer(dumper), dumper, loader, resolver)
  }
}

/** `spark.leafguard.identities`: `{ "users": { "alice": { "groups": [...], "attributes": {...} } } }`. */
final class Identities(node: JsonNode) {
  private val users: JsonNode = Option(node.get("users")).getOrElse(
    throw new IllegalArgumentException(s"""${Keys.Identities}: the file must be a JSON object with "users""""))

  /** The identity object the engine takes, for `user`. Unknown users have no groups. */
  def identity(user: String): ObjectNode = {
    val id = Json.mapper.createObjectNode()
    id.put("user", user)
    val entry = users.get(user)
    if (entry != null && entry.isObject) {
      val it = entry.fields()
      while (it.hasNext) {
        val f = it.next()
        if (f.getKey != "user") id.set[JsonNode](f.getKey, f.getValue)
      }
    }
    id
  }
}

final case class ShimSettings(
    policies: WatchedFile[String],
    identities: Option[WatchedFile[Identities]],
    catalog: Option[WatchedFile[String]],
    userOverride: Option[String],
    contexts: Int,
    now: Option[String])

object ShimSettings {
  def from(conf: SparkConf): ShimSettings = {
    val policyPath = conf.getOption(Keys.Policies).getOrElse(
      throw new IllegalStateException(s"leafguard: ${Keys.Policies} is not set (the extension denies every read without a policy document)"))
    val p = Paths.get(policyPath)
    ShimSettings(
      policies = new WatchedFile[String](p, t => Json.policyJson(t, p.getFileName.toString)),
      identities = conf.getOption(Keys.Identities).map(f => new WatchedFile[Identities](Paths.get(f), t => new Identities(Json.mapper.readTree(t)))),
      catalog = conf.getOption(Keys.Catalog).map(f => new WatchedFile[String](Paths.get(f), t => Json.mapper.writeValueAsString(Json.mapper.readTree(t)))),
      userOverride = conf.getOption(Keys.User).filter(_.nonEmpty),
      contexts = conf.getInt(Keys.Contexts, 2),
      now = conf.getOption(Keys.Now).filter(_.nonEmpty))
  }
}
