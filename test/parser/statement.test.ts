/** Non-query statements: one round-trip case per form, plan shapes where they matter, and errors. */
import { describe, expect, it } from 'vitest';
import { parseSql } from '../../src/parser/index.js';
import { SqlParseError } from '../../src/parser/errors.js';
import { planChildren as children } from '../../src/plan/traverse.js';
import { validateIdentity } from '../helpers/sql.js';

function rejects(sql: string, code = 'PARSE_SYNTAX_ERROR'): void {
  let err: unknown;
  try {
    parseSql(sql);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SqlParseError);
  expect((err as SqlParseError).code).toBe(code);
}

describe('INSERT', () => {
  it('round-trips INSERT INTO/OVERWRITE forms', () => {
    validateIdentity('insert into t select * from s', 'INSERT INTO TABLE t SELECT * FROM s');
    validateIdentity('INSERT INTO TABLE db.t VALUES (1, 2)');
    validateIdentity("INSERT OVERWRITE TABLE t PARTITION (ds = '2024', hr) SELECT a, hr FROM s");
    validateIdentity("INSERT OVERWRITE TABLE t PARTITION (ds = '2024') IF NOT EXISTS SELECT a FROM s");
    validateIdentity('INSERT INTO TABLE t (a, b) SELECT 1, 2');
    validateIdentity('INSERT INTO TABLE t BY NAME SELECT 1 AS a');
    validateIdentity('INSERT INTO TABLE t REPLACE WHERE a = 1 SELECT * FROM s');
    validateIdentity("INSERT INTO TABLE IDENTIFIER('t') SELECT 1");
  });
  it('keeps the source query as a plan child', () => {
    const p = validateIdentity('INSERT INTO t SELECT * FROM s');
    expect(p.kind).toBe('InsertInto');
    expect(children(p).map((c) => c.kind)).toEqual(['Project']);
  });
  it('round-trips INSERT OVERWRITE DIRECTORY', () => {
    validateIdentity("INSERT OVERWRITE LOCAL DIRECTORY '/tmp/x' USING parquet OPTIONS ('k' = 'v') SELECT 1");
    validateIdentity("INSERT OVERWRITE DIRECTORY '/tmp/x' ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS textfile SELECT 1");
  });
  it('rejects what Spark rejects', () => {
    rejects('INSERT INTO t PARTITION (a = 1) IF NOT EXISTS SELECT 1', 'INVALID_SQL_SYNTAX');
    rejects('INSERT INTO t');
  });
});

describe('CREATE TABLE / REPLACE TABLE', () => {
  it('round-trips column definitions and clauses', () => {
    validateIdentity('CREATE TABLE t (a INT NOT NULL COMMENT \'x\', b STRING DEFAULT \'d\') USING parquet');
    validateIdentity(
      "CREATE TABLE IF NOT EXISTS db.t (a INT, ds STRING) USING delta PARTITIONED BY (ds) LOCATION '/p' COMMENT 'c' TBLPROPERTIES ('k' = 'v')",
    );
    validateIdentity('CREATE TABLE t (a INT) PARTITIONED BY (b INT) STORED AS ORC');
    validateIdentity('CREATE TABLE t (a INT, b INT) USING parquet CLUSTERED BY (a) SORTED BY (b DESC) INTO 4 BUCKETS');
    validateIdentity("CREATE TABLE t (a INT) USING csv OPTIONS ('header' = true)");
    validateIdentity("CREATE TABLE t (a INT) ROW FORMAT SERDE 'x.Serde' WITH SERDEPROPERTIES ('a' = '1') STORED AS INPUTFORMAT 'i' OUTPUTFORMAT 'o'");
    validateIdentity('CREATE OR REPLACE TABLE t USING parquet AS SELECT 1 AS a');
    validateIdentity('REPLACE TABLE t (a INT) USING parquet');
    validateIdentity('CREATE EXTERNAL TABLE t (a INT) LOCATION \'/x\'');
    validateIdentity('CREATE TABLE t LIKE s USING parquet');
  });
  it('reads property values as strings, as Spark does', () => {
    expect(parseSql("CREATE TABLE t (a INT) TBLPROPERTIES ('k' 1, a.b = true)")).toEqual(parseSql("CREATE TABLE t (a INT) TBLPROPERTIES ('k' = '1', 'a.b' = 'true')"));
  });
  it('keeps the CTAS query as a plan child', () => {
    const p = validateIdentity('CREATE TABLE t AS SELECT * FROM s');
    expect(children(p).map((c) => c.kind)).toEqual(['Project']);
  });
  it('rejects what Spark rejects', () => {
    rejects('CREATE TABLE t (a INT) USING parquet USING orc', 'INVALID_SQL_SYNTAX');
    rejects('CREATE TEMPORARY TABLE t (a INT)', 'INVALID_SQL_SYNTAX');
    rejects('CREATE TABLE t (a INT) SKEWED BY (a) ON (1)', 'INVALID_SQL_SYNTAX');
    rejects('CREATE TABLE t (a INT');
  });
});

