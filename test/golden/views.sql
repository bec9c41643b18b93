-- Catalog views: the view's own policies and its base table's both apply, per occurrence.

-- as: sam groups=staff region=EMEA
SELECT id, name, email FROM hr.emp_directory;

-- as: sam groups=staff region=EMEA
SELECT name FROM hr.emp_directory WHERE name LIKE 'A%';

-- as: sam groups=staff region=EMEA
SELECT a.name, b.email FROM hr.emp_directory a JOIN hr.emp_directory b ON a.id = b.id;

-- as: sam groups=staff region=EMEA
SELECT d.name, count(*) FROM hr.emp_directory e JOIN hr.departments d ON e.department_id = d.id GROUP BY d.name;

-- as: sam groups=staff region=EMEA
SELECT name FROM hr.emp_directory UNION SELECT name FROM hr.employees;

-- as: hana groups=staff,hr
SELECT id, name, email FROM hr.emp_directory;

-- as: vic groups=directory-only region=EMEA
SELECT name FROM hr.emp_directory;

-- as: bea groups=base-only region=EMEA
SELECT name FROM hr.emp_directory;

-- as: bea groups=base-only region=EMEA
SELECT count(*) FROM hr.employees WHERE EXISTS (SELECT 1 FROM hr.emp_directory);
