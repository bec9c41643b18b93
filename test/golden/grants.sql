-- Column and tag grants (deny wins; every referenced column needs an allow; never narrowed).

-- as: dora groups=directory
SELECT id, name FROM hr.employees;

-- as: dora groups=directory
SELECT count(*) FROM hr.employees;

-- as: dora groups=directory
SELECT * FROM hr.employees;

-- as: dora groups=directory
SELECT name FROM hr.employees WHERE salary > 0;

-- as: dora groups=directory
SELECT e.name FROM hr.employees e JOIN hr.departments d ON e.department_id = d.id;

-- as: nick groups=no-ssn
SELECT id, name, salary FROM hr.employees;

-- as: nick groups=no-ssn
SELECT * FROM hr.employees;

-- as: nick groups=no-ssn
SELECT name FROM hr.employees WHERE ssn LIKE '1%';

-- as: pat groups=personnel-readers
SELECT * FROM hr.employees;

-- as: pat groups=personnel-readers
SELECT * FROM hr.departments;

-- as: nora groups=no-national-id
SELECT name, email FROM hr.employees;

-- as: nora groups=no-national-id
SELECT * FROM hr.employees;

-- as: pia groups=pii-readers
SELECT name, email FROM hr.employees;

-- as: pia groups=pii-readers
SELECT name, salary FROM hr.employees;

-- as: cole groups=contractors
SELECT name FROM hr.employees;