describe('CREATE VIEW', () => {
  it('round-trips view forms', () => {
    validateIdentity('create or replace temp view v as select 1', 'CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1');
    validateIdentity('CREATE GLOBAL TEMPORARY VIEW v (a, b COMMENT \'x\') AS SELECT 1, 2');
    validateIdentity("CREATE VIEW IF NOT EXISTS db.v COMMENT 'c' TBLPROPERTIES ('k' = 'v') AS SELECT * FROM t");
    validateIdentity('CREATE VIEW v WITH SCHEMA EVOLUTION AS SELECT * FROM t');
    validateIdentity("CREATE TEMPORARY VIEW v (a INT) USING parquet OPTIONS ('path' = '/x')");
  });
  it('rejects what Spark rejects', () => {
    rejects('CREATE OR REPLACE VIEW IF NOT EXISTS v AS SELECT 1', 'INVALID_SQL_SYNTAX');
    rejects('CREATE GLOBAL VIEW v AS SELECT 1', 'INVALID_SQL_SYNTAX');
    rejects('CREATE VIEW v AS', 'PARSE_SYNTAX_ERROR');
  });
});

describe('ALTER', () => {
  it('round-trips ALTER TABLE actions', () => {
    validateIdentity('ALTER TABLE t ADD COLUMNS (a INT COMMENT \'x\', b.c STRING AFTER a)');
    validateIdentity('ALTER TABLE t ADD COLUMN a INT', 'ALTER TABLE t ADD COLUMNS (a INT)');
    validateIdentity('ALTER TABLE t DROP COLUMNS IF EXISTS (a, b.c)');
    validateIdentity('ALTER TABLE t RENAME TO db.t2');
    validateIdentity('ALTER TABLE t RENAME COLUMN a.b TO c');
    validateIdentity("ALTER TABLE t SET TBLPROPERTIES ('k' = 'v')");
    validateIdentity("ALTER TABLE t UNSET TBLPROPERTIES IF EXISTS ('k')");
    validateIdentity("ALTER TABLE t ADD IF NOT EXISTS PARTITION (ds = '1') LOCATION '/x' PARTITION (ds = '2')");
    validateIdentity("ALTER TABLE t DROP IF EXISTS PARTITION (ds = '1'), PARTITION (ds = '2') PURGE");
    validateIdentity("ALTER TABLE t PARTITION (ds = '1') RENAME TO PARTITION (ds = '2')");
    validateIdentity("ALTER TABLE t PARTITION (ds = '1') SET LOCATION '/y'");
    validateIdentity("ALTER TABLE t SET SERDE 'x' WITH SERDEPROPERTIES ('a' = 'b')");
    validateIdentity('ALTER TABLE t ALTER COLUMN a TYPE BIGINT');
    validateIdentity('ALTER TABLE t ALTER COLUMN a SET NOT NULL');
    validateIdentity("ALTER TABLE t CHANGE COLUMN a COMMENT 'x'", "ALTER TABLE t ALTER COLUMN a COMMENT 'x'");
    validateIdentity('ALTER TABLE t CHANGE a b INT FIRST', 'ALTER TABLE t CHANGE COLUMN a b INT FIRST');
    validateIdentity('ALTER TABLE t RECOVER PARTITIONS');
    validateIdentity("ALTER VIEW v SET TBLPROPERTIES ('k' = 'v')");
  });
  it('keeps ALTER VIEW AS query as a plan child', () => {
    const p = validateIdentity('ALTER VIEW v AS SELECT * FROM t');
    expect(p.kind).toBe('AlterViewAs');
    expect(children(p).map((c) => c.kind)).toEqual(['Project']);
  });
  it('rejects a modelled form with a syntax error', () => {
    rejects('ALTER TABLE test_change CHANGE a');
    rejects('ALTER TABLE t RENAME TO');
  });
});

