WITH customer_metrics AS (
  SELECT
    customers.tier AS tier,
    COUNT(*) AS silent_customers
  FROM customers
  WHERE
    customers.status = 'active'
    AND NOT EXISTS(
      SELECT
        1
      FROM orders
      WHERE
        orders.customer_id = customers.customer_id
        AND (
          orders.status = 'completed'
          AND (
            orders.ordered_at >= CAST('2026-08-25' AS DATE)
            AND orders.ordered_at < CAST('2026-11-23' AS DATE)
          )
        )
    )
  GROUP BY
    customers.tier
), customer_metrics_2 AS (
  SELECT
    customers_2.tier AS tier,
    COUNT(*) AS active_customers
  FROM customers AS customers_2
  WHERE
    customers_2.status = 'active'
  GROUP BY
    customers_2.tier
), dimension_keys AS (
  SELECT
    tier
  FROM customer_metrics
  UNION
  SELECT
    tier
  FROM customer_metrics_2
)
SELECT
  dimension_keys.tier,
  COALESCE(customer_metrics.silent_customers, 0) AS silent_customers,
  COALESCE(customer_metrics_2.active_customers, 0) AS active_customers
FROM dimension_keys
LEFT JOIN customer_metrics
  ON dimension_keys.tier IS NOT DISTINCT FROM customer_metrics.tier
LEFT JOIN customer_metrics_2
  ON dimension_keys.tier IS NOT DISTINCT FROM customer_metrics_2.tier
ORDER BY
  tier
