-- Who sees what: exception groups, privileged users, attributes, hostile identity values.

-- as: hannah groups=hr
SELECT name, ssn, salary FROM hr.employees;

-- as: root
SELECT name, ssn FROM hr.employees;

-- as: pam groups=platform-admins
SELECT name, ssn FROM hr.employees;

-- as: audrey groups=analysts,auditors region=APAC
SELECT name, ssn FROM hr.employees;

-- as: bob groups=analysts
SELECT name FROM hr.employees;

-- as: mallory groups=analysts region=EMEA'_OR_'1'='1
SELECT name FROM hr.employees;

-- as: eve groups=Analysts region=DE
SELECT name, salary FROM hr.employees;

-- as: carl
SELECT id, amount FROM sales.orders;

-- as: quinn groups=analysts,x')_OR_(1=1 region=EMEA
SELECT name FROM hr.employees;
