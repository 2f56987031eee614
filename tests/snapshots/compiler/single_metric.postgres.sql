SELECT
  SUM(orders.amount) AS revenue
FROM orders
WHERE
  orders.status = 'completed'
