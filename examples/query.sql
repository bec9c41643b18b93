SELECT e.id, e.name, d.name AS department, count(*) OVER (PARTITION BY d.id) AS headcount
FROM hr.employees AS e
JOIN hr.departments AS d ON e.department_id = d.id
WHERE e.salary > 50000 AND e.region IN ('EMEA', 'APAC')
ORDER BY e.id
LIMIT 10
