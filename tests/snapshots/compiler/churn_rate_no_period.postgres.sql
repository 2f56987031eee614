WITH customer_metrics AS (
  SELECT
    customers.tier AS tier,
    COUNT(*) AS churned_customers
  FROM customers
  WHERE
    customers.status = 'churned'
  GROUP BY
    customers.tier
), customer_customers_at_period_start AS (
  SELECT
    customers_2.tier AS tier,
    COUNT(*) AS customers_at_period_start
  FROM customers AS customers_2
  GROUP BY
    customers_2.tier
), dimension_keys AS (
  SELECT
    tier
  FROM customer_metrics
  UNION
  SELECT
    tier
  FROM customer_customers_at_period_start
)
SELECT
  dimension_keys.tier,
  CAST(COALESCE(customer_metrics.churned_customers, 0) AS DOUBLE PRECISION) / NULLIF(COALESCE(customer_customers_at_period_start.customers_at_period_start, 0), 0) AS churn_rate
FROM dimension_keys
LEFT JOIN customer_metrics
  ON dimension_keys.tier IS NOT DISTINCT FROM customer_metrics.tier
LEFT JOIN customer_customers_at_period_start
  ON dimension_keys.tier IS NOT DISTINCT FROM customer_customers_at_period_start.tier
ORDER BY
  tier
