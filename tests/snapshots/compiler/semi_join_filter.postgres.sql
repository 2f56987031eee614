SELECT
  COUNT(*) AS customers
FROM customers
WHERE
  EXISTS(
    SELECT
      1
    FROM orders
    WHERE
      orders.customer_id = customers.customer_id
      AND orders.category IN ('electronics', 'home')
      AND orders.channel = 'app'
  )
