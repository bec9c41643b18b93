-- Denials, in every position; dangerous statements.

-- as: alice groups=analysts region=EMEA
SELECT count(*) FROM sales.orders;

-- as: alice groups=analysts region=EMEA
SELECT 1 FROM hr.employees WHERE EXISTS (SELECT 1 FROM sales.orders);

-- as: alice groups=analysts region=EMEA
SELECT (SELECT count(*) FROM sales.orders) AS n;

-- as: alice groups=analysts region=EMEA
SELECT e.id FROM hr.employees e JOIN sales.orders o ON o.employee_id = e.id;

-- as: alice groups=analysts region=EMEA
SELECT id FROM hr.employees UNION SELECT employee_id FROM sales.orders;

-- as: nobody
SELECT name FROM hr.departments;

-- as: alice groups=analysts region=EMEA
SELECT * FROM parquet.`s3://lake/hr/employees`;

-- as: alice groups=analysts region=EMEA
SELECT TRANSFORM(name) USING 'cat' AS (n) FROM hr.employees;

-- as: alice groups=analysts region=EMEA
ADD JAR /tmp/evil.jar;

-- as: alice groups=analysts region=EMEA
SET spark.sql.extensions = com.evil.Ext;

-- as: alice groups=analysts region=EMEA
SELECT java_method('java.lang.System', 'getenv', 'HOME');

-- as: alice groups=analysts region=EMEA
INSERT INTO hr.departments SELECT id, name FROM hr.employees;

-- as: alice groups=analysts region=EMEA
SELECT nope FROM hr.employees;

-- as: alice groups=analysts region=EMEA
USE hr;
