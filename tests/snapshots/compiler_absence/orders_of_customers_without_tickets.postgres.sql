SELECT
  COUNT(*) AS orders
FROM orders
LEFT JOIN customers
  ON orders.customer_id = customers.customer_id
WHERE
  NOT EXISTS(
    SELECT
      1
    FROM tickets
    WHERE
      tickets.customer_id = customers.customer_id
  )
