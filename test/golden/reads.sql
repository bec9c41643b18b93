-- Reads of protected tables: filters on raw values, masks after; every occurrence separately.

-- as: alice groups=analysts region=EMEA
SELECT id, name, ssn, salary FROM hr.employees;

-- as: alice groups=analysts region=EMEA
SELECT name FROM hr.employees WHERE ssn = '123-45-6789';

-- as: alice groups=analysts region=EMEA
SELECT name FROM hr.employees WHERE ssn LIKE '%6789';

-- as: alice groups=analysts region=EMEA
SELECT region, count(*), avg(salary) FROM hr.employees GROUP BY region;

-- as: alice groups=analysts region=EMEA
SELECT DISTINCT email FROM hr.employees;

-- as: alice groups=analysts region=EMEA
SELECT name, rank() OVER (PARTITION BY ssn ORDER BY salary) AS r FROM hr.employees;

-- as: alice groups=analysts region=EMEA
SELECT a.name, b.name AS manager FROM hr.employees a JOIN hr.employees b ON a.department_id = b.id;

-- as: alice groups=analysts region=EMEA
SELECT e.name, d.name AS department FROM hr.employees e JOIN hr.departments d ON e.department_id = d.id ORDER BY d.name;

-- as: alice groups=analysts region=EMEA
SELECT ssn FROM hr.employees UNION ALL SELECT name FROM hr.departments;

-- as: alice groups=analysts region=EMEA
SELECT name FROM hr.employees WHERE id IN (SELECT id FROM hr.employees WHERE region = 'DE');

-- as: alice groups=analysts region=EMEA
SELECT d.name FROM hr.departments d WHERE EXISTS (SELECT 1 FROM hr.employees e WHERE e.department_id = d.id AND e.ssn IS NOT NULL);

-- as: alice groups=analysts region=EMEA
SELECT (SELECT max(salary) FROM hr.employees) AS top;

-- as: alice groups=analysts region=EMEA
WITH staff AS (SELECT id, name, ssn FROM hr.employees) SELECT a.name, b.ssn FROM staff a JOIN staff b ON a.id = b.id;

-- as: alice groups=analysts region=EMEA
SELECT name, email FROM hr.emp_directory;

-- as: alice groups=analysts region=EMEA
SELECT `Name`, SSN FROM `HR`.`Employees` AS `E`;

-- as: alice groups=analysts region=EMEA
SELECT * FROM hr.employees LIMIT 5;

-- as: alice groups=analysts region=EMEA
SELECT count(*) FROM hr.employees;