describe('DROP, TRUNCATE, COMMENT, REPAIR', () => {
  it('round-trips', () => {
    validateIdentity('DROP TABLE IF EXISTS db.t PURGE');
    validateIdentity('DROP VIEW global_temp.v');
    validateIdentity('DROP DATABASE IF EXISTS d CASCADE');
    validateIdentity('DROP SCHEMA s RESTRICT');
    validateIdentity('DROP TEMPORARY FUNCTION IF EXISTS f');
    validateIdentity("DROP FUNCTION IDENTIFIER('a' || 'b')");
    validateIdentity('DROP TEMPORARY VARIABLE v');
    validateIdentity("TRUNCATE TABLE t PARTITION (ds = '1')");
    validateIdentity("COMMENT ON TABLE t IS 'x'");
    validateIdentity('COMMENT ON SCHEMA s IS NULL');
    validateIdentity('MSCK REPAIR TABLE t SYNC PARTITIONS');
  });
  it('rejects PURGE on a view', () => rejects('DROP VIEW v PURGE'));
});

describe('MERGE, UPDATE, DELETE, LOAD', () => {
  it('round-trips MERGE and keeps its source as a plan child', () => {
    const p = validateIdentity(
      'MERGE INTO t AS t USING (SELECT * FROM s) AS s ON s.id = t.id WHEN MATCHED AND s.d THEN DELETE WHEN MATCHED THEN UPDATE SET t.a = s.a ' +
        'WHEN NOT MATCHED THEN INSERT (id, a) VALUES (s.id, s.a) WHEN NOT MATCHED BY SOURCE THEN DELETE',
    );
    expect(children(p).map((c) => c.kind)).toEqual(['SubqueryAlias']);
    validateIdentity('MERGE INTO t USING s ON s.id = t.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *');
  });
  it('rejects misplaced MERGE actions', () => {
    rejects('MERGE INTO t USING s ON s.id = t.id WHEN NOT MATCHED THEN DELETE');
    rejects('MERGE INTO t USING s ON s.id = t.id WHEN NOT MATCHED THEN INSERT * WHEN MATCHED THEN DELETE');
  });
  it('round-trips UPDATE, DELETE and LOAD DATA', () => {
    validateIdentity('UPDATE t AS x SET a = 1, b.c = a + 1 WHERE x.id IN (SELECT id FROM s)');
    validateIdentity("UPDATE IDENTIFIER('ta' || 'b') SET c1 = 2");
    validateIdentity('DELETE FROM t WHERE a = 1');
    validateIdentity("LOAD DATA LOCAL INPATH '/x' OVERWRITE INTO TABLE t PARTITION (ds = '1')");
  });
});

