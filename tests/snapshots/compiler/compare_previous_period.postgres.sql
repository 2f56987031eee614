WITH current_period AS (
  SELECT
    orders.category AS category,
    SUM(orders.amount) AS revenue,
    CAST(SUM(orders.amount) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0) AS average_order_value
  FROM orders
  WHERE
    (
      orders.ordered_at >= CAST('2026-07-01' AS DATE)
      AND orders.ordered_at < CAST('2026-10-01' AS DATE)
    )
    AND orders.status = 'completed'
  GROUP BY
    orders.category
), previous_period AS (
  SELECT
    orders_2.category AS category,
    SUM(orders_2.amount) AS revenue,
    CAST(SUM(orders_2.amount) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0) AS average_order_value
  FROM orders AS orders_2
  WHERE
    (
      orders_2.ordered_at >= CAST('2026-04-01' AS DATE)
      AND orders_2.ordered_at < CAST('2026-07-01' AS DATE)
    )
    AND orders_2.status = 'completed'
  GROUP BY
    orders_2.category
)
SELECT
  current_period.category,
  current_period.revenue AS revenue,
  previous_period.revenue AS revenue_previous,
  current_period.revenue - previous_period.revenue AS revenue_change,
  current_period.average_order_value AS average_order_value,
  previous_period.average_order_value AS average_order_value_previous,
  current_period.average_order_value - previous_period.average_order_value AS average_order_value_change
FROM current_period
LEFT JOIN previous_period
  ON current_period.category IS NOT DISTINCT FROM previous_period.category
ORDER BY
  category
