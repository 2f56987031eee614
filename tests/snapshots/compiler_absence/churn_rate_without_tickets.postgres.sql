WITH customer_metrics AS (
  SELECT
    COUNT(*) AS churned_customers
  FROM customers
  WHERE
    customers.status = 'churned'
    AND NOT EXISTS(
      SELECT
        1
      FROM tickets
      WHERE
        tickets.customer_id = customers.customer_id
    )
), customer_customers_at_period_start AS (
  SELECT
    COUNT(*) AS customers_at_period_start
  FROM customers AS customers_2
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM tickets AS tickets_2
      WHERE
        tickets_2.customer_id = customers_2.customer_id
    )
)
SELECT
  CAST(COALESCE(customer_metrics.churned_customers, 0) AS DOUBLE PRECISION) / NULLIF(COALESCE(customer_customers_at_period_start.customers_at_period_start, 0), 0) AS churn_rate
FROM customer_metrics
CROSS JOIN customer_customers_at_period_start