describe('CACHE, REFRESH, ANALYZE', () => {
  it('round-trips', () => {
    const p = validateIdentity("CACHE LAZY TABLE c OPTIONS ('storageLevel' = 'DISK_ONLY') AS SELECT * FROM t");
    expect(children(p).map((c) => c.kind)).toEqual(['Project']);
    validateIdentity('CACHE TABLE t');
    validateIdentity('UNCACHE TABLE IF EXISTS t');
    validateIdentity('CLEAR CACHE');
    validateIdentity('REFRESH TABLE db.t');
    validateIdentity('REFRESH FUNCTION f');
    validateIdentity("REFRESH '/path/to/x'");
    validateIdentity('REFRESH /path/x', "REFRESH '/path/x'");
    validateIdentity("ANALYZE TABLE t PARTITION (ds = '1') COMPUTE STATISTICS NOSCAN");
    validateIdentity('ANALYZE TABLE t COMPUTE STATISTICS FOR COLUMNS a, b');
    validateIdentity('ANALYZE TABLE t COMPUTE STATISTICS FOR ALL COLUMNS');
    validateIdentity('ANALYZE TABLES IN db COMPUTE STATISTICS');
  });
  it('rejects a bad ANALYZE option', () => rejects('ANALYZE TABLE t COMPUTE STATISTICS FAST', 'INVALID_SQL_SYNTAX'));
});

describe('SHOW and DESCRIBE', () => {
  it('round-trips SHOW forms', () => {
    validateIdentity("SHOW DATABASES LIKE 'a*'");
    validateIdentity("SHOW TABLES FROM db 'x*'", "SHOW TABLES IN db LIKE 'x*'");
    validateIdentity("SHOW TABLE EXTENDED IN db LIKE 't' PARTITION (ds = '1')");
    validateIdentity('SHOW VIEWS IN db');
    validateIdentity('SHOW COLUMNS FROM t IN db', 'SHOW COLUMNS IN t IN db');
    validateIdentity("SHOW USER FUNCTIONS LIKE 'f*'");
    validateIdentity('SHOW CREATE TABLE t AS SERDE');
    validateIdentity("SHOW TBLPROPERTIES t ('k')");
    validateIdentity("SHOW PARTITIONS t PARTITION (ds = '1')");
    validateIdentity('SHOW CURRENT SCHEMA');
  });
  it('round-trips DESCRIBE forms', () => {
    validateIdentity('desc t', 'DESCRIBE TABLE t');
    validateIdentity("DESC TABLE EXTENDED t PARTITION (ds = '1') AS JSON", "DESCRIBE TABLE EXTENDED t PARTITION (ds = '1') AS JSON");
    validateIdentity('DESCRIBE FORMATTED t a.b', 'DESCRIBE TABLE FORMATTED t a.b');
    validateIdentity('DESC FUNCTION EXTENDED upper', 'DESCRIBE FUNCTION EXTENDED upper');
    validateIdentity("DESC FUNCTION '+'", "DESCRIBE FUNCTION '+'");
    validateIdentity('DESCRIBE SCHEMA EXTENDED s', 'DESCRIBE NAMESPACE EXTENDED s');
    const q = validateIdentity('DESC QUERY SELECT * FROM t', 'DESCRIBE QUERY SELECT * FROM t');
    expect(children(q).map((c) => c.kind)).toEqual(['Project']);
    validateIdentity('DESC SELECT 1', 'DESCRIBE QUERY SELECT 1');
  });
  it('rejects AS JSON without EXTENDED', () => rejects('DESC t AS JSON', 'INVALID_SQL_SYNTAX'));
});

