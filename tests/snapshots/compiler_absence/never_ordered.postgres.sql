SELECT
  COUNT(*) AS customers
FROM customers
WHERE
  NOT EXISTS(
    SELECT
      1
    FROM orders
    WHERE
      orders.customer_id = customers.customer_id
  )
