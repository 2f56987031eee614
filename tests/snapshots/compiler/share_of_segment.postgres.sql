WITH share_part AS (
  SELECT
    customers.region AS region,
    SUM(orders.amount) AS revenue,
    COUNT(*) AS completed_orders
  FROM orders
  LEFT JOIN customers
    ON orders.customer_id = customers.customer_id
  WHERE
    orders.channel = 'app'
    AND customers.is_member
    AND (
      orders.ordered_at >= CAST('2026-08-23' AS DATE)
      AND orders.ordered_at < CAST('2026-11-23' AS DATE)
    )
    AND orders.status = 'completed'
  GROUP BY
    customers.region
), share_total AS (
  SELECT
    customers_2.region AS region,
    SUM(orders_2.amount) AS revenue,
    COUNT(*) AS completed_orders
  FROM orders AS orders_2
  LEFT JOIN customers AS customers_2
    ON orders_2.customer_id = customers_2.customer_id
  WHERE
    (
      orders_2.ordered_at >= CAST('2026-08-23' AS DATE)
      AND orders_2.ordered_at < CAST('2026-11-23' AS DATE)
    )
    AND orders_2.status = 'completed'
  GROUP BY
    customers_2.region
)
SELECT
  share_total.region,
  COALESCE(share_part.revenue, 0) AS revenue,
  share_total.revenue AS revenue_total,
  CAST(COALESCE(share_part.revenue, 0) AS DOUBLE PRECISION) / NULLIF(share_total.revenue, 0) AS revenue_share,
  COALESCE(share_part.completed_orders, 0) AS completed_orders,
  share_total.completed_orders AS completed_orders_total,
  CAST(COALESCE(share_part.completed_orders, 0) AS DOUBLE PRECISION) / NULLIF(share_total.completed_orders, 0) AS completed_orders_share
FROM share_total
LEFT JOIN share_part
  ON share_total.region IS NOT DISTINCT FROM share_part.region
ORDER BY
  region