describe('SET, RESET and variables', () => {
  it('keeps SET keys and values as raw text', () => {
    expect(parseSql('SET spark.sql.ansi.enabled=true')).toEqual({ kind: 'SetConfig', key: 'spark.sql.ansi.enabled', value: 'true', verbose: false, special: null });
    validateIdentity('SET a.b = x y  z', 'SET a.b = x y  z');
    validateIdentity('SET', 'SET');
    validateIdentity('SET -v');
    validateIdentity('SET a.b');
    validateIdentity('SET `a b` = 1');
    validateIdentity("SET TIME ZONE 'UTC'");
    validateIdentity('SET TIME ZONE LOCAL');
    validateIdentity('SET PATH = spark_catalog.default, system.builtin');
    validateIdentity('RESET');
    validateIdentity('RESET spark.sql.x');
  });
  it('rejects an invalid unquoted key and a bad time zone', () => {
    rejects('SET a b = 1', 'INVALID_SQL_SYNTAX');
    rejects('SET TIME ZONE foo bar', 'INVALID_SQL_SYNTAX');
  });
  it('round-trips SET VAR and DECLARE', () => {
    validateIdentity('SET VAR a = 1, b = (SELECT 2)');
    validateIdentity('SET VARIABLE (a, b) = (SELECT 1, 2)');
    validateIdentity('DECLARE OR REPLACE VARIABLE v INT DEFAULT 1');
    validateIdentity('DECLARE var = 1', 'DECLARE VARIABLE var DEFAULT 1');
    validateIdentity('DECLARE VARIABLE a, b, c INT');
    validateIdentity('DECLARE VARIABLE system.session.v STRING');
  });
  it('rejects a DECLARE without type or default', () => rejects('DECLARE VARIABLE v', 'INVALID_SQL_SYNTAX'));
  it('round-trips EXECUTE IMMEDIATE', () => {
    validateIdentity("EXECUTE IMMEDIATE 'SELECT 1'");
    validateIdentity("EXECUTE IMMEDIATE 'SELECT ?' INTO v USING 1 AS p, 2");
    validateIdentity("EXECUTE IMMEDIATE sql_string USING (1, 'a')", "EXECUTE IMMEDIATE sql_string USING 1, 'a'");
  });
});

describe('functions, namespaces, resources', () => {
  it('round-trips CREATE FUNCTION', () => {
    validateIdentity("CREATE OR REPLACE TEMPORARY FUNCTION f AS 'a.B' USING JAR '/x.jar', FILE '/y'");
    validateIdentity('CREATE FUNCTION f(a INT, b STRING DEFAULT \'x\') RETURNS INT RETURN a + length(b)');
    const p = validateIdentity('CREATE FUNCTION f() RETURNS TABLE (a INT) RETURN SELECT * FROM t');
    expect(children(p).map((c) => c.kind)).toEqual(['Project']);
  });
  it('rejects an unknown resource type', () => rejects("CREATE FUNCTION f AS 'a' USING FOO 'x'", 'INVALID_SQL_SYNTAX'));
  it('round-trips namespaces and USE', () => {
    validateIdentity("CREATE DATABASE IF NOT EXISTS d COMMENT 'c' LOCATION '/l' WITH DBPROPERTIES ('a' = 'b')");
    validateIdentity('CREATE SCHEMA s DEFAULT COLLATION UNICODE');
    validateIdentity("USE IDENTIFIER('a' || 'b')");
    validateIdentity('USE SCHEMA db', 'USE db');
  });
  it('round-trips ADD/LIST resources as raw text', () => {
    validateIdentity('ADD JAR /tmp/a.jar');
    validateIdentity('LIST FILES');
  });
});

describe('unmodelled statements', () => {
  it('become UnsupportedStatement naming their kind', () => {
    expect(parseSql('GRANT SELECT ON t TO u')).toMatchObject({ kind: 'UnsupportedStatement', statementKind: 'GRANT SELECT' });
    expect(parseSql('CREATE INDEX i ON t (a)')).toMatchObject({ kind: 'UnsupportedStatement', statementKind: 'CREATE INDEX' });
    expect(parseSql('SET ROLE admin')).toMatchObject({ kind: 'UnsupportedStatement', statementKind: 'SET ROLE' });
  });
});

describe('SHOW FUNCTIONS', () => {
  it('parses with and without a scope', () => {
    validateIdentity('SHOW FUNCTIONS');
    validateIdentity('SHOW FUNCTIONS IN db LIKE \'x*\'');
    validateIdentity('SHOW USER FUNCTIONS');
    validateIdentity('SHOW ALL FUNCTIONS LIKE \'a\'');
  });
});
