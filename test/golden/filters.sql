-- Row-filter shorthands: window (DATE and TIMESTAMP columns) and sample.

-- as: u-window
SELECT name, hired FROM hr.employees;

-- as: u-window
SELECT count(*) FROM sales.orders;

-- as: u-sample
SELECT id, amount FROM sales.orders;
