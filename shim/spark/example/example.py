"""leafguard in a local Spark: the same query as four users (run through run.sh, which passes the settings)."""
from pyspark.sql import SparkSession
from pyspark.sql.utils import AnalysisException

spark = SparkSession.builder.getOrCreate()
spark.sparkContext.setLogLevel("ERROR")


def as_user(user):
    # The session user, as Spark's Thrift server sets it; py4j runs this on the JVM thread of the calls below.
    spark._jvm.org.apache.spark.sql.catalyst.CurrentUserContext.CURRENT_USER().set(user)


as_user("root")  # privileged in policies.yaml: sets up the data unrewritten
spark.sql("CREATE DATABASE IF NOT EXISTS hr")
spark.sql("""CREATE TABLE IF NOT EXISTS hr.employees (id INT, name STRING, ssn STRING, region STRING)
             USING parquet TBLPROPERTIES ('leafguard.tags.name' = 'pii')""")
spark.sql("""INSERT OVERWRITE hr.employees VALUES
             (1, 'Anna Schmidt', '123-45-6789', 'DE'), (2, 'Bob Miller', '987-65-4321', 'US'),
             (3, 'Carla Rossi', '555-12-3456', 'DE')""")

query = "SELECT id, name, ssn, region FROM hr.employees ORDER BY id"
print("\n" + query)
for user in ["root", "hh", "ann", "bob"]:
    as_user(user)
    print(f"\n-- as {user}")
    try:
        spark.sql(query).show(truncate=False)
    except AnalysisException as e:
        print(f"denied: {e}")

as_user("ann")
print("-- as ann, the DataFrame API: spark.table('hr.employees').groupBy('region').count()")
spark.table("hr.employees").groupBy("region").count().show()
print("-- as ann, the physical plan (the masks and the filter sit right above the scan)")
spark.sql("SELECT name, count(*) FROM hr.employees GROUP BY name").explain()
spark.stop()
