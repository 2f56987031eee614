WITH ticket_metrics AS (
  SELECT
    customers.region AS region,
    COUNT(*) AS complaints
  FROM tickets
  LEFT JOIN customers
    ON tickets.customer_id = customers.customer_id
  WHERE
    (
      tickets.created_at >= CAST('2026-11-01' AS DATE)
      AND tickets.created_at < CAST('2026-11-23' AS DATE)
    )
    AND tickets.is_complaint
  GROUP BY
    customers.region
), customer_metrics AS (
  SELECT
    customers_2.region AS region,
    COUNT(*) AS churned_customers
  FROM customers AS customers_2
  WHERE
    (
      customers_2.churn_date >= CAST('2026-11-01' AS DATE)
      AND customers_2.churn_date < CAST('2026-11-23' AS DATE)
    )
    AND customers_2.status = 'churned'
  GROUP BY
    customers_2.region
), customer_customers_at_period_start AS (
  SELECT
    customers_3.region AS region,
    COUNT(*) AS customers_at_period_start
  FROM customers AS customers_3
  WHERE
    customers_3.signup_date < CAST('2026-11-01' AS DATE)
    AND (
      customers_3.churn_date IS NULL
      OR customers_3.churn_date >= CAST('2026-11-01' AS DATE)
    )
  GROUP BY
    customers_3.region
), dimension_keys AS (
  SELECT
    region
  FROM ticket_metrics
  UNION
  SELECT
    region
  FROM customer_metrics
  UNION
  SELECT
    region
  FROM customer_customers_at_period_start
), current_period AS (
  SELECT
    dimension_keys.region,
    COALESCE(ticket_metrics.complaints, 0) AS complaints,
    CAST(COALESCE(customer_metrics.churned_customers, 0) AS DOUBLE) / NULLIF(COALESCE(customer_customers_at_period_start.customers_at_period_start, 0), 0) AS churn_rate
  FROM dimension_keys
  LEFT JOIN ticket_metrics
    ON dimension_keys.region IS NOT DISTINCT FROM ticket_metrics.region
  LEFT JOIN customer_metrics
    ON dimension_keys.region IS NOT DISTINCT FROM customer_metrics.region
  LEFT JOIN customer_customers_at_period_start
    ON dimension_keys.region IS NOT DISTINCT FROM customer_customers_at_period_start.region
), ticket_metrics_2 AS (
  SELECT
    customers_4.region AS region,
    COUNT(*) AS complaints
  FROM tickets AS tickets_2
  LEFT JOIN customers AS customers_4
    ON tickets_2.customer_id = customers_4.customer_id
  WHERE
    (
      tickets_2.created_at >= CAST('2025-11-01' AS DATE)
      AND tickets_2.created_at < CAST('2025-11-23' AS DATE)
    )
    AND tickets_2.is_complaint
  GROUP BY
    customers_4.region
), customer_metrics_2 AS (
  SELECT
    customers_5.region AS region,
    COUNT(*) AS churned_customers
  FROM customers AS customers_5
  WHERE
    (
      customers_5.churn_date >= CAST('2025-11-01' AS DATE)
      AND customers_5.churn_date < CAST('2025-11-23' AS DATE)
    )
    AND customers_5.status = 'churned'
  GROUP BY
    customers_5.region
), customer_customers_at_period_start_2 AS (
  SELECT
    customers_6.region AS region,
    COUNT(*) AS customers_at_period_start
  FROM customers AS customers_6
  WHERE
    customers_6.signup_date < CAST('2025-11-01' AS DATE)
    AND (
      customers_6.churn_date IS NULL
      OR customers_6.churn_date >= CAST('2025-11-01' AS DATE)
    )
  GROUP BY
    customers_6.region
), dimension_keys_2 AS (
  SELECT
    region
  FROM ticket_metrics_2
  UNION
  SELECT
    region
  FROM customer_metrics_2
  UNION
  SELECT
    region
  FROM customer_customers_at_period_start_2
), previous_period AS (
  SELECT
    dimension_keys_2.region,
    COALESCE(ticket_metrics_2.complaints, 0) AS complaints,
    CAST(COALESCE(customer_metrics_2.churned_customers, 0) AS DOUBLE) / NULLIF(COALESCE(customer_customers_at_period_start_2.customers_at_period_start, 0), 0) AS churn_rate
  FROM dimension_keys_2
  LEFT JOIN ticket_metrics_2
    ON dimension_keys_2.region IS NOT DISTINCT FROM ticket_metrics_2.region
  LEFT JOIN customer_metrics_2
    ON dimension_keys_2.region IS NOT DISTINCT FROM customer_metrics_2.region
  LEFT JOIN customer_customers_at_period_start_2
    ON dimension_keys_2.region IS NOT DISTINCT FROM customer_customers_at_period_start_2.region
)
SELECT
  current_period.region,
  current_period.complaints AS complaints,
  previous_period.complaints AS complaints_previous,
  current_period.complaints - previous_period.complaints AS complaints_change,
  current_period.churn_rate AS churn_rate,
  previous_period.churn_rate AS churn_rate_previous,
  current_period.churn_rate - previous_period.churn_rate AS churn_rate_change
FROM current_period
LEFT JOIN previous_period
  ON current_period.region IS NOT DISTINCT FROM previous_period.region
ORDER BY
  region
