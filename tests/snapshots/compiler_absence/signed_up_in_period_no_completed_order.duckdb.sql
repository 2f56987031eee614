SELECT
  COUNT(*) AS customers
FROM customers
WHERE
  (
    customers.signup_date >= CAST('2025-01-01' AS DATE)
    AND customers.signup_date < CAST('2026-01-01' AS DATE)
  )
  AND NOT EXISTS(
    SELECT
      1
    FROM orders
    WHERE
      orders.customer_id = customers.customer_id AND orders.status = 'completed'
  )
