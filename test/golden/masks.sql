-- Every mask kind, conditional masks, ordered cases, tag masks and their precedence.

-- as: u-null
SELECT id, salary FROM hr.employees;

-- as: u-const
SELECT region, count(*) FROM hr.employees GROUP BY region;

-- as: u-hash
SELECT id, email FROM hr.employees;

-- as: u-hash-scoped
SELECT e.name, d.name FROM hr.employees e JOIN hr.departments d ON e.name = d.name;

-- as: u-first
SELECT ssn FROM hr.employees;

-- as: u-last
SELECT ssn FROM hr.employees WHERE ssn LIKE '%1234';

-- as: u-email
SELECT email FROM hr.employees;

-- as: u-year
SELECT hired FROM hr.employees;

-- as: u-bucket
SELECT salary, avg(salary) OVER () AS avg_salary FROM hr.employees;

-- as: u-regex
SELECT ssn FROM hr.employees;

-- as: u-custom
SELECT name FROM hr.employees;

-- as: u-when
SELECT region, salary FROM hr.employees;

-- as: u-cases groups=support
SELECT ssn FROM hr.employees;

-- as: u-cases
SELECT ssn FROM hr.employees;

-- as: u-tag
SELECT name, email, ssn FROM hr.employees;

-- as: u-prio
SELECT name, email FROM hr.employees;

-- as: u-none
SELECT name, email FROM hr.employees;

-- as: u-bad
SELECT amount FROM sales.orders;

-- as: nobody
SELECT name, ssn FROM hr.employees;

-- as: u-tag
SELECT e.name FROM hr.employees e JOIN hr.employees m ON e.department_id = m.id WHERE m.name = 'Xxxx';

-- as: u-tag
SELECT name FROM hr.emp_directory UNION SELECT name FROM hr.employees;
