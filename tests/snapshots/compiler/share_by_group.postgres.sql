WITH share_part AS (
  SELECT
    orders.category AS category,
    COUNT(DISTINCT orders.customer_id) AS buying_customers
  FROM orders
  WHERE
    orders.status = 'completed'
  GROUP BY
    orders.category
), share_total AS (
  SELECT
    COUNT(DISTINCT orders_2.customer_id) AS buying_customers
  FROM orders AS orders_2
  WHERE
    orders_2.status = 'completed'
)
SELECT
  share_part.category,
  COALESCE(share_part.buying_customers, 0) AS buying_customers,
  share_total.buying_customers AS buying_customers_total,
  CAST(COALESCE(share_part.buying_customers, 0) AS DOUBLE PRECISION) / NULLIF(share_total.buying_customers, 0) AS buying_customers_share
FROM share_part
CROSS JOIN share_total
ORDER BY
  buying_customers DESC NULLS LAST,
  category
LIMIT 3
